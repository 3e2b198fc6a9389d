// Tests of the progress line and its terminal/plain output.
#include "stress/progress.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdio>
#include <string>

namespace fsfuzz::stress {
namespace {

std::string Drain(FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  int c;
  while ((c = std::fgetc(f)) != EOF) s += static_cast<char>(c);
  return s;
}

TEST(Progress, FormatsCountsFindingsAndTime) {
  ProgressSnapshot s;
  s.target = "ext4";
  s.ops_per_s = 3412.4;
  s.ops = 120345;
  s.programs = 470;
  s.elapsed_s = 12;
  s.duration_s = 60;
  EXPECT_EQ(FormatProgress(s), "ext4  3,412 ops/s  ops 120,345  programs 470  findings 0  12s / 1m00s (48s left)");
  s.findings[static_cast<size_t>(FindingClass::kDataMismatch)] = 2;
  s.findings[static_cast<size_t>(FindingClass::kHang)] = 1;
  s.files_kept = 3;
  s.duration_s = 0;
  s.ops_limit = 200000;
  EXPECT_EQ(FormatProgress(s),
            "ext4  3,412 ops/s  ops 120,345/200,000  programs 470  findings data-mismatch 2, hang 1 (3 saved)  12s");
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(1000), "1,000");
}

TEST(Progress, TerminalRedrawsInPlaceAndAnnouncementsKeepTheLine) {
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Progress p(f, true, 10);
  ProgressSnapshot s;
  s.target = "tmpfs";
  p.Update(s, 1.0);
  p.Announce("finding saved: x.json");
  p.Finish(s);
  const std::string out = Drain(f);
  EXPECT_EQ(out.find('\n'), out.find("x.json") + 6);  // the announcement has its own line
  EXPECT_NE(out.find("\r\033[Kfinding saved"), std::string::npos);
  EXPECT_EQ(out.back(), '\n');
  std::fclose(f);
}

TEST(Progress, PlainLinesAreRateLimited) {
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Progress p(f, false, 10);
  ProgressSnapshot s;
  s.target = "xfs";
  p.Update(s, 0);
  p.Update(s, 5);   // too soon
  p.Update(s, 11);
  const std::string out = Drain(f);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  std::fclose(f);
}

}  // namespace
}  // namespace fsfuzz::stress
