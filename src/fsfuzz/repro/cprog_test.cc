// The C emitter against real compilers and a real filesystem: every seed-corpus program
// compiles warning-free, and a reproducer says "reproduced" exactly when fsfuzz itself,
// run on the same filesystem, sees the finding.
#include "src/fsfuzz/repro/cprog.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "src/fsfuzz/exec/sim_bug_demos.h"
#include "src/fsfuzz/repro/match.h"
#include "src/fsfuzz/repro/rate.h"
#include "src/fsfuzz/repro/test_util.h"
#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz {
namespace {

using repro_test::CompileC;
using repro_test::Sh;
using repro_test::TempDir;

std::vector<std::filesystem::path> CorpusFiles() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(FSFUZZ_SOURCE_DIR) + "/corpus")) {
    if (e.path().extension() == ".fsp") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Program LoadCorpus(const std::filesystem::path& f) {
  auto text = ReadWholeFile(f.string());
  EXPECT_TRUE(text.ok());
  auto p = ParseProgram(text.ok() ? *text : "", f.string());
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Program{};
}

std::string Emit(const Program& p, const FindingRecord* rec) {
  auto c = EmitCProgram(p, rec);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : "";
}

// A directory on tmpfs when there is one (the tests run as any user).
std::string ScratchParent() { return std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp"; }

TEST(Cprog, EveryCorpusProgramCompilesWithoutWarnings) {
  ASSERT_TRUE(repro_test::HaveCompiler("cc")) << "no cc";
  TempDir dir;
  const auto files = CorpusFiles();
  ASSERT_GE(files.size(), 10u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    const std::string c = Emit(LoadCorpus(f), nullptr);
    auto out = CompileC("cc", c, dir.path(), f.stem().string());
    EXPECT_EQ(out.status, 0) << out.text;
    // The stricter of the two compilers the project supports, with -Wextra too.
    if (repro_test::HaveCompiler("clang")) {
      out = CompileC("clang", c, dir.path(), f.stem().string() + "-clang", "-Wextra");
      EXPECT_EQ(out.status, 0) << out.text;
    }
  }
}

TEST(Cprog, CorpusProgramsRunAndCleanUp) {
  TempDir build, run(ScratchParent());
  for (const char* name : {"dio-vs-buffered", "mmap-eof-sigbus", "truncate-vs-touch", "private-mapping-source"}) {
    SCOPED_TRACE(name);
    const Program p = LoadCorpus(std::string(FSFUZZ_SOURCE_DIR) + "/corpus/" + name + ".fsp");
    ASSERT_EQ(CompileC("cc", Emit(p, nullptr), build.path(), name).status, 0);
    auto out = Sh(build.path() + "/" + name + " " + run.path() + " 2");
    EXPECT_EQ(out.status, 0) << out.text;
    EXPECT_NE(out.text.find("reproduced in 0 of 2 run(s)"), std::string::npos) << out.text;
    EXPECT_TRUE(std::filesystem::is_empty(run.path())) << "the reproducer left its files behind";
  }
}

// fsfuzz on `dir` (directory mode) sees `want` at least once in `runs` runs of p.
bool FsfuzzSees(const Program& p, const Finding& want, const std::string& dir, size_t runs) {
  TargetSpec spec;
  spec.kind = TargetSpec::Kind::kDir;
  spec.dir = dir;
  spec.watch_kernel = false;
  auto r = Replayer::Open(spec, {});
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return false;
  return MeasureRate(**r, p, runs, &want, MatchRule::kClass).reproduced > 0;
}

TEST(Cprog, SimulatedFindingsAgreeWithFsfuzzOnARealFilesystem) {
  // Each simulated bug's finding, checked on a real filesystem: the C program and fsfuzz
  // must agree (the kernel here is not the simulator, so mostly neither sees it; where the
  // kernel has the bug too, both must see it).
  TempDir build, fsfuzz_dir(ScratchParent()), c_dir(ScratchParent());
  for (const SimBugInfo* b = SimBugTable(); b != SimBugTable() + kNumSimBugs; ++b) {
    if (b->bug == SimBug::kDioMapHang) continue;  // a hang: its own test
    SCOPED_TRACE(std::string(b->name));
    const Program p = SimBugDemo(b->bug);
    auto rec = repro_test::SimFinding(p, {b->bug});
    ASSERT_TRUE(rec) << "the demo does not show " << b->name;
    ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), std::string(b->name)).status, 0);
    auto out = Sh(build.path() + "/" + std::string(b->name) + " " + c_dir.path() + " 3");
    ASSERT_TRUE(out.status == 0 || out.status == 1) << out.text;
    const bool fsfuzz = FsfuzzSees(p, rec->finding, fsfuzz_dir.path(), 3);
    EXPECT_EQ(out.status == 1, fsfuzz) << "C program:\n" << out.text << "\nfsfuzz saw it: " << fsfuzz;
    EXPECT_EQ(out.text.find("diverged"), std::string::npos) << out.text;
  }
}

