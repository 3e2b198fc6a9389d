// Every simulated bug class is found by the whole loop (executor + online checker +
// finding files) with the class it belongs to, and the bug-free simulator gives none.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "src/fsfuzz/exec/sim_bug_demos.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/run/session.h"

namespace fsfuzz {
namespace {

std::vector<FindingClass> Expected(SimBug b) {
  switch (b) {
    case SimBug::kStalePage: return {FindingClass::kDataMismatch, FindingClass::kIncoherentViews};
    case SimBug::kLostWrite:
    case SimBug::kExtendNoZero:
    case SimBug::kTornWrite:
    case SimBug::kEvictDropsDirty: return {FindingClass::kDataMismatch, FindingClass::kIncoherentViews};
    case SimBug::kMissingSigbus: return {FindingClass::kMissingSigbus};
    case SimBug::kWrongSize: return {FindingClass::kSizeMismatch};
    case SimBug::kDioMapHang: return {FindingClass::kHang};
    case SimBug::kSpuriousSigbus: return {FindingClass::kUnexpectedSigbus};
    case SimBug::kDioEinval: return {FindingClass::kUnexpectedErrno};
  }
  return {};
}

struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/fsfuzz-simbug-XXXXXX";
    path = mkdtemp(t);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

class SimBugFound : public ::testing::TestWithParam<int> {};

TEST_P(SimBugFound, WithTheBugAndNotWithout) {
  const SimBugInfo& info = SimBugTable()[GetParam()];
  const Program demo = SimBugDemo(info.bug);
  // Without the bug: no finding.
  {
    TargetSpec spec;
    auto t = Target::Open(spec);
    ASSERT_TRUE(t.ok());
    SessionOptions so;
    Session s(**t, so);
    if (info.bug == SimBug::kDioMapHang) {
      // The demo's DIO from its own mapping completes on the bug-free simulator.
    }
    ProgramOutcome o = s.Run(demo, "demo");
    EXPECT_TRUE(o.verdict.ok()) << info.name << ": " << (o.verdict.findings.empty() ? o.verdict.inconclusive_reason : o.verdict.findings[0].detail);
  }
  // With the bug: a finding of its class, on disk.
  TempDir out;
  TargetSpec spec;
  spec.sim.bugs.insert(info.bug);
  auto t = Target::Open(spec);
  ASSERT_TRUE(t.ok());
  SessionOptions so;
  so.out_dir = out.path;
  so.deadline = std::chrono::milliseconds(300);
  so.exit_on_hang = false;
  Session s(**t, so);
  std::thread releaser;
  if (info.bug == SimBug::kDioMapHang) {
    // The hang finding goes to disk first; then the test lets the simulated op go.
    SimBackend* sim = (*t)->sim();
    releaser = std::thread([&out, sim] {
      for (int i = 0; i < 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (const auto& e : std::filesystem::directory_iterator(out.path)) {
          if (e.path().filename().string().rfind("finding-", 0) == 0) {
            sim->ReleaseHangs();
            return;
          }
        }
      }
      sim->ReleaseHangs();
    });
  }
  ProgramOutcome o = s.Run(demo, "demo");
  if (releaser.joinable()) releaser.join();
  std::vector<FindingClass> seen;
  for (const Finding& f : o.verdict.findings) seen.push_back(f.cls);
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(out.path)) {
    if (e.path().filename().string().rfind("finding-", 0) != 0) continue;
    ++files;
    auto rec = ReadFindingFile(e.path().string());
    ASSERT_TRUE(rec.ok()) << rec.status().message();
    seen.push_back(rec->finding.cls);
  }
  EXPECT_GE(files, 1u) << info.name << ": no finding file";
  bool match = false;
  for (FindingClass c : seen) {
    for (FindingClass want : Expected(info.bug)) match |= c == want;
  }
  EXPECT_TRUE(match) << info.name << ": found " << (seen.empty() ? "nothing" : ClassName(seen[0]));
}

// missing-sigbus seen by a copy rather than a load: a read into a shared mapping of the
// file whose buffer ends in a page wholly past EOF copies on (tmpfs huge=always does).
TEST(SimBugFoundInACopy, MissingSigbusWhenAReadCopiesPastEof) {
  auto p = ParseProgram(
      "file size=8K seed=3\n"
      "mmap m0 off=0 len=16K shared\n"
      "read off=0 len=4K buf=m0+6K\n"  // [6K, 8K) in the file, [8K, 10K) wholly past EOF
      "check\n");
  ASSERT_TRUE(p.ok()) << p.status().message();
  for (bool bug : {false, true}) {
    TargetSpec spec;
    if (bug) spec.sim.bugs.insert(SimBug::kMissingSigbus);
    auto t = Target::Open(spec);
    ASSERT_TRUE(t.ok());
    SessionOptions so;
    Session s(**t, so);
    ProgramOutcome o = s.Run(*p, "copy");
    if (!bug) {
      EXPECT_TRUE(o.verdict.ok()) << (o.verdict.findings.empty() ? o.verdict.inconclusive_reason
                                                                 : o.verdict.findings[0].detail);
      continue;
    }
    ASSERT_FALSE(o.verdict.findings.empty());
    EXPECT_EQ(o.verdict.findings[0].cls, FindingClass::kMissingSigbus) << o.verdict.findings[0].detail;
    EXPECT_NE(o.verdict.findings[0].title.find("in a copy into a mapping"), std::string::npos)
        << o.verdict.findings[0].title;
  }
}

INSTANTIATE_TEST_SUITE_P(AllBugs, SimBugFound, ::testing::Range(0, kNumSimBugs),
                         [](const ::testing::TestParamInfo<int>& p) {
                           std::string n(SimBugTable()[p.param].name);
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

}  // namespace
}  // namespace fsfuzz
