#include "protocol/scram.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "test_util.h"

namespace litewire::protocol {
namespace {

// RFC 7677 section 3: user "user", password "pencil".
constexpr const char* kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

// Produced by PostgreSQL 15.18: set password_encryption = 'scram-sha-256';
// create role u password 'x'; select rolpassword from pg_authid where rolname = 'u'.
constexpr const char* kPgVerifier =
    "SCRAM-SHA-256$4096:IMjj3Tw2IU4VhqobgX8O/Q==$6t3tPtgJZxsaIoH6OwyurJNGHP3b6l5yJtNk/P5RBdw=:"
    "bThCyWskqtRQbC/HRbItlbzlhqBUtWFni+7kXKjUvRk=";

ScramVerifier rfc_verifier() {
  std::string salt;
  EXPECT_TRUE(base64_decode("W22ZaJ0SNY7soEsUEjb6gQ==", salt));
  return make_scram_verifier("pencil", salt, 4096);
}

TEST(Scram, Rfc7677Exchange) {
  ScramServer server(rfc_verifier(), "user", kServerNonce);
  auto first = server.client_first(kClientFirst);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, kServerFirst);
  auto final = server.client_final(kClientFinal);
  ASSERT_TRUE(final) << final.error().message;
  EXPECT_EQ(*final, kServerFinal);
  EXPECT_TRUE(server.done());
}

TEST(Scram, WrongProofFails) {
  ScramServer server(make_scram_verifier("not pencil", "0123456789abcdef", 4096), "user",
                     kServerNonce);
  std::string salt_first = server.client_first(kClientFirst).value();
  auto final = server.client_final(kClientFinal);
  ASSERT_FALSE(final);
  EXPECT_EQ(final.error().code, sqlstate::kInvalidPassword);
  EXPECT_EQ(final.error().message, "password authentication failed for user \"user\"");
  EXPECT_FALSE(server.done());
  // No second attempt on the same exchange.
  EXPECT_FALSE(server.client_final(kClientFinal));
}

TEST(Scram, MockExchangeAlwaysFails) {
  auto server = ScramServer::mock("ghost");
  auto first = server.client_first(kClientFirst);
  ASSERT_TRUE(first);
  std::string nonce = first->substr(2, first->find(',') - 2);
  auto r = server.client_final("c=biws,r=" + nonce + ",p=" + base64_encode(std::string(32, 'x')));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "password authentication failed for user \"ghost\"");
}

TEST(Scram, ClientFirstVariants) {
  // libpq: empty user name; node-postgres/pgjdbc: n=*; 'y' when the client could bind.
  for (const char* msg : {"n,,n=,r=abc", "n,,n=*,r=abc", "y,,n=,r=abc"}) {
    ScramServer s(rfc_verifier(), "u", "XYZ");
    auto r = s.client_first(msg);
    ASSERT_TRUE(r) << msg;
    EXPECT_EQ(*r, "r=abcXYZ,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  }
  struct Bad {
    const char* msg;
    const char* state;
  } bads[] = {
      {"p=tls-server-end-point,,n=,r=abc", "08P01"},
      {"n,a=admin,n=,r=abc", "0A000"},
      {"n,,m=ext,n=,r=abc", "0A000"},
      {"x,,n=,r=abc", "08P01"},
      {"n,,r=abc", "08P01"},
      {"n,,n=,r=", "08P01"},
      {"n,,n=", "08P01"},
      {"", "08P01"},
      {"n", "08P01"},
  };
  for (const auto& b : bads) {
    ScramServer s(rfc_verifier(), "u");
    auto r = s.client_first(b.msg);
    EXPECT_EQ(testing::state_of(r), b.state) << b.msg;
  }
}

TEST(Scram, ClientFinalChecks) {
  auto run = [](const std::string& final_msg) {
    ScramServer s(rfc_verifier(), "user", kServerNonce);
    EXPECT_TRUE(s.client_first(kClientFirst));
    return testing::state_of(s.client_final(final_msg));
  };
  std::string good = kClientFinal;
  EXPECT_EQ(run(good), "ok");
  EXPECT_EQ(run("c=eSws" + good.substr(6)), "08P01");          // gs2 header mismatch
  EXPECT_EQ(run("c=biws,r=other,p=" + good.substr(good.find("p=") + 2)), "08P01");
  EXPECT_EQ(run(good.substr(0, good.find(",p="))), "08P01");   // no proof
  EXPECT_EQ(run(good.substr(0, good.size() - 4)), "08P01");    // truncated proof
  EXPECT_EQ(run("garbage"), "08P01");
  ScramServer s(rfc_verifier(), "user", kServerNonce);
  EXPECT_EQ(testing::state_of(s.client_final(kClientFinal)), "08P01");  // out of order
}

// A client computation written against the RFC, to exercise the PostgreSQL-made verifier.
std::string client_proof(std::string_view password, std::string_view salt, int iterations,
                         std::string_view auth_message) {
  unsigned char salted[32], client_key[32], stored[32], sig[32];
  unsigned int len;
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                    iterations, EVP_sha256(), 32, salted);
  HMAC(EVP_sha256(), salted, 32, reinterpret_cast<const unsigned char*>("Client Key"), 10,
       client_key, &len);
  SHA256(client_key, 32, stored);
  HMAC(EVP_sha256(), stored, 32, reinterpret_cast<const unsigned char*>(auth_message.data()),
       auth_message.size(), sig, &len);
  std::string proof(32, '\0');
  for (int i = 0; i < 32; ++i) proof[i] = static_cast<char>(client_key[i] ^ sig[i]);
  return base64_encode(proof);
}

TEST(Scram, PostgresVerifier) {
  auto v = ScramVerifier::parse(kPgVerifier);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->iterations, 4096);
  EXPECT_EQ(v->to_string(), kPgVerifier);
  EXPECT_TRUE(scram_verify_password(*v, "x"));
  EXPECT_FALSE(scram_verify_password(*v, "y"));
  EXPECT_EQ(make_scram_verifier("x", v->salt, 4096).to_string(), kPgVerifier);

  // A full exchange as libpq would run it.
  ScramServer server(*v, "u");
  std::string first_bare = "n=,r=fyko+d2lbbFgONRv9qkxdawL";
  auto server_first = server.client_first("n,," + first_bare);
  ASSERT_TRUE(server_first);
  std::string nonce = server_first->substr(2, server_first->find(',') - 2);
  std::string without_proof = "c=biws,r=" + nonce;
  std::string auth = first_bare + "," + *server_first + "," + without_proof;
  auto final = server.client_final(without_proof + ",p=" + client_proof("x", v->salt, 4096, auth));
  ASSERT_TRUE(final) << final.error().message;
  EXPECT_EQ(final->substr(0, 2), "v=");
  EXPECT_TRUE(server.done());

  for (const char* bad : {"", "SCRAM-SHA-256$", "SCRAM-SHA-256$4096:abc$x:y",
                          "SCRAM-SHA-256$0:IMjj3Tw2IU4VhqobgX8O/Q==$6t3tPtgJZxsaIoH6OwyurJNGHP3b6l5yJtNk/P5RBdw=:bThCyWskqtRQbC/HRbItlbzlhqBUtWFni+7kXKjUvRk=",
                          "md5b52328d7451bfeace80c4b8c338106f9"}) {
    EXPECT_FALSE(ScramVerifier::parse(bad)) << bad;
  }
}

