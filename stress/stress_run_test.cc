// The stress loop end to end on the simulator: bounds, lanes, findings saved and
// announced, a summary that the reports' loader accepts, stop on request, skips.
#include "stress/stress_run.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>

#include "src/fsfuzz/exec/sim_bugs.h"
#include "src/fsfuzz/testbed/detect.h"
#include "stress/series.h"

namespace fsfuzz::stress {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/fsfuzz-stress-test-XXXXXX";
    path = mkdtemp(t);
  }
  ~TempDir() { fs::remove_all(path); }
};

TargetSpec Sim(std::set<SimBug> bugs = {}) {
  TargetSpec s;
  s.kind = TargetSpec::Kind::kSim;
  s.sim.bugs = std::move(bugs);
  return s;
}

TEST(StressRun, StopsAtTheOpBoundWithFigures) {
  StressConfig c;
  c.ops_limit = 3000;
  c.steps = 64;
  auto r = RunStress(c, Sim(), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, reports::FsStatus::kRan);
  EXPECT_EQ(r->name, "sim");
  EXPECT_GE(r->ops, 3000u);
  EXPECT_LT(r->ops, 3000u + 64 * 8);  // the last program is cut to the remaining ops
  EXPECT_GT(r->programs, 10u);
  EXPECT_GT(r->ops_per_s, 0);
  EXPECT_FALSE(r->op_kinds.empty());
  EXPECT_EQ(r->TotalFindings(), 0u);
  EXPECT_GT(r->peak_rss_mib, 0);
  ASSERT_TRUE(r->semantics.has_value());
}

// Two lanes, 4000 ops of 64-step programs, at most 3 files per signature.
StressConfig TwoLanesWithFindings(const std::string& out) {
  StressConfig c;
  c.ops_limit = 4000;
  c.steps = 64;
  c.threads = 2;
  c.out_dir = out;
  c.max_files_per_signature = 3;
  return c;
}

TEST(StressRun, FindingsAreSavedAnnouncedAndInTheSummary) {
  TempDir out;
  StressConfig c = TwoLanesWithFindings(out.path);
  std::mutex mu;
  std::vector<std::string> announced;
  StressHooks h;
  h.announce = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    announced.push_back(line);
  };
  std::atomic<int> programs{0};
  std::set<size_t> lanes;
  h.on_program = [&](size_t lane, const Program&, const ProgramOutcome&) {
    ++programs;
    std::lock_guard<std::mutex> lock(mu);
    lanes.insert(lane);
  };
  auto summary = RunSeries(c, {Sim({SimBug::kLostWrite})}, {}, h, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_EQ(summary->filesystems.size(), 1u);
  const reports::FsResult& r = summary->filesystems[0];
  EXPECT_EQ(r.name, "sim+lost-write");
  EXPECT_GT(r.TotalFindings(), 0u);
  EXPECT_EQ(lanes.size(), 2u);
  EXPECT_EQ(static_cast<uint64_t>(programs.load()), r.programs);
  ASSERT_FALSE(announced.empty());
  // Every announced file exists; at most 3 per signature are kept.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(out.path + "/findings")) files += e.path().extension() == ".json";
  EXPECT_EQ(files, announced.size());
  for (const std::string& line : announced) {
    const std::string path = line.substr(line.find(": ") + 2, line.find("  (") - line.find(": ") - 2);
    EXPECT_TRUE(fs::exists(path)) << path;
  }
  size_t signatures = 0;
  for (const auto& f : r.findings) {
    signatures += f.signatures.size();
    EXPECT_FALSE(f.first_program.empty());
    if (!f.first_file.empty()) {
      EXPECT_TRUE(fs::exists(out.path + "/" + f.first_file)) << f.first_file;
    }
  }
  EXPECT_LE(files, 3 * signatures);
  // The summary is valid by the reports' own loader.
  auto back = reports::SummaryFromJson(reports::ToJson(*summary));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, *summary);
}

