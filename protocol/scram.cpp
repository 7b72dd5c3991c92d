// SCRAM-SHA-256 and MD5 password authentication on OpenSSL's libcrypto.

#include "protocol/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <stdexcept>

namespace litewire::protocol {

namespace {

using Key = std::array<uint8_t, 32>;

Key hmac(const Key& key, std::string_view data) {
  Key out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return out;
}

Key sha256(const Key& in) {
  Key out{};
  SHA256(in.data(), in.size(), out.data());
  return out;
}

Key salted_password(std::string_view password, std::string_view salt, int iterations) {
  Key out{};
  std::string prepared = saslprep(password);
  PKCS5_PBKDF2_HMAC(prepared.data(), static_cast<int>(prepared.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(),
                    static_cast<int>(out.size()), out.data());
  return out;
}

std::string_view as_view(const Key& k) {
  return {reinterpret_cast<const char*>(k.data()), k.size()};
}

std::string random_bytes(size_t n) {
  std::string b(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(b.data()), static_cast<int>(n)) != 1) {
    // Exhaustion of the system's randomness is not an input error.
    throw std::runtime_error("RAND_bytes failed");
  }
  return b;
}

PgError malformed(std::string detail) {
  return protocol_violation("malformed SCRAM message").with_detail(std::move(detail));
}

// Reads "x=value" at the front of `s` (up to the next ',').
bool take_attr(std::string_view& s, char name, std::string_view& value) {
  if (s.size() < 2 || s[0] != name || s[1] != '=') return false;
  size_t comma = s.find(',');
  value = s.substr(2, comma == std::string_view::npos ? std::string_view::npos : comma - 2);
  s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
  return true;
}

// Decodes one UTF-8 sequence; false when invalid.
bool next_cp(std::string_view s, size_t& i, uint32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return false;
  cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return false;
    cp = (cp << 6) | (cc & 0x3f);
  }
  i += n;
  return true;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  out.clear();
  if (text.size() % 4 != 0) return false;
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return false;
      v[k] = val(c);
      if (v[k] < 0) return false;
    }
    uint32_t w = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>(w >> 16));
    if (pad < 2) out.push_back(static_cast<char>(w >> 8));
    if (pad < 1) out.push_back(static_cast<char>(w));
  }
  return true;
}

std::string saslprep(std::string_view password) {
  std::string out;
  for (size_t i = 0; i < password.size();) {
    uint32_t cp;
    size_t start = i;
    if (!next_cp(password, i, cp)) return std::string(password);  // not UTF-8: used as is
    // RFC 3454 C.1.2 non-ASCII spaces map to SPACE.
    if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f ||
        cp == 0x205f || cp == 0x3000) {
      out.push_back(' ');
      continue;
    }
    // RFC 3454 B.1 "commonly mapped to nothing".
    if (cp == 0xad || cp == 0x34f || cp == 0x1806 || (cp >= 0x180b && cp <= 0x180d) ||
        (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
        cp == 0xfeff) {
      continue;
    }
    // Prohibited output (controls): PostgreSQL then falls back to the raw password.
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return std::string(password);
    out.append(password.substr(start, i - start));
  }
  return out;
}

Result<ScramVerifier> ScramVerifier::parse(std::string_view text) {
  auto bad = [] {
    return PgError(sqlstate::kInvalidPassword, "invalid SCRAM secret");
  };
  constexpr std::string_view kPrefix = "SCRAM-SHA-256$";
  if (text.substr(0, kPrefix.size()) != kPrefix) return bad();
  text.remove_prefix(kPrefix.size());
  size_t colon = text.find(':');
  size_t dollar = text.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || colon > dollar) {
    return bad();
  }
  ScramVerifier v;
  std::string_view iters = text.substr(0, colon);
  if (iters.empty() || iters.size() > 9) return bad();
  v.iterations = 0;
  for (char c : iters) {
    if (c < '0' || c > '9') return bad();
    v.iterations = v.iterations * 10 + (c - '0');
  }
  if (v.iterations < 1) return bad();
  if (!base64_decode(text.substr(colon + 1, dollar - colon - 1), v.salt) || v.salt.empty()) {
    return bad();
  }
  std::string_view keys = text.substr(dollar + 1);
  size_t kc = keys.find(':');
  if (kc == std::string_view::npos) return bad();
  std::string stored, server;
  if (!base64_decode(keys.substr(0, kc), stored) || !base64_decode(keys.substr(kc + 1), server) ||
      stored.size() != 32 || server.size() != 32) {
    return bad();
  }
  std::memcpy(v.stored_key.data(), stored.data(), 32);
  std::memcpy(v.server_key.data(), server.data(), 32);
  return v;
}

