// SigV4 against AWS's published vectors: the aws-sig-v4-test-suite (AKIDEXAMPLE, 20150830T123600Z,
// us-east-1, service "service"), the IAM ListUsers worked example from the signing guide, and a
// DynamoDB GetItem whose expected strings were computed independently with the openssl and
// sha256sum command-line tools, and a DynamoDB UpdateItem with a session token signed by botocore.

#include "locking/aws/sigv4.h"

#include <gtest/gtest.h>

namespace litewire::locking::aws {
namespace {

using namespace std::chrono;

const Credentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}};
const SigningScope kSuiteScope{"us-east-1", "service"};
const std::string kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kCredential =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

system_clock::time_point suite_time() {
  return sys_days{year{2015} / August / 30} + hours{12} + minutes{36};
}

SigningRequest suite_get(std::string path = "/") {
  SigningRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.headers = {{"Host", "example.amazonaws.com"}};
  return r;
}

TEST(SigV4, EmptyPayloadHash) { EXPECT_EQ(sha256_hex(""), kEmptyHash); }

TEST(SigV4, AmzDate) { EXPECT_EQ(amz_date(suite_time()), "20150830T123600Z"); }

TEST(SigV4, GetVanilla) {
  auto s = sign_v4(suite_get(), kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n" + kEmptyHash);
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(s.authorization,
            kCredential + "SignedHeaders=host;x-amz-date, "
                          "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(s.amz_date, "20150830T123600Z");
  EXPECT_TRUE(s.security_token.empty());
}

TEST(SigV4, GetVanillaQueryOrderKeyCase) {
  auto r = suite_get();
  r.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.canonical_request,
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + kEmptyHash);
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
  EXPECT_EQ(s.signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4, GetVanillaQueryOrderValue) {
  auto r = suite_get();
  r.query = {{"Param1", "value2"}, {"Param1", "value1"}};
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_NE(s.canonical_request.find("\nParam1=value1&Param1=value2\n"), std::string::npos);
  EXPECT_EQ(s.signature, "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694");
}

TEST(SigV4, GetVanillaUtf8Query) {
  auto r = suite_get();
  r.query = {{"\xE1\x88\xB4", "bar"}};
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_NE(s.canonical_request.find("\n%E1%88%B4=bar\n"), std::string::npos);
  EXPECT_EQ(s.signature, "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
}

TEST(SigV4, GetUnreserved) {
  auto s = sign_v4(suite_get("/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
                   kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.signature, "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
}

TEST(SigV4, GetSlashesNormalizes) {
  auto s = sign_v4(suite_get("//example//"), kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.canonical_request.substr(0, 14), "GET\n/example/\n");
  EXPECT_EQ(s.signature, "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84");
}

TEST(SigV4, CanonicalUriEncodesSegments) {
  EXPECT_EQ(canonical_uri("/example space/"), "/example%20space/");
  EXPECT_EQ(canonical_uri("/\xE1\x88\xB4"), "/%E1%88%B4");
  EXPECT_EQ(canonical_uri(""), "/");
  EXPECT_EQ(canonical_uri("/a/b/../c/./d"), "/a/c/d");
}

TEST(SigV4, UriEncodeRules) {
  EXPECT_EQ(uri_encode("a b+c*~", false), "a%20b%2Bc%2A~");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(uri_encode("a/b", true), "a/b");
}

TEST(SigV4, GetHeaderValueTrim) {
  auto r = suite_get();
  r.headers.push_back({"My-Header1", " value1"});
  r.headers.push_back({"My-Header2", "\"a   b   c\""});
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
            "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + kEmptyHash);
  EXPECT_EQ(s.authorization,
            kCredential + "SignedHeaders=host;my-header1;my-header2;x-amz-date, "
                          "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
}

TEST(SigV4, GetHeaderValueOrderKeepsGivenOrder) {
  auto r = suite_get();
  for (const char* v : {"value4", "value1", "value3", "value2"}) r.headers.push_back({"My-Header1", v});
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_NE(s.canonical_request.find("\nmy-header1:value4,value1,value3,value2\n"), std::string::npos);
  EXPECT_EQ(s.signature, "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01");
}

TEST(SigV4, GetHeaderKeyDuplicate) {
  auto r = suite_get();
  for (const char* v : {"value2", "value2", "value1"}) r.headers.push_back({"My-Header1", v});
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.signature, "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
}

TEST(SigV4, PostXWwwFormUrlencoded) {
  SigningRequest r;
  r.method = "POST";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
               {"Host", "example.amazonaws.com"}};
  r.payload = "Param1=value1";
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.canonical_request,
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
  EXPECT_EQ(s.signature, "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(SigV4, PostStsHeaderBeforeSignsTheSessionToken) {
  const std::string token =
      "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSP"
      "fIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDY"
      "wT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scq"
      "Kmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  Credentials creds = kSuite;
  creds.session_token = token;
  SigningRequest r;
  r.method = "POST";
  r.headers = {{"Host", "example.amazonaws.com"}};
  auto s = sign_v4(r, creds, kSuiteScope, suite_time());
  EXPECT_EQ(s.security_token, token);
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6");
  EXPECT_EQ(s.authorization,
            kCredential + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                          "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
}

TEST(SigV4, IamListUsersWorkedExample) {
  SigningRequest r;
  r.method = "GET";
  r.query = {{"Action", "ListUsers"}, {"Version", "2010-05-08"}};
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"Host", "iam.amazonaws.com"}};
  auto s = sign_v4(r, kSuite, {"us-east-1", "iam"}, suite_time());
  EXPECT_EQ(s.canonical_request,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n" + kEmptyHash);
  EXPECT_EQ(sha256_hex(s.canonical_request),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(hex_encode(signing_key(kSuite.secret_access_key, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  EXPECT_EQ(s.signature, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, DynamoDbGetItem) {
  const std::string body =
      R"({"TableName":"locks","Key":{"pk":{"S":"litewire#db1"}},"ConsistentRead":true})";
  SigningRequest r;
  r.method = "POST";
  r.headers = {{"Host", "dynamodb.us-east-1.amazonaws.com"},
               {"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  r.payload = body;
  auto s = sign_v4(r, kSuite, {"us-east-1", "dynamodb"}, suite_time());
  EXPECT_EQ(s.canonical_request,
            "POST\n/\n\ncontent-type:application/x-amz-json-1.0\n"
            "host:dynamodb.us-east-1.amazonaws.com\nx-amz-date:20150830T123600Z\n"
            "x-amz-target:DynamoDB_20120810.GetItem\n\n"
            "content-type;host;x-amz-date;x-amz-target\n"
            "3b939d115abfb06900ce63055327707bcdf4c967ab3634eb27b4a9e785eca78d");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/dynamodb/aws4_request\n"
            "faaf913ba712f1f8f5b9cd419462a23b570f5f610d276055fa3a3cab17a344a4");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=4ae3d425876bdf4c49a9a352a466f1c46af49e1a1421484d7d8a82421d655beb");
}

// Expected Authorization computed by botocore 1.43 (SigV4Auth("dynamodb", "eu-west-1") on an
// AWSRequest with these headers and body, its clock fixed at 2024-05-01T12:34:56Z), with
// temporary credentials: the session token is sent and signed.
TEST(SigV4, DynamoDbUpdateItemWithSessionTokenMatchesBotocore) {
  const std::string body =
      R"({"TableName":"locks","Key":{"pk":{"S":"litewire#db1"}},"UpdateExpression":"SET #rvn = :rvn",)"
      R"("ConditionExpression":"#owner = :owner","ExpressionAttributeNames":{"#rvn":"rvn","#owner":"owner"},)"
      R"("ExpressionAttributeValues":{":rvn":{"S":"r2"},":owner":{"S":"host:1:ab"}}})";
  const Credentials creds{"ASIAEXAMPLEKEYID0001", "secretEXAMPLEkey/with+chars",
                          "IQoJb3JpZ2luX2VjEXAMPLEsessiontoken//+==", {}};
  SigningRequest r;
  r.method = "POST";
  r.headers = {{"Host", "dynamodb.eu-west-1.amazonaws.com"},
               {"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "DynamoDB_20120810.UpdateItem"}};
  r.payload = body;
  auto when = sys_days{year{2024} / May / 1} + hours{12} + minutes{34} + seconds{56};
  auto s = sign_v4(r, creds, {"eu-west-1", "dynamodb"}, when);
  EXPECT_EQ(s.amz_date, "20240501T123456Z");
  EXPECT_EQ(s.security_token, creds.session_token);
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20240501T123456Z\n20240501/eu-west-1/dynamodb/aws4_request\n"
            "b4753f3236a832726902101dbcf1db65e3ddf8565a4416833ad4a023a46a5785");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEYID0001/20240501/eu-west-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            "Signature=22835754459d3001602934a5ca0c33148cc65632b2f5f18bbc5bbfe20de2063d");
}

TEST(SigV4, CallerDateAndAuthorizationHeadersAreReplaced) {
  auto r = suite_get();
  r.headers.push_back({"X-Amz-Date", "19990101T000000Z"});
  r.headers.push_back({"Authorization", "stale"});
  auto s = sign_v4(r, kSuite, kSuiteScope, suite_time());
  EXPECT_EQ(s.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

}  // namespace
}  // namespace litewire::locking::aws
