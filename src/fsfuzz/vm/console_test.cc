// Tests for console line splitting and frame parsing.
#include "src/fsfuzz/vm/console.h"

#include <gtest/gtest.h>

namespace fsfuzz::vm {
namespace {

TEST(Console, FramesFromBothSourcesAcrossChunks) {
  ConsoleParser p;
  std::string text =
      "[    1.0] Linux version 6.12\r\n"
      "@@FSFUZZ-INIT {\"event\":\"start\",\"uptime\":1.5}@@\r\n"
      "some payload output\n"
      "@@FSFUZZ {\"verdict\":\"ok\",\"n\":3}@@\n";
  for (size_t i = 0; i < text.size(); i += 7) p.Feed(std::string_view(text).substr(i, 7), 2.0);
  p.Finish();
  ASSERT_EQ(p.frames().size(), 2u);
  EXPECT_EQ(p.frames()[0].source, GuestFrame::Source::kInit);
  EXPECT_EQ(p.frames()[0].data["event"], "start");
  EXPECT_EQ(p.frames()[0].host_seconds, 2.0);
  EXPECT_EQ(p.frames()[1].source, GuestFrame::Source::kPayload);
  EXPECT_EQ(p.frames()[1].data["n"], 3);
  EXPECT_EQ(p.text().find('\r'), std::string::npos);
  EXPECT_NE(p.text().find("some payload output\n"), std::string::npos);
}

TEST(Console, FrameAfterKernelTextOnTheSameLine) {
  GuestFrame f;
  ASSERT_TRUE(ParseFrameLine("[   5.1] xfs: mounted@@FSFUZZ {\"a\":1}@@", &f));
  EXPECT_TRUE(f.valid);
  EXPECT_EQ(f.data["a"], 1);
}

TEST(Console, BrokenFramesAreKeptAsInvalidOrIgnored) {
  GuestFrame f;
  EXPECT_FALSE(ParseFrameLine("@@FSFUZZ {\"a\":1} no end marker", &f));
  EXPECT_FALSE(ParseFrameLine("plain kernel line", &f));
  ASSERT_TRUE(ParseFrameLine("@@FSFUZZ {\"a\":[1@@", &f));
  EXPECT_FALSE(f.valid);
  EXPECT_TRUE(f.data.is_null());
}

TEST(Console, LastLineWithoutNewlineNeedsFinish) {
  ConsoleParser p;
  p.Feed("@@FSFUZZ-INIT {\"event\":\"done\"}@@");
  EXPECT_TRUE(p.frames().empty());
  p.Finish();
  EXPECT_EQ(p.frames().size(), 1u);
}

}  // namespace
}  // namespace fsfuzz::vm
