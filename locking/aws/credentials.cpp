#include "locking/aws/credentials.h"

#include <boost/json.hpp>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

#include "locking/log.h"

namespace litewire::locking::aws {

using protocol::PgError;
using protocol::Result;
namespace sqlstate = protocol::sqlstate;

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

namespace {

std::string env_or(const EnvLookup& env, std::string_view name, std::string fallback = {}) {
  auto v = env(name);
  return v && !v->empty() ? *v : std::move(fallback);
}

PgError credential_error(std::string message) {
  return PgError(sqlstate::kInvalidAuthorizationSpecification, std::move(message));
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

// The AWS shared config format: "[section]" headers, "key = value" lines, '#' and ';' comments.
// Nested (indented) sub-sections such as s3 settings are not used here and are skipped.
std::optional<IniFile> read_ini(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  IniFile file;
  std::string line, section;
  while (std::getline(in, line)) {
    bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      section = trim(std::string_view(t).substr(1, t.size() - 2));
      file[section];
      continue;
    }
    if (indented) continue;
    auto eq = t.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    file[section][trim(std::string_view(t).substr(0, eq))] = trim(std::string_view(t).substr(eq + 1));
  }
  return file;
}

std::string home_path(const EnvLookup& env, const char* rel) {
  return env_or(env, "HOME") + rel;
}

std::string profile_name(const EnvLookup& env) { return env_or(env, "AWS_PROFILE", "default"); }

// The profile's section in the config file: "[default]" or "[profile NAME]".
const IniSection* config_section(const IniFile& config, const std::string& profile) {
  auto it = config.find(profile == "default" ? "default" : "profile " + profile);
  if (it == config.end() && profile == "default") it = config.find("profile default");
  return it == config.end() ? nullptr : &it->second;
}

std::optional<Credentials> keys_in(const IniSection& s) {
  auto id = s.find("aws_access_key_id");
  auto secret = s.find("aws_secret_access_key");
  if (id == s.end() || secret == s.end() || id->second.empty()) return std::nullopt;
  Credentials c{id->second, secret->second, "", {}};
  if (auto tok = s.find("aws_session_token"); tok != s.end()) c.session_token = tok->second;
  return c;
}

// Parses the JSON both the container endpoint and IMDS return.
Result<Credentials> parse_credentials_json(std::string_view body, std::string_view source) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) {
    return credential_error("invalid credentials response from " + std::string(source));
  }
  const auto& o = v.as_object();
  auto str = [&o](const char* k) -> std::string {
    auto p = o.if_contains(k);
    return p && p->is_string() ? std::string(p->as_string()) : std::string();
  };
  if (auto code = str("Code"); !code.empty() && code != "Success") {
    return credential_error("credentials from " + std::string(source) + " not available: " + code);
  }
  Credentials c{str("AccessKeyId"), str("SecretAccessKey"), str("Token"), {}};
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return credential_error("credentials response from " + std::string(source) +
                            " lacks AccessKeyId or SecretAccessKey");
  }
  if (auto exp = str("Expiration"); !exp.empty()) c.expiration = parse_iso8601(exp);
  return c;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s) {
  std::tm tm{};
  int y, mo, d, h, mi, sec;
  std::string str(s);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) {
    return std::nullopt;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::time_t t = timegm(&tm);
  // An explicit offset ("+02:00") after the seconds and optional fraction.
  size_t pos = 19;
  if (pos < str.size() && str[pos] == '.') {
    while (++pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
    }
  }
  if (pos + 6 <= str.size() && (str[pos] == '+' || str[pos] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d", &oh, &om) == 2) {
      long off = oh * 3600L + om * 60L;
      t += str[pos] == '+' ? -off : off;
    }
  }
  return std::chrono::system_clock::from_time_t(t);
}

std::optional<Credentials> credentials_from_env(const EnvLookup& env) {
  std::string id = env_or(env, "AWS_ACCESS_KEY_ID");
  std::string secret = env_or(env, "AWS_SECRET_ACCESS_KEY");
  if (id.empty() || secret.empty()) return std::nullopt;
  return Credentials{id, secret, env_or(env, "AWS_SESSION_TOKEN"), {}};
}

