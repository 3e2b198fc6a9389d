// Tests for size parsing and canonical printing.
#include "src/fsfuzz/prog/units.h"

#include <random>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

TEST(ParseSize, AcceptsTermsSuffixesAndSums) {
  struct Case {
    const char* text;
    uint64_t value;
  };
  const Case cases[] = {
      {"0", 0},
      {"4095", 4095},
      {"4K", 4096},
      {"64K", 65536},
      {"1M", 1 << 20},
      {"2G", 2ull << 30},
      {"0x1000", 4096},
      {"0X10", 16},
      {"0xfF", 255},
      {"0x10K", 16 << 10},
      {"64k", 65536},
      {"1m", 1 << 20},
      {"256K+100", 262244},
      {"1M+4K+1", (1 << 20) + 4097},
      {"1+1+1", 3},
      {"007", 7},
      {"18446744073709551615", UINT64_MAX},
      {"16777215G", 16777215ull << 30},
      {"12K-100", 12188},
      {"1M-4K+1", (1 << 20) - 4095},
      {"4K-4K", 0},
      {"1-2+1", 0},
      {"18446744073709551615-2", UINT64_MAX - 2},
  };
  for (const Case& c : cases) {
    Result<uint64_t> r = ParseSize(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().message();
    EXPECT_EQ(*r, c.value) << c.text;
  }
}

TEST(ParseSize, RejectsMalformedWithItsText) {
  for (const char* bad : {"",   "K",    "0x",  "0xK", "12Q", "1++2",  "+1", "1+",   "-1", " 1",
                          "1 ", "1.5K", "0xg", "4KK", "K4",  "1_000", "m0", "1--1", "1-", "1+-1"}) {
    Result<uint64_t> r = ParseSize(bad);
    ASSERT_FALSE(r.ok()) << "'" << bad << "'";
    EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
    EXPECT_EQ(r.status().message(), "bad number '" + std::string(bad) + "'");
  }
}

TEST(ParseSize, DetectsOverflow) {
  for (const char* big :
       {"18446744073709551616", "99999999999999999999999", "17179869184G", "18446744073709551615+1",
        "18446744073709551615+1-2", "0x10000000000000000", "0x40000000000000K"}) {
    Result<uint64_t> r = ParseSize(big);
    ASSERT_FALSE(r.ok()) << big;
    EXPECT_EQ(r.status().message(), "number '" + std::string(big) + "' is too large");
  }
}

TEST(ParseSize, RejectsNegativeResults) {
  for (const char* neg : {"1-2", "4K-1-4K", "0-1"}) {
    Result<uint64_t> r = ParseSize(neg);
    ASSERT_FALSE(r.ok()) << neg;
    EXPECT_EQ(r.status().message(), "number '" + std::string(neg) + "' is negative");
  }
}

TEST(FormatSize, IsCanonical) {
  EXPECT_EQ(FormatSize(262244), "256K+100");
  EXPECT_EQ(FormatSize(4096), "4K");
  EXPECT_EQ(FormatSize(0), "0");
  EXPECT_EQ(FormatSize(1048576), "1M");
  EXPECT_EQ(FormatSize(4095), "4095");
  EXPECT_EQ(FormatSize(1), "1");
  EXPECT_EQ(FormatSize(1024), "1K");
  EXPECT_EQ(FormatSize(3072), "3K");
  EXPECT_EQ(FormatSize(1ull << 30), "1G");
  EXPECT_EQ(FormatSize((1 << 20) + 4096), "1028K");
  EXPECT_EQ(FormatSize(6145), "4K+2049");
  EXPECT_EQ(FormatSize(3ull << 30), "3G");
}

TEST(FormatSize, RoundTripsEveryValue) {
  std::mt19937_64 rng(1);
  std::vector<uint64_t> values = {
      0, 1, 1023, 1024, 1025, 4095, 4096, 4097, UINT64_MAX, UINT64_MAX - 4095, UINT64_MAX - 4096, 1ull << 63};
  for (int i = 0; i < 20000; ++i) {
    uint64_t v = rng();
    values.push_back(v >> (rng() % 64));
    values.push_back((v >> (rng() % 64)) & ~uint64_t{1023});
  }
  for (uint64_t v : values) {
    Result<uint64_t> r = ParseSize(FormatSize(v));
    ASSERT_TRUE(r.ok()) << FormatSize(v);
    ASSERT_EQ(*r, v) << FormatSize(v);
  }
}

}  // namespace
}  // namespace fsfuzz
