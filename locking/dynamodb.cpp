#include "locking/dynamodb.h"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <thread>

#include "locking/log.h"

namespace litewire::locking {

using protocol::PgError;
using protocol::Result;
namespace sqlstate = protocol::sqlstate;
namespace json = boost::json;

void throw_exception_from_error(const DynamoError& e, const boost::source_location&) {
  throw std::logic_error("value() on a failed DynamoDB result: " + e.message);
}

PgError DynamoError::to_pg_error(std::string_view context) const {
  std::string msg = std::string(context) + ": " + message;
  switch (kind) {
    case DynamoErrorKind::kThrottled:
    case DynamoErrorKind::kServerError:
    case DynamoErrorKind::kTimeout:
    case DynamoErrorKind::kConditionalCheckFailed:
      return PgError(sqlstate::kLockNotAvailable, std::move(msg));
    case DynamoErrorKind::kTableNotFound:
      return PgError(sqlstate::kUndefinedTable, std::move(msg))
          .with_hint("create it with: litewire dynamodb create-table --dynamodb-table NAME");
    case DynamoErrorKind::kBadCredentials:
      return PgError(sqlstate::kInvalidAuthorizationSpecification, std::move(msg));
    case DynamoErrorKind::kAccessDenied:
      return PgError(sqlstate::kInsufficientPrivilege, std::move(msg));
    case DynamoErrorKind::kUnreachable:
      return PgError(sqlstate::kConnectionFailure, std::move(msg));
    case DynamoErrorKind::kValidation:
    case DynamoErrorKind::kTableInUse:
    case DynamoErrorKind::kOther:
      break;
  }
  return PgError(sqlstate::kSystemError, std::move(msg));
}

DynamoError classify_dynamo_error(long status, std::string_view body) {
  std::string type, text;
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    const auto& o = v.as_object();
    if (auto t = o.if_contains("__type"); t && t->is_string()) type = std::string(t->as_string());
    for (const char* k : {"message", "Message"}) {
      if (auto m = o.if_contains(k); m && m->is_string()) text = std::string(m->as_string());
    }
  }
  // "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" -> the part after '#'.
  if (auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
  std::string detail = type.empty() ? "HTTP " + std::to_string(status) : type;
  if (!text.empty()) detail += ": " + text;

  auto is = [&type](std::string_view t) { return type == t; };
  DynamoError e;
  e.type = type;
  if (is("ConditionalCheckFailedException")) {
    e.kind = DynamoErrorKind::kConditionalCheckFailed;
    e.message = "condition not met (" + detail + ")";
  } else if (is("ProvisionedThroughputExceededException") || is("ThrottlingException") ||
             is("RequestLimitExceeded") || is("LimitExceededException") ||
             is("TransactionInProgressException")) {
    e.kind = DynamoErrorKind::kThrottled;
    e.message = "DynamoDB throttled the request (" + detail + ")";
  } else if (is("ResourceNotFoundException")) {
    e.kind = DynamoErrorKind::kTableNotFound;
    e.message = "DynamoDB table does not exist (" + detail + ")";
  } else if (is("ResourceInUseException")) {
    e.kind = DynamoErrorKind::kTableInUse;
    e.message = "DynamoDB table already exists or is being changed (" + detail + ")";
  } else if (is("UnrecognizedClientException") || is("InvalidSignatureException") ||
             is("ExpiredTokenException") || is("ExpiredToken") ||
             is("MissingAuthenticationTokenException") || is("IncompleteSignatureException") ||
             is("InvalidClientTokenId") || is("SignatureDoesNotMatch")) {
    e.kind = DynamoErrorKind::kBadCredentials;
    e.message = "DynamoDB rejected the AWS credentials (" + detail + ")";
  } else if (is("AccessDeniedException")) {
    e.kind = DynamoErrorKind::kAccessDenied;
    e.message = "DynamoDB denied access (" + detail + ")";
  } else if (is("ValidationException") || is("SerializationException")) {
    e.kind = DynamoErrorKind::kValidation;
    e.message = "DynamoDB rejected the request as invalid (" + detail + ")";
  } else if (status >= 500 || is("InternalServerError") || is("ServiceUnavailable")) {
    e.kind = DynamoErrorKind::kServerError;
    e.message = "DynamoDB server error (" + detail + ")";
  } else {
    e.kind = DynamoErrorKind::kOther;
    e.message = "DynamoDB request failed (" + detail + ")";
  }
  return e;
}

std::chrono::milliseconds full_jitter_backoff(int attempt, std::chrono::milliseconds base,
                                              std::chrono::milliseconds cap, uint64_t random) {
  // "Exponential Backoff And Jitter" (AWS Architecture Blog): sleep = random(0, min(cap,
  // base * 2^attempt)). Full jitter spreads contenders out better than equal or no jitter.
  int64_t ceiling = base.count();
  for (int i = 0; i < attempt && ceiling < cap.count(); ++i) ceiling *= 2;
  ceiling = std::min<int64_t>(ceiling, cap.count());
  if (ceiling <= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<int64_t>(random % static_cast<uint64_t>(ceiling + 1)));
}

Result<DynamoDbSettings> dynamodb_settings_from_env(const aws::EnvLookup& env) {
  DynamoDbSettings s;
  std::string region = aws::resolve_region(env);
  s.endpoint = aws::resolve_dynamodb_endpoint(env, region);
  if (s.endpoint.empty()) {
    return PgError(sqlstate::kInvalidParameterValue, "no AWS region configured for DynamoDB")
        .with_hint("set AWS_REGION, or AWS_ENDPOINT_URL_DYNAMODB for a local DynamoDB");
  }
  // An endpoint override (dynalite, DynamoDB Local) still needs some region to sign with.
  s.region = region.empty() ? "us-east-1" : region;
  s.credentials = aws::make_default_credentials_chain(env);
  return s;
}

DynamoDbClient::DynamoDbClient(DynamoDbSettings settings,
                               std::unique_ptr<aws::HttpTransport> transport, ClientHooks hooks)
    : settings_(std::move(settings)), transport_(std::move(transport)), hooks_(std::move(hooks)) {
  if (!transport_) transport_ = std::make_unique<aws::HttpClient>();
  if (!hooks_.now) hooks_.now = [] { return SteadyClock::now(); };
  if (!hooks_.wall_now) hooks_.wall_now = [] { return std::chrono::system_clock::now(); };
  if (!hooks_.sleep) hooks_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (!hooks_.random) {
    hooks_.random = [rng = std::make_shared<std::mt19937_64>(std::random_device{}())] {
      return (*rng)();
    };
  }
  url_ok_ = aws::split_url(settings_.endpoint, url_);
}

DynamoResult<json::object> DynamoDbClient::attempt(std::string_view operation,
                                                   const std::string& body,
                                                   std::chrono::milliseconds timeout) {
  if (!settings_.credentials) {
    return DynamoError{DynamoErrorKind::kBadCredentials, "", "no AWS credentials provider"};
  }
  auto creds = settings_.credentials->get();
  if (!creds) {
    return DynamoError{DynamoErrorKind::kBadCredentials, "", creds.error().message};
  }
  aws::SigningRequest sr;
  sr.method = "POST";
  sr.path = url_.path;
  sr.headers = {{"host", url_.host},
                {"content-type", "application/x-amz-json-1.0"},
                {"x-amz-target", "DynamoDB_20120810." + std::string(operation)}};
  sr.payload = body;
  auto signed_headers = aws::sign_v4(sr, *creds, {settings_.region, "dynamodb"}, hooks_.wall_now());

  aws::HttpRequest req;
  req.method = "POST";
  req.url = settings_.endpoint;
  req.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                 {"X-Amz-Target", "DynamoDB_20120810." + std::string(operation)},
                 {"X-Amz-Date", signed_headers.amz_date},
                 {"Authorization", signed_headers.authorization}};
  if (!signed_headers.security_token.empty()) {
    req.headers.emplace_back("X-Amz-Security-Token", signed_headers.security_token);
  }
  req.body = body;
  req.timeout = timeout;
  req.connect_timeout = std::min(settings_.connect_timeout, timeout);
  auto resp = transport_->send(req);
  if (!resp) {
    const auto& te = resp.error();
    switch (te.kind) {
      case aws::TransportErrorKind::kTimeout:
        return DynamoError{DynamoErrorKind::kTimeout, "timeout",
                           "no answer from DynamoDB endpoint " + settings_.endpoint + " (" +
                               te.message + ")"};
      case aws::TransportErrorKind::kResolve:
      case aws::TransportErrorKind::kConnect:
      case aws::TransportErrorKind::kTls:
        return DynamoError{DynamoErrorKind::kUnreachable, "unreachable",
                           "DynamoDB endpoint " + settings_.endpoint + " unreachable (" +
                               te.message + ")"};
      case aws::TransportErrorKind::kOther:
        break;
    }
    // Resets and truncated answers: a 5xx in all but name.
    return DynamoError{DynamoErrorKind::kServerError, "transport",
                       "DynamoDB endpoint " + settings_.endpoint + " failed (" + te.message + ")"};
  }
  if (resp->status != 200) return classify_dynamo_error(resp->status, resp->body);
  boost::system::error_code ec;
  auto v = json::parse(resp->body, ec);
  if (ec || !v.is_object()) {
    return DynamoError{DynamoErrorKind::kServerError, "invalid response",
                       "DynamoDB answered with a body that is not a JSON object"};
  }
  return std::move(v.as_object());
}