Result<std::optional<Credentials>> credentials_from_profile(const EnvLookup& env) {
  const std::string profile = profile_name(env);
  const bool explicit_profile = env("AWS_PROFILE").has_value();
  const std::string cred_path =
      env_or(env, "AWS_SHARED_CREDENTIALS_FILE", home_path(env, "/.aws/credentials"));
  const std::string config_path = env_or(env, "AWS_CONFIG_FILE", home_path(env, "/.aws/config"));
  bool found = false;
  if (auto file = read_ini(cred_path)) {
    if (auto it = file->find(profile); it != file->end()) {
      found = true;
      if (auto c = keys_in(it->second)) return std::optional<Credentials>(*c);
    }
  }
  if (auto file = read_ini(config_path)) {
    if (const IniSection* s = config_section(*file, profile)) {
      found = true;
      if (auto c = keys_in(*s)) return std::optional<Credentials>(*c);
      for (const char* k : {"role_arn", "sso_session", "sso_start_url", "credential_process",
                            "web_identity_token_file"}) {
        if (s->contains(k)) {
          return credential_error("AWS profile \"" + profile + "\" uses " + k +
                                  ", which litewire does not support")
              .with_hint("use static keys, environment variables, container or instance "
                         "credentials");
        }
      }
    }
  }
  if (explicit_profile && !found) {
    return credential_error("AWS profile \"" + profile + "\" not found in " + cred_path + " or " +
                            config_path);
  }
  return std::optional<Credentials>();
}