std::string ScramVerifier::to_string() const {
  return "SCRAM-SHA-256$" + std::to_string(iterations) + ":" + base64_encode(salt) + "$" +
         base64_encode(as_view(stored_key)) + ":" + base64_encode(as_view(server_key));
}

ScramVerifier make_scram_verifier(std::string_view password, std::string_view salt,
                                  int iterations) {
  ScramVerifier v;
  v.iterations = iterations;
  v.salt = std::string(salt);
  Key salted = salted_password(password, salt, iterations);
  v.stored_key = sha256(hmac(salted, "Client Key"));
  v.server_key = hmac(salted, "Server Key");
  return v;
}

ScramVerifier make_scram_verifier(std::string_view password, int iterations) {
  return make_scram_verifier(password, random_bytes(16), iterations);
}

bool scram_verify_password(const ScramVerifier& v, std::string_view password) {
  ScramVerifier computed = make_scram_verifier(password, v.salt, v.iterations);
  return CRYPTO_memcmp(computed.stored_key.data(), v.stored_key.data(), 32) == 0 &&
         CRYPTO_memcmp(computed.server_key.data(), v.server_key.data(), 32) == 0;
}

ScramServer::ScramServer(ScramVerifier verifier, std::string user, std::string server_nonce)
    : verifier_(std::move(verifier)), user_(std::move(user)), server_nonce_(std::move(server_nonce)) {
  if (server_nonce_.empty()) server_nonce_ = base64_encode(random_bytes(18));
}

ScramServer ScramServer::mock(std::string user) {
  ScramVerifier v;
  v.iterations = kScramDefaultIterations;
  v.salt = random_bytes(16);
  std::string k = random_bytes(32);
  std::memcpy(v.stored_key.data(), k.data(), 32);
  ScramServer s(std::move(v), std::move(user));
  s.mock_ = true;
  return s;
}

// client-first-message = gs2-header client-first-message-bare
// gs2-header = gs2-cbind-flag "," [ authzid ] ","
// client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
Result<std::string> ScramServer::client_first(std::string_view msg) {
  if (state_ != State::kInit) return malformed("Unexpected SCRAM client-first-message.");
  state_ = State::kFailed;
  std::string_view s = msg;
  if (s.empty()) return malformed("Attribute expected, but found end of string.");
  if (s[0] == 'p') {
    return protocol_violation("malformed SCRAM message")
        .with_detail("The client requested SCRAM channel binding, but this server does not offer "
                     "SCRAM-SHA-256-PLUS.");
  }
  if ((s[0] != 'n' && s[0] != 'y') || s.size() < 2 || s[1] != ',') {
    return malformed("Unexpected channel-binding flag \"" + std::string(s.substr(0, 1)) + "\".");
  }
  s.remove_prefix(2);
  if (!s.empty() && s[0] == 'a') {
    return PgError(sqlstate::kFeatureNotSupported,
                   "client uses authorization identity, but it is not supported");
  }
  if (s.empty() || s[0] != ',') return malformed("Comma expected, but found character \"" +
                                                 std::string(s.substr(0, 1)) + "\".");
  s.remove_prefix(1);
  gs2_header_ = std::string(msg.substr(0, msg.size() - s.size()));
  client_first_bare_ = std::string(s);
  if (!s.empty() && s[0] == 'm') {
    return PgError(sqlstate::kFeatureNotSupported,
                   "client requires an unsupported SCRAM extension");
  }
  std::string_view user, nonce;
  if (!take_attr(s, 'n', user)) return malformed("Attribute \"n\" expected.");
  if (!take_attr(s, 'r', nonce)) return malformed("Attribute \"r\" expected.");
  if (nonce.empty()) return malformed("Empty client nonce.");
  for (char c : nonce) {
    if (c < 0x21 || c > 0x7e || c == ',') return malformed("Invalid client nonce.");
  }
  client_nonce_ = std::string(nonce);
  server_first_ = "r=" + client_nonce_ + server_nonce_ + ",s=" + base64_encode(verifier_.salt) +
                  ",i=" + std::to_string(verifier_.iterations);
  state_ = State::kFirstSent;
  return server_first_;
}

