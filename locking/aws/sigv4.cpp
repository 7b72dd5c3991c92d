#include "locking/aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <stdexcept>

namespace litewire::locking::aws {

std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(sha256) failed");  // OpenSSL out of memory: a bug-level fault
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len) == nullptr) {
    throw std::runtime_error("HMAC(sha256) failed");
  }
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string uri_encode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

std::string canonical_uri(std::string_view path) {
  // Services other than S3 normalize the path (RFC 3986 section 5.2.4): empty and "." segments
  // vanish, ".." removes its parent. The suite's get-slashes / get-relative vectors rely on it.
  std::vector<std::string_view> segments;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = "/";
  for (size_t k = 0; k < segments.size(); ++k) {
    if (k) out.push_back('/');
    out += uri_encode(segments[k], false);
  }
  bool trailing = path.size() > 1 && path.back() == '/';
  if (trailing && !segments.empty()) out.push_back('/');
  return out;
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> query) {
  // Sorted by encoded name, then encoded value, by byte value (not locale).
  for (auto& [k, v] : query) {
    k = uri_encode(k, false);
    v = uri_encode(v, false);
  }
  std::sort(query.begin(), query.end());
  std::string out;
  for (const auto& [k, v] : query) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  }
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string signing_key(std::string_view secret, std::string_view yyyymmdd,
                        std::string_view region, std::string_view service) {
  std::string k = hmac_sha256(std::string("AWS4").append(secret), yyyymmdd);
  k = hmac_sha256(k, region);
  k = hmac_sha256(k, service);
  return hmac_sha256(k, "aws4_request");
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Trim both ends and collapse inner runs of spaces to one (the get-header-value-trim vector:
// '"a   b   c"' canonicalizes to '"a b c"', quotes or not).
std::string trim_value(std::string_view v) {
  std::string out;
  bool pending_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

SignedHeaders sign_v4(const SigningRequest& request, const Credentials& credentials,
                      const SigningScope& scope, std::chrono::system_clock::time_point when) {
  SignedHeaders out;
  out.amz_date = amz_date(when);
  const std::string date = out.amz_date.substr(0, 8);

  // Repeated names join their values with ',' in the order given (get-header-value-order).
  std::map<std::string, std::string> canon;
  auto add = [&canon](std::string_view name, std::string_view value) {
    std::string key = lower(name);
    auto [it, inserted] = canon.try_emplace(key, trim_value(value));
    if (!inserted) it->second += "," + trim_value(value);
  };
  for (const auto& [name, value] : request.headers) {
    std::string key = lower(name);
    if (key == "x-amz-date" || key == "authorization" || key == "x-amz-security-token") continue;
    add(name, value);
  }
  add("x-amz-date", out.amz_date);
  if (!credentials.session_token.empty()) {
    out.security_token = credentials.session_token;
    add("x-amz-security-token", credentials.session_token);
  }

  std::string canonical_headers;
  for (const auto& [name, value] : canon) {
    canonical_headers += name + ":" + value + "\n";
    if (!out.signed_header_names.empty()) out.signed_header_names.push_back(';');
    out.signed_header_names += name;
  }

  out.canonical_request = request.method + "\n" + canonical_uri(request.path) + "\n" +
                          canonical_query(request.query) + "\n" + canonical_headers + "\n" +
                          out.signed_header_names + "\n" + sha256_hex(request.payload);

  const std::string credential_scope =
      date + "/" + scope.region + "/" + scope.service + "/aws4_request";
  out.string_to_sign = "AWS4-HMAC-SHA256\n" + out.amz_date + "\n" + credential_scope + "\n" +
                       sha256_hex(out.canonical_request);
  out.signature = hex_encode(hmac_sha256(
      signing_key(credentials.secret_access_key, date, scope.region, scope.service),
      out.string_to_sign));
  out.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
                      credential_scope + ", SignedHeaders=" + out.signed_header_names +
                      ", Signature=" + out.signature;
  return out;
}

}  // namespace litewire::locking::aws