// The stale-page finding (a bytes check) with one expectation changed.
struct Mutation {
  const char* name;
  SimBug bug;
  void (*mutate)(nlohmann::json& check);
};

TEST(Cprog, WrongExpectationsAreReportedAsReproduced) {
  // The real kernel is right where these findings' checks expect it to be right; with the
  // expectation broken on purpose the same C program must report the finding. This proves
  // each check kind's C code compares what it claims to.
  const Mutation kMutations[] = {
      {"bytes: a candidate of the wrong op", SimBug::kStalePage,
       [](nlohmann::json& c) {
         for (auto& cand : c["candidates"]) {
           if (cand.contains("src")) cand["src"] = cand["src"].get<uint32_t>() + 100;
         }
       }},
      {"size: another size", SimBug::kWrongSize, [](nlohmann::json& c) { c["allowed"] = {12345}; }},
      {"sigbus: no SIGBUS due", SimBug::kMissingSigbus,
       [](nlohmann::json& c) {
         c["expect_sigbus"] = false;
         c["expect_done"] = 1;
       }},
      {"ret: another count", SimBug::kDioEinval,
       [](nlohmann::json& c) {
         c["expected"] = "a write of 1 bytes";
         c["observed_errno"] = "";
         c["observed_ret"] = 4096;
       }},
  };
  TempDir build, dir(ScratchParent());
  for (const Mutation& m : kMutations) {
    SCOPED_TRACE(m.name);
    const Program p = SimBugDemo(m.bug);
    auto rec = repro_test::SimFinding(p, {m.bug});
    ASSERT_TRUE(rec);
    ASSERT_TRUE(rec->finding.evidence.contains("check")) << rec->finding.evidence.dump();
    // As found: the kernel here is right, so it does not reproduce.
    ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "as-found").status, 0);
    auto out = Sh(build.path() + "/as-found " + dir.path() + " 2");
    EXPECT_EQ(out.status, 0) << out.text;
    m.mutate(rec->finding.evidence["check"]);
    ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "mutated").status, 0);
    out = Sh(build.path() + "/mutated " + dir.path() + " 2");
    EXPECT_EQ(out.status, 1) << out.text;
    EXPECT_NE(out.text.find("REPRODUCED"), std::string::npos) << out.text;
  }
}

TEST(Cprog, AFindingThatDependsOnAnotherOutcomeReportsDivergence) {
  // The torn-write finding's model assumes the write wrote its full length; a history in
  // which the write failed (recorded as EINVAL) no longer matches this kernel's run.
  const Program p = SimBugDemo(SimBug::kTornWrite);
  auto rec = repro_test::SimFinding(p, {SimBug::kTornWrite});
  ASSERT_TRUE(rec);
  rec->trace["steps"][0]["ops"][0]["ret"] = -1;
  rec->trace["steps"][0]["ops"][0]["err"] = 22;
  TempDir build, dir(ScratchParent());
  ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "torn").status, 0);
  auto out = Sh(build.path() + "/torn " + dir.path() + " 2");
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("2 run(s) diverged"), std::string::npos) << out.text;
}

