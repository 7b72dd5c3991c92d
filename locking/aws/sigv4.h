#pragma once
// AWS Signature Version 4 (header form) as a pure function: no clock, no I/O, no global state.
// Inputs are the request as it will be sent; the output is what to add to it. Safe to call from
// any thread. Rules: "Create a signed AWS API request" in the IAM user guide.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace litewire::locking::aws {

// An access key pair, optionally temporary. Temporary credentials carry a session token and an
// expiration instant as issued by AWS (wall clock; used only to decide when to refresh them).
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct SigningRequest {
  std::string method;  // "GET", "POST", ...
  // The decoded path ("/", "/example space/"). It is normalized (empty, "." and ".." segments
  // removed) and each segment percent-encoded for the canonical request; send it the same way.
  std::string path = "/";
  // Decoded query parameters, in any order, repeats allowed.
  std::vector<std::pair<std::string, std::string>> query;
  // Headers to sign, as sent (any case, untrimmed); must include "host". The signer adds
  // x-amz-date and, for temporary credentials, x-amz-security-token.
  HeaderList headers;
  std::string_view payload;
};

struct SigningScope {
  std::string region;   // "us-east-1"
  std::string service;  // "dynamodb"
};

struct SignedHeaders {
  std::string authorization;   // value of the Authorization header
  std::string amz_date;        // value of X-Amz-Date ("20150830T123600Z")
  std::string security_token;  // value of X-Amz-Security-Token; empty when none
  // The intermediate strings, exposed so tests can say which step is wrong.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_header_names;  // "host;x-amz-date"
  std::string signature;            // lower-case hex
};

SignedHeaders sign_v4(const SigningRequest& request, const Credentials& credentials,
                      const SigningScope& scope, std::chrono::system_clock::time_point when);

// Building blocks, public for the tests.
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string hex_encode(std::string_view bytes);
// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters (A-Z a-z 0-9 - _ . ~) stay,
// everything else becomes %XX with upper-case hex; '/' stays when keep_slash.
std::string uri_encode(std::string_view s, bool keep_slash);
std::string canonical_uri(std::string_view decoded_path);
std::string canonical_query(std::vector<std::pair<std::string, std::string>> query);
// The signing key for a scope: HMAC chain "AWS4"+secret -> date -> region -> service ->
// "aws4_request". Raw 32 bytes.
std::string signing_key(std::string_view secret, std::string_view yyyymmdd,
                        std::string_view region, std::string_view service);
// "20150830T123600Z" for a UTC instant.
std::string amz_date(std::chrono::system_clock::time_point when);

}  // namespace litewire::locking::aws