Result<std::optional<Credentials>> credentials_from_container(const EnvLookup& env,
                                                              HttpTransport& http) {
  HttpRequest req;
  req.use_proxy = false;
  req.timeout = std::chrono::milliseconds(2000);
  if (auto rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel && !rel->empty()) {
    req.url = "http://169.254.170.2" + *rel;
  } else if (auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI"); full && !full->empty()) {
    req.url = *full;
  } else {
    return std::optional<Credentials>();
  }
  std::string token = env_or(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (auto file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); file && !file->empty()) {
    // The file wins: EKS Pod Identity rotates it, so it is read on every refresh.
    std::ifstream in(*file);
    if (!in) return credential_error("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
    std::stringstream ss;
    ss << in.rdbuf();
    token = trim(ss.str());
  }
  if (!token.empty()) req.headers.emplace_back("Authorization", token);
  auto r = http.send(req);
  if (!r) {
    return credential_error("container credentials endpoint " + req.url +
                            " unreachable: " + r.error().message);
  }
  if (r->status != 200) {
    return credential_error("container credentials endpoint " + req.url + " answered HTTP " +
                            std::to_string(r->status));
  }
  LITEWIRE_TRY_ASSIGN(c, parse_credentials_json(r->body, "the container credentials endpoint"));
  return std::optional<Credentials>(std::move(c));
}

Result<std::optional<Credentials>> credentials_from_imds(const EnvLookup& env,
                                                         HttpTransport& http) {
  if (env_or(env, "AWS_EC2_METADATA_DISABLED") == "true") return std::optional<Credentials>();
  std::string base = env_or(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254");
  while (!base.empty() && base.back() == '/') base.pop_back();
  // Short timeouts: off EC2 the address is a black hole and startup must not hang on it.
  HttpRequest req;
  req.use_proxy = false;
  req.timeout = std::chrono::milliseconds(1000);
  req.connect_timeout = std::chrono::milliseconds(500);
  req.method = "PUT";
  req.url = base + "/latest/api/token";
  req.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto tok = http.send(req);
  if (!tok || tok->status != 200) return std::optional<Credentials>();  // not on EC2 (or IMDSv1)
  req.method = "GET";
  req.headers = {{"X-aws-ec2-metadata-token", trim(tok->body)}};
  req.url = base + "/latest/meta-data/iam/security-credentials/";
  auto role = http.send(req);
  if (!role || role->status != 200) {
    return credential_error("EC2 instance metadata has no IAM role for this instance");
  }
  std::string name = trim(role->body.substr(0, role->body.find('\n')));
  if (name.empty()) return credential_error("EC2 instance metadata has no IAM role for this instance");
  req.url += name;
  auto creds = http.send(req);
  if (!creds || creds->status != 200) {
    return credential_error("cannot read credentials of IAM role \"" + name +
                            "\" from EC2 instance metadata");
  }
  LITEWIRE_TRY_ASSIGN(c, parse_credentials_json(creds->body, "EC2 instance metadata"));
  return std::optional<Credentials>(std::move(c));
}

std::string resolve_region(const EnvLookup& env) {
  if (auto r = env_or(env, "AWS_REGION"); !r.empty()) return r;
  if (auto r = env_or(env, "AWS_DEFAULT_REGION"); !r.empty()) return r;
  const std::string config_path = env_or(env, "AWS_CONFIG_FILE", home_path(env, "/.aws/config"));
  if (auto file = read_ini(config_path)) {
    if (const IniSection* s = config_section(*file, profile_name(env))) {
      if (auto it = s->find("region"); it != s->end()) return it->second;
    }
  }
  return {};
}

std::string resolve_dynamodb_endpoint(const EnvLookup& env, std::string_view region) {
  if (auto e = env_or(env, "AWS_ENDPOINT_URL_DYNAMODB"); !e.empty()) return e;
  if (auto e = env_or(env, "AWS_ENDPOINT_URL"); !e.empty()) return e;
  if (region.empty()) return {};
  return "https://dynamodb." + std::string(region) + ".amazonaws.com";
}

namespace {

class StaticProvider final : public CredentialsProvider {
 public:
  explicit StaticProvider(Credentials c) : c_(std::move(c)) {}
  Result<Credentials> get() override { return c_; }

 private:
  Credentials c_;
};

class ChainProvider final : public CredentialsProvider {
 public:
  ChainProvider(EnvLookup env, std::shared_ptr<HttpTransport> http,
                std::function<std::chrono::system_clock::time_point()> wall_now)
      : env_(std::move(env)), http_(std::move(http)), wall_now_(std::move(wall_now)) {}

  void invalidate() override {
    std::lock_guard lock(mu_);
    cached_.reset();
  }

  Result<Credentials> get() override {
    std::lock_guard lock(mu_);
    auto now = wall_now_();
    if (cached_ && (!cached_->expiration || now < *cached_->expiration - kRefreshBefore)) {
      return *cached_;
    }
    auto fresh = resolve();
    if (fresh) {
      cached_ = *fresh;
      return *fresh;
    }
    // A failed refresh keeps the old credentials while they are still good.
    if (cached_ && cached_->expiration && now < *cached_->expiration) {
      logger()->warn("AWS credential refresh failed, using the cached ones: {}",
                     fresh.error().message);
      return *cached_;
    }
    return fresh.error();
  }

 private:
  Result<Credentials> resolve() {
    if (auto c = credentials_from_env(env_)) return *c;
    LITEWIRE_TRY_ASSIGN(p, credentials_from_profile(env_));
    if (p) return *p;
    LITEWIRE_TRY_ASSIGN(k, credentials_from_container(env_, *http_));
    if (k) return *k;
    LITEWIRE_TRY_ASSIGN(i, credentials_from_imds(env_, *http_));
    if (i) return *i;
    return credential_error("no AWS credentials found")
        .with_detail("tried the environment (AWS_ACCESS_KEY_ID), the shared credentials and "
                     "config files, container credentials and EC2 instance metadata");
  }

  std::mutex mu_;
  EnvLookup env_;
  std::shared_ptr<HttpTransport> http_;
  std::function<std::chrono::system_clock::time_point()> wall_now_;
  std::optional<Credentials> cached_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> make_static_credentials(Credentials c) {
  return std::make_shared<StaticProvider>(std::move(c));
}

std::shared_ptr<CredentialsProvider> make_default_credentials_chain(
    EnvLookup env, std::shared_ptr<HttpTransport> transport,
    std::function<std::chrono::system_clock::time_point()> wall_now) {
  if (!transport) transport = std::make_shared<HttpClient>();
  if (!wall_now) wall_now = [] { return std::chrono::system_clock::now(); };
  return std::make_shared<ChainProvider>(std::move(env), std::move(transport), std::move(wall_now));
}

}  // namespace litewire::locking::aws