TEST(Cprog, AReadBackThatSawOtherBytesIsAnotherHistory) {
  // After a round fsfuzz adopts what its read-back saw; the torn write's check (a read
  // after it) assumes that. The recorded read-back is altered here: the run diverges.
  const Program p = repro_test::MustParse(
      "file size=16K seed=1\nround {\n  write off=0 len=100\n}\nwrite off=0 len=8K\nread off=0 len=8K\n");
  auto rec = repro_test::SimFinding(p, {SimBug::kTornWrite});
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->finding.op_id, 3u) << rec->finding.title;
  TempDir build, dir(ScratchParent());
  ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "as-found").status, 0);
  auto out = Sh(build.path() + "/as-found " + dir.path() + " 1");
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_EQ(out.text.find("diverged"), std::string::npos) << out.text;
  auto& settle = rec->trace["steps"][0]["settle"];
  ASSERT_FALSE(settle.empty());
  settle[0]["data"] = "AAAA";  // base64 of three zero bytes
  settle[0]["ret"] = 3;
  ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "altered").status, 0);
  out = Sh(build.path() + "/altered " + dir.path() + " 1");
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("the read-back of [0x0, +100) after step 0 saw other bytes"), std::string::npos) << out.text;
}

TEST(Cprog, AFileOfAnotherSizeIsAnotherHistory) {
  // A SIGBUS check follows from the size before it: a run in which the file had another
  // size after an earlier step (as tmpfs extends a file on a failed buffered write) is not
  // the finding's situation.
  const Program p = repro_test::MustParse(
      "file size=16K seed=1\ntruncate 4K\nmmap m0 off=0 len=16K shared\ntouch_read m0 off=8K len=1\n");
  auto rec = repro_test::SimFinding(p, {SimBug::kMissingSigbus});
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->finding.cls, FindingClass::kMissingSigbus) << rec->finding.title;
  TempDir build, dir(ScratchParent());
  ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "as-found").status, 0);
  auto out = Sh(build.path() + "/as-found " + dir.path() + " 1");
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_EQ(out.text.find("diverged"), std::string::npos) << out.text;
  ASSERT_TRUE(rec->trace["steps"][0].contains("size")) << rec->trace["steps"][0].dump();
  rec->trace["steps"][0]["size"] = 12288;
  ASSERT_EQ(CompileC("cc", Emit(p, &*rec), build.path(), "resized").status, 0);
  out = Sh(build.path() + "/resized " + dir.path() + " 1");
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("st_size after step 0 is 4096 where the finding's run saw 12288"), std::string::npos)
      << out.text;
}

TEST(Cprog, SimulatedHangFindingCompletesWithinItsDeadlineOnARealFilesystem) {
  const Program p = SimBugDemo(SimBug::kDioMapHang);
  auto rec = repro_test::SimFinding(p, {SimBug::kDioMapHang}, std::chrono::milliseconds(200));
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->finding.cls, FindingClass::kHang);
  CprogOptions o;
  o.deadline_ms = 5000;
  auto c = EmitCProgram(p, &*rec, o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->find("INFO: task hung in dwrite(buf=map)"), std::string::npos);
  TempDir build, dir(ScratchParent());
  ASSERT_EQ(CompileC("cc", *c, build.path(), "hang").status, 0);
  auto out = Sh("timeout 60 " + build.path() + "/hang " + dir.path() + " 3");
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("finished in"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("deadline 5000 ms"), std::string::npos) << out.text;
}

TEST(Cprog, HeaderCarriesTheFindingAndTheProgram) {
  const Program p = SimBugDemo(SimBug::kStalePage);
  auto rec = repro_test::SimFinding(p, {SimBug::kStalePage});
  ASSERT_TRUE(rec);
  rec->env.kernel = "6.18.0-test";
  rec->env.mount_options = "rw,relatime,dioread_nolock";
  rec->finding.title = "evil */ title";  // must not end the comment
  const std::string c = Emit(p, &*rec);
  const std::string head = c.substr(0, c.find("*/\n") + 3);
  for (const char* want : {"evil * / title", "6.18.0-test", "rw,relatime,dioread_nolock", "sim", "file size=16K seed=1",
                           "dwrite off=0 len=4K buf=heap", "cc -std=c11 -pthread -Wall -Werror"}) {
    EXPECT_NE(head.find(want), std::string::npos) << want << "\n" << head;
  }
}

TEST(Cprog, MalformedCheckIsAnError) {
  const Program p = SimBugDemo(SimBug::kStalePage);
  auto rec = repro_test::SimFinding(p, {SimBug::kStalePage});
  ASSERT_TRUE(rec);
  rec->finding.evidence["check"]["kind"] = "telepathy";
  auto c = EmitCProgram(p, &*rec);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(c.status().message().find("telepathy"), std::string::npos);
}

}  // namespace
}  // namespace fsfuzz
