// Tests of duration parsing and printing.
#include "stress/duration.h"

#include <gtest/gtest.h>

namespace fsfuzz::stress {
namespace {

TEST(Duration, ParsesUnitsAndSums) {
  EXPECT_DOUBLE_EQ(*ParseDuration("60"), 60);
  EXPECT_DOUBLE_EQ(*ParseDuration("60s"), 60);
  EXPECT_DOUBLE_EQ(*ParseDuration("2m"), 120);
  EXPECT_DOUBLE_EQ(*ParseDuration("1h30m"), 5400);
  EXPECT_DOUBLE_EQ(*ParseDuration("1.5s"), 1.5);
  EXPECT_DOUBLE_EQ(*ParseDuration("500ms"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseDuration("1m30s"), 90);
  EXPECT_DOUBLE_EQ(*ParseDuration("0"), 0);
}

TEST(Duration, RejectsJunk) {
  for (const char* s : {"", "x", "5x", "-1s", "1m30", "s", "inf", "nan"}) {
    auto r = ParseDuration(s);
    EXPECT_FALSE(r.ok()) << s;
    if (!r.ok()) {
      EXPECT_EQ(r.status().kind(), ErrorKind::kUsage) << s;
    }
  }
}

TEST(Duration, Formats) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(59.9), "59s");
  EXPECT_EQ(FormatDuration(125), "2m05s");
  EXPECT_EQ(FormatDuration(3723), "1h02m03s");
  EXPECT_EQ(FormatDuration(-3), "0s");
}

}  // namespace
}  // namespace fsfuzz::stress
