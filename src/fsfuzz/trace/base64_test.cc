// Tests for the base64 codec.
#include "src/fsfuzz/trace/base64.h"

#include <random>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

std::string Enc(std::string_view s) {
  return Base64Encode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(Enc(""), "");
  EXPECT_EQ(Enc("f"), "Zg==");
  EXPECT_EQ(Enc("fo"), "Zm8=");
  EXPECT_EQ(Enc("foo"), "Zm9v");
  EXPECT_EQ(Enc("foob"), "Zm9vYg==");
  EXPECT_EQ(Enc("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Enc("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::vector<uint8_t>{0xfb, 0xff}), "+/8=");
}

TEST(Base64, RoundTripsRandomBytes) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> v(rng() % 70);
    for (uint8_t& b : v) b = static_cast<uint8_t>(rng());
    std::vector<uint8_t> back = {1, 2, 3};  // overwritten
    ASSERT_TRUE(Base64Decode(Base64Encode(v), &back));
    ASSERT_EQ(back, v);
  }
}

TEST(Base64, RejectsMalformed) {
  std::vector<uint8_t> out;
  for (const char* bad :
       {"Z", "Zg=", "Zg", "Z===", "====", "Zg==Zg==", "Zm9v\n", "Zm 9", "Zm9*", "Zh==", "Zm9=", "=Zm9"}) {
    EXPECT_FALSE(Base64Decode(bad, &out)) << bad;
  }
  EXPECT_TRUE(Base64Decode("", &out));
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace fsfuzz
