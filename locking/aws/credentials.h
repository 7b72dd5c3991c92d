#pragma once
// Where AWS credentials, region and the DynamoDB endpoint come from. The environment is an
// injected function so tests never read (or depend on) the real process environment.
//
// Chain, first match wins (the order of the AWS SDKs):
//   1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
//   2. profile (AWS_PROFILE, default "default") in the shared credentials file
//      (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials) or the config file
//      (AWS_CONFIG_FILE, default ~/.aws/config); static keys only
//   3. container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (against http://169.254.170.2) or
//      AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]
//   4. EC2 instance metadata, IMDSv2 only (PUT token, GET role, GET credentials); skipped when
//      AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the address.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "locking/aws/http.h"
#include "locking/aws/sigv4.h"
#include "protocol/pg_error.h"

namespace litewire::locking::aws {

// Returns the value of an environment variable, or nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// The real process environment (getenv). Thread-safe as long as nobody calls setenv.
EnvLookup process_env();

// A source of credentials. get() may block on the network (container / IMDS); call it from a
// thread that may block. Implementations are thread-safe.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual protocol::Result<Credentials> get() = 0;
  // The service said the credentials expired (ExpiredTokenException) although get() still
  // considered them good (revoked early, or a skewed clock): the next get() fetches fresh ones.
  virtual void invalidate() {}
};

// Fixed credentials (tests, or keys given on the command line).
std::shared_ptr<CredentialsProvider> make_static_credentials(Credentials c);

// The chain above. Temporary credentials are cached and refreshed kRefreshBefore ahead of their
// Expiration (a wall-clock instant issued by AWS; the only wall-clock comparison in locking/,
// and it decides nothing about the lease). `transport` defaults to an HttpClient.
std::shared_ptr<CredentialsProvider> make_default_credentials_chain(
    EnvLookup env, std::shared_ptr<HttpTransport> transport = nullptr,
    std::function<std::chrono::system_clock::time_point()> wall_now = nullptr);

inline constexpr std::chrono::minutes kRefreshBefore{5};

// The individual links, public for tests. nullopt = "this source is not configured, try the
// next"; an error = "configured but broken" (the chain stops there with that message).
std::optional<Credentials> credentials_from_env(const EnvLookup& env);
protocol::Result<std::optional<Credentials>> credentials_from_profile(const EnvLookup& env);
protocol::Result<std::optional<Credentials>> credentials_from_container(const EnvLookup& env,
                                                                        HttpTransport& http);
protocol::Result<std::optional<Credentials>> credentials_from_imds(const EnvLookup& env,
                                                                   HttpTransport& http);

// Region: AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`; empty when none.
std::string resolve_region(const EnvLookup& env);
// AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL, else https://dynamodb.<region>.amazonaws.com
// (empty when no region either).
std::string resolve_dynamodb_endpoint(const EnvLookup& env, std::string_view region);

// "2024-05-01T12:34:56Z" (fractional seconds and offsets "+00:00" accepted) -> instant.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s);

}  // namespace litewire::locking::aws