DynamoResult<json::object> DynamoDbClient::call(std::string_view operation,
                                                const json::object& request,
                                                SteadyClock::time_point deadline) {
  if (!url_ok_) {
    return DynamoError{DynamoErrorKind::kUnreachable, "bad endpoint",
                       "invalid DynamoDB endpoint URL \"" + settings_.endpoint + "\""};
  }
  const std::string body = json::serialize(request);
  last_attempts_ = 0;
  bool refreshed_credentials = false;
  for (int n = 0;; ++n) {
    auto now = hooks_.now();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (left.count() <= 0 && n > 0) {
      return DynamoError{DynamoErrorKind::kTimeout, "deadline",
                         "DynamoDB " + std::string(operation) + " did not succeed before the deadline"};
    }
    // A last attempt at (or past) the deadline still gets a usable timeout; the deadline bounds
    // the retries, not the life of a request already on the wire.
    auto floor = std::min(std::chrono::milliseconds(100), settings_.request_timeout);
    auto timeout = std::clamp(left, floor, settings_.request_timeout);
    ++last_attempts_;
    auto r = attempt(operation, body, timeout);
    if (!r && !refreshed_credentials && settings_.credentials &&
        (r.error().type == "ExpiredTokenException" || r.error().type == "ExpiredToken")) {
      // Temporary credentials expired sooner than their Expiration said: fetch fresh ones and
      // try once more at once; a second refusal is reported as it is.
      refreshed_credentials = true;
      settings_.credentials->invalidate();
      logger()->warn("DynamoDB {}: AWS credentials expired; fetching fresh ones", operation);
      --n;
      continue;
    }
    if (r || !r.error().retryable()) return r;
    auto pause = full_jitter_backoff(n, settings_.backoff_base, settings_.backoff_cap, hooks_.random());
    if (hooks_.now() + pause >= deadline) {
      DynamoError e = r.error();
      e.message += " and kept failing until the deadline after " + std::to_string(last_attempts_) +
                   " attempts";
      return e;
    }
    logger()->debug("DynamoDB {} attempt {} failed ({}), retrying in {} ms", operation,
                    last_attempts_, r.error().message, pause.count());
    hooks_.sleep(pause);
  }
}