TEST(Scram, MakeVerifierIsRandomAndVerifies) {
  auto a = make_scram_verifier("secret");
  auto b = make_scram_verifier("secret");
  EXPECT_NE(a.salt, b.salt);
  EXPECT_EQ(a.salt.size(), 16u);
  EXPECT_TRUE(scram_verify_password(a, "secret"));
  auto parsed = ScramVerifier::parse(a.to_string());
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(scram_verify_password(*parsed, "secret"));
}

TEST(Scram, SaslPrep) {
  EXPECT_EQ(saslprep("pencil"), "pencil");
  EXPECT_EQ(saslprep("a\xc2\xa0" "b"), "a b");          // NO-BREAK SPACE -> space
  EXPECT_EQ(saslprep("a\xc2\xad" "b"), "ab");           // SOFT HYPHEN removed
  EXPECT_EQ(saslprep("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");
  EXPECT_EQ(saslprep("a\x01"), "a\x01");                // prohibited: used as is
  EXPECT_EQ(saslprep("\xff"), "\xff");                  // not UTF-8: used as is
}

TEST(Md5, MatchesPostgres) {
  // PostgreSQL 15.18: set password_encryption = 'md5'; create role m password 'secret'.
  EXPECT_EQ(md5_password_hash("m", "secret"), "md5b52328d7451bfeace80c4b8c338106f9");
  std::array<char, 4> salt = {'\x01', '\x02', '\x03', '\x04'};
  std::string stored = md5_password_hash("m", "secret");
  std::string response = md5_client_response(stored, salt);
  EXPECT_EQ(response.size(), 35u);
  EXPECT_TRUE(md5_check_response(stored, salt, response));
  std::array<char, 4> other = {'\x01', '\x02', '\x03', '\x05'};
  EXPECT_FALSE(md5_check_response(stored, other, response));
  EXPECT_FALSE(md5_check_response(stored, salt, response.substr(1)));
  EXPECT_FALSE(md5_check_response("plain", salt, response));
}

TEST(Base64, RoundTrip) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    std::string back;
    ASSERT_TRUE(base64_decode(base64_encode(s), back));
    EXPECT_EQ(back, s);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  std::string out;
  EXPECT_FALSE(base64_decode("Zm8", out));
  EXPECT_FALSE(base64_decode("Z=8=", out));
  EXPECT_FALSE(base64_decode("Zm9v!mFy", out));
}

}  // namespace
}  // namespace litewire::protocol