// client-final-message = "c=" base64(gs2-header [cbind-data]) "," "r=" nonce
//                        ["," extensions] "," "p=" base64(ClientProof)
Result<std::string> ScramServer::client_final(std::string_view msg) {
  if (state_ != State::kFirstSent) return malformed("Unexpected SCRAM client-final-message.");
  state_ = State::kFailed;
  std::string_view s = msg;
  std::string_view cbind, nonce;
  if (!take_attr(s, 'c', cbind)) return malformed("Attribute \"c\" expected.");
  std::string decoded;
  if (!base64_decode(cbind, decoded)) return malformed("Invalid channel binding data.");
  if (decoded != gs2_header_) {
    return malformed("SCRAM channel binding check failed.");
  }
  if (!take_attr(s, 'r', nonce)) return malformed("Attribute \"r\" expected.");
  if (nonce != client_nonce_ + server_nonce_) {
    return malformed("Nonce does not match.");
  }
  size_t p = msg.rfind(",p=");
  if (p == std::string_view::npos) return malformed("Could not find proof in client-final-message.");
  std::string proof;
  if (!base64_decode(msg.substr(p + 3), proof) || proof.size() != 32) {
    return malformed("Malformed proof in client-final-message.");
  }
  const std::string auth_message = client_first_bare_ + "," + server_first_ + "," +
                                   std::string(msg.substr(0, p));
  // ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); it is right when
  // SHA-256(ClientKey) equals StoredKey. Compared in constant time.
  Key signature = hmac(verifier_.stored_key, auth_message);
  Key client_key{};
  for (size_t i = 0; i < 32; ++i) {
    client_key[i] = static_cast<uint8_t>(static_cast<uint8_t>(proof[i]) ^ signature[i]);
  }
  Key check = sha256(client_key);
  if (CRYPTO_memcmp(check.data(), verifier_.stored_key.data(), 32) != 0 || mock_) {
    return PgError(Severity::kFatal, sqlstate::kInvalidPassword,
                   "password authentication failed for user \"" + user_ + "\"");
  }
  state_ = State::kDone;
  return "v=" + base64_encode(as_view(hmac(verifier_.server_key, auth_message)));
}

namespace {

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace

std::string md5_password_hash(std::string_view user, std::string_view password) {
  return "md5" + md5_hex(std::string(password) + std::string(user));
}

std::string md5_client_response(std::string_view stored, const std::array<char, 4>& salt) {
  std::string_view hex = stored.substr(0, 3) == "md5" ? stored.substr(3) : stored;
  return "md5" + md5_hex(std::string(hex) + std::string(salt.data(), 4));
}

bool md5_check_response(std::string_view stored, const std::array<char, 4>& salt,
                        std::string_view response) {
  if (stored.size() != 35 || stored.substr(0, 3) != "md5") return false;
  std::string expected = md5_client_response(stored, salt);
  if (response.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), response.data(), expected.size()) == 0;
}

}  // namespace litewire::protocol