TEST(StressRun, LanesAsProcessesMergeTheirFiguresAndFindings) {
  // Two lanes, no on_program hook: each lane is a process of its own. The parent must
  // still announce every finding (once the file is on disk), cap files per signature over
  // both lanes, bound the ops, and merge both lanes' figures.
  TempDir out;
  StressConfig c = TwoLanesWithFindings(out.path);
  ASSERT_TRUE(c.lane_processes);
  std::vector<std::string> announced;  // the parent's announce hook: one thread
  StressHooks h;
  h.announce = [&](const std::string& line) { announced.push_back(line); };
  auto r = RunStress(c, Sim({SimBug::kLostWrite}), h);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, reports::FsStatus::kRan) << r->skip_reason;
  EXPECT_GE(r->ops, 4000u);
  EXPECT_LT(r->ops, 4000u + 2 * 64 * 8);
  EXPECT_GT(r->programs, 10u);
  EXPECT_FALSE(r->op_kinds.empty());
  EXPECT_GT(r->TotalFindings(), 0u);
  EXPECT_GT(r->peak_rss_mib, 0);
  ASSERT_FALSE(announced.empty());
  std::set<std::string> pids;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(out.path + "/findings")) {
    if (e.path().extension() != ".json") continue;
    ++files;
    // finding-SIG-STAMP-PID-SEQ.json: written by the lane processes, not by this one.
    const std::string name = e.path().stem().string();
    const std::string head = name.substr(0, name.rfind('-'));
    pids.insert(head.substr(head.rfind('-') + 1));
  }
  EXPECT_EQ(files, announced.size());
  EXPECT_EQ(pids.size(), 2u);
  EXPECT_EQ(pids.count(std::to_string(::getpid())), 0u);
  size_t signatures = 0;
  for (const auto& f : r->findings) signatures += f.signatures.size();
  EXPECT_LE(files, 3 * signatures);
  // The same run with lanes as threads: the same kinds of figures.
  c.lane_processes = false;
  auto t = RunStress(c, Sim({SimBug::kLostWrite}), {});
  ASSERT_TRUE(t.ok());
  EXPECT_GE(t->ops, 4000u);
  EXPECT_GT(t->TotalFindings(), 0u);
}

TEST(StressRun, StopRequestEndsTheRunAndSkipsTheRest) {
  StressConfig c;
  c.duration_s = 600;
  std::atomic<int> seen{0};
  StressHooks h;
  h.on_program = [&](size_t, const Program&, const ProgramOutcome&) { ++seen; };
  h.stop_requested = [&] { return seen.load() >= 5; };
  auto summary = RunSeries(c, {Sim(), Sim({SimBug::kTornWrite})}, {}, h, nullptr);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->filesystems.size(), 2u);
  EXPECT_EQ(summary->filesystems[0].status, reports::FsStatus::kRan);
  EXPECT_LT(summary->filesystems[0].elapsed_s, 60);
  EXPECT_EQ(summary->filesystems[1].status, reports::FsStatus::kSkipped);
  EXPECT_NE(summary->filesystems[1].skip_reason.find("stopped"), std::string::npos);
}

TEST(StressRun, SnapshotsAreSavedWhileRunning) {
  StressConfig c;
  c.duration_s = 0.6;
  StressHooks h;
  h.snapshot_interval_s = 0.1;
  std::vector<reports::Summary> saved;
  auto summary = RunSeries(c, {Sim()}, {}, h, [&](const reports::Summary& s) { saved.push_back(s); });
  ASSERT_TRUE(summary.ok());
  ASSERT_GE(saved.size(), 2u);
  EXPECT_EQ(saved.front().filesystems[0].status, reports::FsStatus::kFailed);  // "in progress"
  EXPECT_EQ(saved.back().filesystems[0].status, reports::FsStatus::kRan);
  for (const reports::Summary& s : saved) EXPECT_TRUE(reports::SummaryFromJson(reports::ToJson(s)).ok());
}

TEST(StressRun, MissingFilesystemIsSkippedWithItsReason) {
  const Variant* v = FindVariant("bcachefs");
  ASSERT_NE(v, nullptr);
  if (!SkipReason(*v)) GTEST_SKIP() << "this machine can run bcachefs";
  TargetSpec s;
  s.kind = TargetSpec::Kind::kTestbed;
  s.variant = "bcachefs";
  StressConfig c;
  c.ops_limit = 10;
  auto r = RunStress(c, s, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, reports::FsStatus::kSkipped);
  EXPECT_EQ(r->name, "bcachefs");
  EXPECT_FALSE(r->skip_reason.empty());
}

TEST(StressRun, ExtraRunReplacesASkippedRow) {
  StressConfig c;
  c.ops_limit = 100;
  ExtraRun vm;
  vm.name = "sim";
  vm.run = [](const StressConfig&, const StressHooks&) -> Result<reports::FsResult> {
    reports::FsResult r;
    r.name = "sim";
    r.runner = "vm:test";
    return r;
  };
  StressHooks h;
  auto summary = RunSeries(c, {Sim()}, {vm}, h, nullptr);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->filesystems.size(), 2u);  // both ran: the second is renamed
  EXPECT_EQ(summary->filesystems[1].name, "sim@vm:test");
}

TEST(StressRun, BadConfigIsAUsageError) {
  StressConfig c;  // no bound
  auto r = RunStress(c, Sim(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
}

}  // namespace
}  // namespace fsfuzz::stress
