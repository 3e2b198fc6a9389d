// Tests for number and size formatting.
#include "reports/format.h"

#include <gtest/gtest.h>

namespace fsfuzz::reports {
namespace {

TEST(Format, Figures) {
  EXPECT_EQ(FormatFigure(0), "0.00");
  EXPECT_EQ(FormatFigure(0.5234), "0.52");
  EXPECT_EQ(FormatFigure(16.71), "16.7");
  EXPECT_EQ(FormatFigure(946.5), "946.5");
  EXPECT_EQ(FormatFigure(120), "120.0");
  EXPECT_EQ(FormatFigure(21776.4), "21776");
  EXPECT_EQ(FormatFigure(999.97), "1000");
  EXPECT_EQ(FormatFigure(0.999), "1.0");
}

TEST(Format, Bytes) {
  EXPECT_EQ(FormatBytes(1000), "1000 B");
  EXPECT_EQ(FormatBytes(4096), "4 KiB");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatBytes(1048576), "1 MiB");
  EXPECT_EQ(FormatBytes(256ull << 20), "256 MiB");
}

TEST(Format, Micros) {
  EXPECT_EQ(FormatMicros(1), "1 us");
  EXPECT_EQ(FormatMicros(100, "\xC2\xB5"), "100 \xC2\xB5s");
  EXPECT_EQ(FormatMicros(1000), "1 ms");
  EXPECT_EQ(FormatMicros(2500), "2.5 ms");
  EXPECT_EQ(FormatMicros(1e7), "10 s");
}

}  // namespace
}  // namespace fsfuzz::reports