Result<void> create_table(DynamoDbClient& client, std::string_view table,
                          SteadyClock::time_point deadline, std::chrono::milliseconds poll) {
  const std::string context = "could not create DynamoDB table \"" + std::string(table) + "\"";
  json::object req{
      {"TableName", table},
      {"AttributeDefinitions", json::array{json::object{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"KeySchema", json::array{json::object{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
      {"BillingMode", "PAY_PER_REQUEST"},
  };
  auto created = client.call("CreateTable", req, deadline);
  if (!created && created.error().kind != DynamoErrorKind::kTableInUse) {
    return created.error().to_pg_error(context);
  }
  if (!created) logger()->info("DynamoDB table {} already exists", table);
  for (;;) {
    auto d = client.call("DescribeTable", json::object{{"TableName", table}}, deadline);
    if (!d) return d.error().to_pg_error(context);
    const json::value* status = nullptr;
    if (auto t = d->if_contains("Table"); t && t->is_object()) {
      status = t->as_object().if_contains("TableStatus");
    }
    if (status && status->is_string() && status->as_string() == "ACTIVE") {
      // An existing table must have our key, or every lease call would fail as "invalid".
      const auto& t = d->at("Table").as_object();
      bool key_ok = false;
      if (auto ks = t.if_contains("KeySchema"); ks && ks->is_array() && ks->as_array().size() == 1) {
        const auto& k = ks->as_array()[0];
        key_ok = k.is_object() && k.as_object().if_contains("AttributeName") &&
                 k.as_object().at("AttributeName") == "pk";
      }
      if (!key_ok) {
        return PgError(sqlstate::kInvalidParameterValue,
                       context + ": the existing table's key is not a single hash key \"pk\"");
      }
      return {};
    }
    if (SteadyClock::now() + poll >= deadline) {
      return PgError(sqlstate::kLockNotAvailable,
                     context + ": the table did not become ACTIVE before the deadline");
    }
    std::this_thread::sleep_for(poll);
  }
}

Result<void> create_table(const DynamoDbSettings& settings, std::string_view table,
                          std::chrono::milliseconds timeout) {
  if (table.empty()) {
    return PgError(sqlstate::kInvalidParameterValue, "no DynamoDB table name given")
        .with_hint("pass --dynamodb-table NAME or set LITEWIRE_DYNAMODB_TABLE");
  }
  DynamoDbClient client(settings);
  return create_table(client, table, SteadyClock::now() + timeout);
}

}  // namespace litewire::locking
