// The repro pipeline as a user runs it, through the binary: a simulated bug found by
// `stress`, shrunk by `minimize`, replayed by `repro` (with and without the bug), turned
// into C by `cprog` (compiled warning-free) and shown by `show`; and a simulated hang
// whose C program completes on a real filesystem. docs/repro.md has the measured runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace fsfuzz::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Files(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ext) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "47 ops -> 4 ops" in minimize's output: the result's op count (-1: not there).
int MinimizedOps(const std::string& out) {
  std::smatch m;
  static const std::regex re(R"((\d+) ops -> (\d+) ops; rate)");
  return std::regex_search(out, m, re) ? std::stoi(m[2]) : -1;
}

Ran Cc(const std::string& c, const std::string& bin) {
  Ran r;
  const std::string cmd = "cc -std=c11 -pthread -Wall -Werror -O2 -o " + bin + " " + c + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class SimBugPipeline : public ::testing::TestWithParam<const char*> {};

TEST_P(SimBugPipeline, StressMinimizeReproCprogShow) {
  const std::string bug = GetParam();
  ScratchDir dir;
  const std::string sim = " --backend sim --bug " + bug + " --deadline 2000";
  Ran r = RunFsfuzz("stress" + sim + " --duration 2s --seed 11 --out " + dir.path + "/stress");
  ASSERT_EQ(r.code, 1) << r.out;
  const auto findings = Files(dir.path + "/stress/findings", ".json");
  ASSERT_FALSE(findings.empty()) << r.out;

  r = RunFsfuzz("minimize " + findings[0] + sim + " -q --out " + dir.path + "/min");
  ASSERT_EQ(r.code, 1) << r.out;
  const int ops = MinimizedOps(r.out);
  EXPECT_GE(ops, 1) << r.out;
  EXPECT_LE(ops, 6) << r.out;
  const auto mins = Files(dir.path + "/min", ".json");
  ASSERT_EQ(mins.size(), 1u) << r.out;
  ASSERT_EQ(Files(dir.path + "/min", ".fsp").size(), 1u);

  r = RunFsfuzz("repro " + mins[0] + sim + " --runs 5 -q");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("same finding: 5/5"), std::string::npos) << r.out;
  r = RunFsfuzz("repro " + mins[0] + " --backend sim --deadline 2000 --runs 3 -q");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("same finding: 0/3"), std::string::npos) << r.out;

  r = RunFsfuzz("cprog " + mins[0] + " -o " + dir.path + "/repro.c");
  ASSERT_EQ(r.code, 0) << r.out;
  r = Cc(dir.path + "/repro.c", dir.path + "/repro");
  EXPECT_EQ(r.code, 0) << r.out;

  r = RunFsfuzz("show " + mins[0]);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Program (minimized from"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fsfuzz cprog"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(AllDataBugs, SimBugPipeline,
                         ::testing::Values("stale-page", "lost-write", "extend-no-zero", "torn-write",
                                           "missing-sigbus", "wrong-size", "spurious-sigbus", "dio-einval",
                                           "evict-drops-dirty"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           std::string n = p.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(SimHangPipeline, MinimizedHangHasStacksAndItsCProgramCompletesOnARealFilesystem) {
  ScratchDir dir;
  const std::string prog = std::string(FSFUZZ_SOURCE_DIR) + "/corpus/seed-dio-from-own-mapping.fsp";
  const std::string sim = " --backend sim --bug dio-map-hang --deadline 300";
  Ran r = RunFsfuzz("minimize " + prog + sim + " -q --out " + dir.path + "/min");
  ASSERT_EQ(r.code, 1) << r.out;
  EXPECT_LE(MinimizedOps(r.out), 6) << r.out;
  const auto mins = Files(dir.path + "/min", ".json");
  ASSERT_EQ(mins.size(), 1u) << r.out;

  r = RunFsfuzz("show " + mins[0]);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("INFO: task hung in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Stacks"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wchan="), std::string::npos) << r.out;

  r = RunFsfuzz("cprog " + mins[0] + " --deadline 2000 -o " + dir.path + "/hang.c");
  ASSERT_EQ(r.code, 0) << r.out;
  r = Cc(dir.path + "/hang.c", dir.path + "/hang");
  ASSERT_EQ(r.code, 0) << r.out;
  // On a real filesystem the simulator's hang is not there: every run finishes in time.
  const std::string run_dir = fs::exists("/dev/shm") ? "/dev/shm" : dir.path;
  char tmpl[256];
  snprintf(tmpl, sizeof tmpl, "%s/fsfuzz-hangc-XXXXXX", run_dir.c_str());
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string target = tmpl;
  Ran c;
  {
    const std::string cmd = "timeout 60 " + dir.path + "/hang " + target + " 3 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) c.out.append(buf, n);
    const int st = pclose(p);
    c.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  std::error_code ec;
  fs::remove_all(target, ec);
  EXPECT_EQ(c.code, 0) << c.out;
  EXPECT_NE(c.out.find("finished in"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("(deadline 2000 ms)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("reproduced in 0 of 3 run(s)"), std::string::npos) << c.out;
}

}  // namespace
}  // namespace fsfuzz::testing
