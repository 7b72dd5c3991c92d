#pragma once
// A DynamoDB client for exactly what the lease needs: the JSON 1.0 protocol (POST /,
// X-Amz-Target: DynamoDB_20120810.<Op>, Content-Type application/x-amz-json-1.0) with SigV4,
// and Boost.JSON bodies. Throttling and 5xx answers are retried with full-jitter exponential
// backoff until the caller's deadline; every other failure returns at once, classified.
//
// Threads: a DynamoDbClient is NOT thread-safe (one HTTP connection, reused); the owner
// serializes calls. Clock, sleep and randomness are injected so retry timing is testable.

#include <boost/json.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "locking/aws/credentials.h"
#include "locking/aws/http.h"
#include "protocol/pg_error.h"

namespace litewire::locking {

using SteadyClock = std::chrono::steady_clock;

enum class DynamoErrorKind {
  kConditionalCheckFailed,  // the condition expression was false: an outcome, not a failure
  kThrottled,               // throughput / request limits (retried until the deadline)
  kServerError,             // HTTP 5xx (retried until the deadline)
  kTimeout,                 // no answer within the request timeout (retried until the deadline)
  kTableNotFound,           // ResourceNotFoundException
  kTableInUse,              // ResourceInUseException (CreateTable of an existing table)
  kBadCredentials,          // unrecognized key, bad signature, expired token, no credentials
  kAccessDenied,            // valid credentials without permission
  kValidation,              // ValidationException / SerializationException: a bug or bad config
  kUnreachable,             // connection refused, DNS failure, TLS failure
  kOther,
};

struct DynamoError {
  DynamoErrorKind kind = DynamoErrorKind::kOther;
  std::string type;     // DynamoDB's __type after '#', or the transport error
  std::string message;  // a sentence for operators that names the cause
  bool retryable() const {
    return kind == DynamoErrorKind::kThrottled || kind == DynamoErrorKind::kServerError ||
           kind == DynamoErrorKind::kTimeout;
  }
  // As a PgError: 55P03 for retryable kinds (busy-ish), otherwise a code that says which
  // (28000 credentials, 42P01 missing table, 08006 unreachable, XX000 other).
  protocol::PgError to_pg_error(std::string_view context) const;
};

[[noreturn]] void throw_exception_from_error(const DynamoError& e,
                                            const boost::source_location& loc);

template <class T>
using DynamoResult = boost::system::result<T, DynamoError>;

// Classifies an HTTP answer of DynamoDB (status + JSON body with __type and message).
DynamoError classify_dynamo_error(long status, std::string_view body);

struct DynamoDbSettings {
  std::string endpoint;  // "https://dynamodb.us-east-1.amazonaws.com" or "http://127.0.0.1:8000"
  std::string region = "us-east-1";
  std::shared_ptr<aws::CredentialsProvider> credentials;
  std::chrono::milliseconds request_timeout{2000};
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds backoff_base{25};
  std::chrono::milliseconds backoff_cap{1000};
};

// Settings from the environment: region (resolve_region, "us-east-1" when only an endpoint
// override is set), endpoint (resolve_dynamodb_endpoint) and the default credential chain.
// Fails with 22023 when neither a region nor an endpoint is configured.
protocol::Result<DynamoDbSettings> dynamodb_settings_from_env(const aws::EnvLookup& env);

struct ClientHooks {
  std::function<SteadyClock::time_point()> now;                     // default steady_clock
  std::function<std::chrono::system_clock::time_point()> wall_now;  // signing time only
  std::function<void(std::chrono::milliseconds)> sleep;             // default sleep_for
  std::function<uint64_t()> random;                                 // default random_device
};

// Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^attempt)].
std::chrono::milliseconds full_jitter_backoff(int attempt, std::chrono::milliseconds base,
                                              std::chrono::milliseconds cap, uint64_t random);

class DynamoDbClient {
 public:
  // `transport` defaults to an aws::HttpClient.
  DynamoDbClient(DynamoDbSettings settings, std::unique_ptr<aws::HttpTransport> transport = nullptr,
                 ClientHooks hooks = {});

  // One operation ("GetItem", "UpdateItem", ...) with retries until `deadline`. Returns the
  // response object; errors as classified values.
  DynamoResult<boost::json::object> call(std::string_view operation,
                                         const boost::json::object& request,
                                         SteadyClock::time_point deadline);

  const DynamoDbSettings& settings() const { return settings_; }
  int attempts_of_last_call() const { return last_attempts_; }

 private:
  DynamoResult<boost::json::object> attempt(std::string_view operation, const std::string& body,
                                            std::chrono::milliseconds timeout);

  DynamoDbSettings settings_;
  std::unique_ptr<aws::HttpTransport> transport_;
  ClientHooks hooks_;
  aws::UrlParts url_;
  bool url_ok_ = false;
  int last_attempts_ = 0;
};

// CreateTable (pk: S, HASH, PAY_PER_REQUEST), then DescribeTable every `poll` until ACTIVE or
// the deadline. An existing table is success (idempotent) once it is ACTIVE. Errors name the
// cause. For `litewire dynamodb create-table`.
protocol::Result<void> create_table(DynamoDbClient& client, std::string_view table,
                                    SteadyClock::time_point deadline,
                                    std::chrono::milliseconds poll = std::chrono::milliseconds(200));
protocol::Result<void> create_table(const DynamoDbSettings& settings, std::string_view table,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace litewire::locking
