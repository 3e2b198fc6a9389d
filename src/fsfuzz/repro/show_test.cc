// The finding report: title first, environment, program, expected vs found, stacks for
// hangs, and commands that reproduce on the finding's own target.
#include "src/fsfuzz/repro/show.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/sim_bug_demos.h"
#include "src/fsfuzz/repro/test_util.h"

namespace fsfuzz {
namespace {

TEST(Show, DataFindingReadsTopDown) {
  auto rec = repro_test::SimFinding(SimBugDemo(SimBug::kStalePage), {SimBug::kStalePage});
  ASSERT_TRUE(rec);
  ShowInput in;
  in.record = *rec;
  in.path = "out/f.json";
  const std::string s = ShowFinding(in);
  EXPECT_EQ(s.substr(0, s.find('\n')), rec->finding.title);
  size_t at = 0;
  for (const char* want : {"Environment", "filesystem  sim", "Program", "dwrite off=0 len=4K buf=heap",
                           "What was expected, and what was found", "op #3", "check: ", "Reproduce",
                           "fsfuzz repro out/f.json --backend sim --bug stale-page --runs 20",
                           "fsfuzz minimize out/f.json --backend sim --bug stale-page",
                           "fsfuzz cprog out/f.json -o repro.c && cc -std=c11 -pthread -Wall -Werror"}) {
    const size_t p = s.find(want, at);
    EXPECT_NE(p, std::string::npos) << "missing or out of order: " << want << "\n" << s;
    if (p != std::string::npos) at = p;
  }
}

TEST(Show, BcachefsFindingSaysHowToRunTheCProgramInTheVm) {
  auto rec = repro_test::SimFinding(SimBugDemo(SimBug::kStalePage), {SimBug::kStalePage});
  ASSERT_TRUE(rec);
  ShowInput in;
  in.record = *rec;
  in.path = "f.json";
  EXPECT_EQ(ShowFinding(in).find("--exec"), std::string::npos);  // the simulator: no VM
  in.record.env.backend = "posix";
  in.record.env.fs = "bcachefs";
  in.record.env.kernel = "6.12.118+deb13-cloud-amd64";
  const std::string s = ShowFinding(in);
  EXPECT_NE(s.find("fsfuzz vm debian-6.12 --fs bcachefs --exec ./repro -- {DIR} 100"), std::string::npos) << s;
}

TEST(Show, HangShowsStacksOnce) {
  auto rec = repro_test::SimFinding(SimBugDemo(SimBug::kDioMapHang), {SimBug::kDioMapHang},
                                    std::chrono::milliseconds(100));
  ASSERT_TRUE(rec);
  ShowInput in;
  in.record = *rec;
  const std::string s = ShowFinding(in);
  EXPECT_NE(s.find("Stacks"), std::string::npos) << s;
  const std::string stacks = rec->finding.evidence["stacks"].get<std::string>();
  const std::string first = stacks.substr(0, stacks.find('\n'));
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(s.find(first), s.rfind(first)) << "stacks printed twice:\n" << s;
}

TEST(Show, MinimizedProgramBesideTheFinding) {
  auto rec = repro_test::SimFinding(SimBugDemo(SimBug::kTornWrite), {SimBug::kTornWrite});
  ASSERT_TRUE(rec);
  ShowInput in;
  in.record = *rec;
  in.minimized_program = "file size=0 seed=1\nwrite off=0 len=8K\n";
  in.minimized_path = "out/minimized-from-x.fsp";
  const std::string s = ShowFinding(in);
  EXPECT_NE(s.find("Minimized program (out/minimized-from-x.fsp)"), std::string::npos) << s;
  EXPECT_EQ(MinimizedProgramPath("out/f.json", "abc"), "out/minimized-from-abc.fsp");
  EXPECT_EQ(MinimizedProgramPath("f.json", "abc"), "./minimized-from-abc.fsp");
}

TEST(Show, TargetFlags) {
  Env e;
  e.backend = "sim";
  e.variant = "stale-page,torn-write";
  EXPECT_EQ(TargetFlagsFor(e), "--backend sim --bug stale-page --bug torn-write");
  Env x;
  x.fs = "xfs";
  x.variant = "xfs-reflink";
  x.root = true;
  EXPECT_EQ(TargetFlagsFor(x), "--fs xfs-reflink");
  Env d;
  d.fs = "tmpfs";
  d.variant = "dir";
  EXPECT_EQ(TargetFlagsFor(d), "--dir DIR");
}

}  // namespace
}  // namespace fsfuzz
