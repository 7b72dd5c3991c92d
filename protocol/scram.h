#pragma once
// Password authentication maths: SCRAM-SHA-256 (RFC 5802 / RFC 7677) on the server side, as
// PostgreSQL implements it, and PostgreSQL's MD5 scheme. Pure functions and a small state
// machine; the session feeds it the SASL payloads (decode_sasl_initial_response, 'p' messages)
// and sends back AuthenticationSASLContinue / AuthenticationSASLFinal.
//
// Channel binding is not offered (only "SCRAM-SHA-256" is advertised, never "-PLUS"): a client
// first message with gs2 flag "n" or "y" is accepted, "p=..." is refused.
// The user name in the client-first message is ignored (libpq sends an empty one, other
// drivers "*"): the user always comes from the StartupMessage.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/pg_error.h"

namespace litewire::protocol {

inline constexpr std::string_view kScramSha256 = "SCRAM-SHA-256";
inline constexpr int kScramDefaultIterations = 4096;  // PostgreSQL's scram_iterations default

// What PostgreSQL stores in pg_authid.rolpassword:
// "SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>".
struct ScramVerifier {
  int iterations = kScramDefaultIterations;
  std::string salt;  // raw bytes
  std::array<uint8_t, 32> stored_key{};
  std::array<uint8_t, 32> server_key{};

  // 22023-free parse: malformed text gives 28P01-neutral 22P02 "invalid SCRAM secret".
  static Result<ScramVerifier> parse(std::string_view text);
  std::string to_string() const;
};

// A verifier for `password` with a fresh random 16-byte salt (as PostgreSQL's default).
ScramVerifier make_scram_verifier(std::string_view password,
                                  int iterations = kScramDefaultIterations);
ScramVerifier make_scram_verifier(std::string_view password, std::string_view salt,
                                  int iterations);
// Whether a cleartext password (AuthenticationCleartextPassword) matches a verifier.
bool scram_verify_password(const ScramVerifier& v, std::string_view password);

// SASLprep (RFC 4013) as PostgreSQL applies it to passwords before hashing. Implemented: ASCII
// passes through unchanged; non-ASCII spaces map to U+0020; "commonly mapped to nothing"
// characters are removed. NOT implemented: NFKC normalization and the bidi checks, so a
// password that is not already in NFKC form hashes differently from PostgreSQL. As in
// PostgreSQL, a password that is not valid UTF-8 or contains prohibited characters is used
// as is.
std::string saslprep(std::string_view password);

// Server side of one SCRAM-SHA-256 exchange.
class ScramServer {
 public:
  // `user` is only used in error messages. `server_nonce` is for tests (RFC 7677's example);
  // empty means 18 random bytes from RAND_bytes, base64-encoded, as PostgreSQL does.
  ScramServer(ScramVerifier verifier, std::string user, std::string server_nonce = {});
  // For a user that does not exist: the exchange runs normally and fails at the end with the
  // same error, so a client cannot probe which users exist (PostgreSQL's mock authentication).
  static ScramServer mock(std::string user);

  // client-first-message -> server-first-message. 08P01 for malformed input, channel binding
  // requests, authorization identities and unknown mandatory extensions.
  Result<std::string> client_first(std::string_view message);
  // client-final-message -> server-final-message ("v=<ServerSignature>"). 28P01
  // `password authentication failed for user "<user>"` when the proof does not match.
  Result<std::string> client_final(std::string_view message);

  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kInit, kFirstSent, kDone, kFailed };
  ScramVerifier verifier_;
  std::string user_;
  std::string server_nonce_;
  bool mock_ = false;
  State state_ = State::kInit;
  std::string gs2_header_;
  std::string client_nonce_;
  std::string client_first_bare_;
  std::string server_first_;
};

// PostgreSQL's MD5 scheme: stored "md5" + hex(md5(password + user)); the client answers the
// 4-byte salt with "md5" + hex(md5(hex(md5(password + user)) + salt)).
std::string md5_password_hash(std::string_view user, std::string_view password);
// Compares in constant time. `stored` is the "md5..." form.
bool md5_check_response(std::string_view stored, const std::array<char, 4>& salt,
                        std::string_view response);
// What a client sends (for tests and litewire's own client code).
std::string md5_client_response(std::string_view stored, const std::array<char, 4>& salt);

// Base64 (RFC 4648, with padding), used by SCRAM.
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& out);

}  // namespace litewire::protocol
