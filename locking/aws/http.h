#pragma once
// A small blocking HTTP/1.1 client over libcurl, for DynamoDB and the credential endpoints.
// One HttpClient keeps one CURL easy handle, so consecutive requests reuse the connection
// (keep-alive). An HttpClient is not thread-safe: use it from one thread at a time (the lease
// serializes its calls under its own mutex). Transport failures are values, never exceptions.

#include <boost/system/result.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "locking/aws/sigv4.h"

namespace litewire::locking::aws {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // "http://host:port/path?query"
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds timeout{3000};          // whole request
  std::chrono::milliseconds connect_timeout{1000};  // TCP (+TLS) connect only
  bool use_proxy = true;  // false for link-local metadata endpoints, which must go direct
};

struct HttpResponse {
  long status = 0;
  HeaderList headers;  // names as received
  std::string body;
  // First header with this name, case-insensitive; empty when absent.
  std::string header(std::string_view name) const;
};

enum class TransportErrorKind {
  kResolve,      // DNS failure
  kConnect,      // connection refused / unreachable
  kTimeout,      // connect or request timeout
  kTls,          // TLS handshake / certificate
  kOther,
};

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::kOther;
  std::string message;  // from libcurl, with the URL's host
};

// boost::system::result calls this when value() is used on an error: a bug at the call site.
[[noreturn]] void throw_exception_from_error(const TransportError& e,
                                            const boost::source_location& loc);

using HttpResult = boost::system::result<HttpResponse, TransportError>;

// The seam the DynamoDB client and credential providers talk through; tests substitute fakes.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResult send(const HttpRequest& request) = 0;
};

class HttpClient final : public HttpTransport {
 public:
  HttpClient();
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult send(const HttpRequest& request) override;

 private:
  void* curl_;  // CURL*, owned
};

// Splits "http://host:port/path?q" into the parts signing needs. Returns false when malformed.
struct UrlParts {
  std::string scheme;
  std::string host;  // with ":port" when the URL has one (the Host header value)
  std::string path;  // "/" when empty
  std::string query; // raw, without '?'
};
bool split_url(std::string_view url, UrlParts& out);

}  // namespace litewire::locking::aws
