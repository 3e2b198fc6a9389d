// The stress loop (see stress_run.h): lane threads run programs, the calling thread
// watches the bounds, draws progress and writes snapshots.
#include "stress/stress_run.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "src/fsfuzz/testbed/teardown.h"
#include "stress/finding_log.h"
#include "stress/host.h"
#include "stress/interrupt.h"
#include "stress/lanes.h"
#include "stress/run_stats.h"

namespace fsfuzz::stress {
namespace {

using Clock = std::chrono::steady_clock;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// Lane k's generator seed: lane 0 uses the seed itself, so a one-thread run generates
// exactly the programs of `fsfuzz run --random N --seed S` with the same mix.
uint64_t LaneSeed(uint64_t seed, size_t lane) { return seed ^ (0x9e3779b97f4a7c15ull * lane); }

struct Lane {
  std::mutex mu;
  RunStats stats;  // guarded by mu
  std::atomic<uint64_t> ops{0}, programs{0};
  std::array<std::atomic<uint64_t>, kNumFindingClasses> findings{};
  Status failure;  // set before done
  std::atomic<bool> done{false};
};

class Runner {
 public:
  Runner(const StressConfig& c, const StressHooks& h, GenOptions g) : c_(c), h_(h), gen_(std::move(g)) {}
  Result<reports::FsResult> Run(const TargetSpec& spec);

 private:
  void LaneLoop(size_t k, Target& target);
  RunStats Merged();
  ProgressSnapshot Snapshot(double elapsed, double rate);
  reports::FsResult MakeResult(double elapsed, reports::FsStatus status, const std::string& why);
  void OnHang(const Finding& f);

  const StressConfig& c_;
  const StressHooks& h_;
  const GenOptions gen_;
  std::string name_, findings_dir_;
  std::unique_ptr<Lanes> lanes_;
  std::vector<std::unique_ptr<Lane>> lane_;
  std::unique_ptr<FindingLog> log_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> total_ops_{0};
  Clock::time_point t0_;
};

void Runner::LaneLoop(size_t k, Target& target) {
  Lane& me = *lane_[k];
  SessionOptions so;
  so.out_dir = findings_dir_;
  so.deadline = std::chrono::milliseconds(c_.deadline_ms);
  so.check = c_.check;
  so.on_finding = [this](const std::string& path, const Finding& f) { log_->OnFinding(path, f); };
  so.want_file = [this](const Finding& f) { return log_->WantFile(f); };
  Session session(target, so);
  Rng rng(LaneSeed(c_.seed, k));
  int failures_in_a_row = 0;
  for (uint64_t n = 0; !stop_.load(); ++n) {
    GenOptions g = gen_;
    if (c_.ops_limit) {
      const uint64_t done = total_ops_.load();
      if (done >= c_.ops_limit) break;
      // The last program is cut short so the run ends near the bound, not a program past.
      g.num_steps = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(g.num_steps), c_.ops_limit - done));
    }
    const Program p = Generate(rng, g);
    const ProgramOutcome o = session.Run(p, "lane" + std::to_string(k) + "-" + std::to_string(n));
    if (!o.status.ok() && ++failures_in_a_row >= 10) {
      me.failure = o.status;  // the target is broken (full, gone): stop every lane
      stop_ = true;
    } else if (o.status.ok()) {
      failures_in_a_row = 0;
    }
    uint64_t before, after;
    {
      std::lock_guard<std::mutex> lock(me.mu);
      before = me.stats.ops();
      me.stats.AddProgram(p, o, NowNs());
      after = me.stats.ops();
    }
    me.ops += after - before;
    total_ops_ += after - before;
    ++me.programs;
    for (const Finding& f : o.verdict.findings) ++me.findings[static_cast<size_t>(f.cls)];
    if (h_.on_program) h_.on_program(k, p, o);
  }
  me.done = true;
}

RunStats Runner::Merged() {
  RunStats all;
  for (auto& l : lane_) {
    std::lock_guard<std::mutex> lock(l->mu);
    all.Merge(l->stats);
  }
  return all;
}

ProgressSnapshot Runner::Snapshot(double elapsed, double rate) {
  ProgressSnapshot s;
  s.target = name_;
  s.elapsed_s = elapsed;
  s.duration_s = c_.duration_s;
  s.ops_limit = c_.ops_limit;
  s.ops_per_s = rate;
  for (auto& l : lane_) {
    s.ops += l->ops.load();
    s.programs += l->programs.load();
    for (size_t i = 0; i < s.findings.size(); ++i) s.findings[i] += l->findings[i].load();
  }
  s.files_kept = log_ ? log_->kept() : 0;
  return s;
}

reports::FsResult Runner::MakeResult(double elapsed, reports::FsStatus status, const std::string& why) {
  reports::FsResult r;
  r.name = name_;
  r.variant = name_;
  r.status = status;
  r.skip_reason = why;
  r.env = lanes_->env();
  const RunStats all = Merged();
  all.Fill(elapsed, c_.out_dir, r);
  r.peak_rss_mib = PeakRssMib();
  r.semantics = RunSemantics(lanes_->env(), all.signals(), all.collision_prone_rounds());
  return r;
}

void Runner::OnHang(const Finding& f) {
  // On the watchdog thread, with a lane stuck in the kernel; the process ends when we
  // return. Leave the figures and no mount behind.
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0_).count();
  if (h_.snapshot) h_.snapshot(MakeResult(elapsed, reports::FsStatus::kFailed, "hang: " + f.title + "; the run ended there"));
  TeardownAll();
}

Result<reports::FsResult> Runner::Run(const TargetSpec& spec) {
  name_ = SpecName(spec);
  if (!c_.out_dir.empty()) {
    std::error_code ec;
    findings_dir_ = std::filesystem::absolute(c_.out_dir, ec).string() + "/findings";
    std::filesystem::create_directories(findings_dir_, ec);
    if (ec) return Status::Environment(findings_dir_ + ": " + ec.message());
  }
  KeepLargeAllocationsInHeap();
  ResetPeakRss();
  std::vector<std::thread> threads;
  {
    // Every thread started from here on (watchers, lanes, workers) blocks SIGINT/SIGTERM.
    BlockInterrupts block;
    auto lanes = Lanes::Open(spec, c_.threads);
    if (!lanes.ok()) {
      if (lanes.status().kind() != ErrorKind::kEnvironment) return lanes.status();
      reports::FsResult r;
      r.name = r.variant = name_;
      r.status = reports::FsStatus::kSkipped;
      r.skip_reason = lanes.status().message();
      return r;
    }
    lanes_ = std::move(*lanes);
    name_ = lanes_->label();
    log_ = std::make_unique<FindingLog>(c_.max_files_per_signature, h_.announce,
                                        [this](const Finding& f) { OnHang(f); });
    for (size_t k = 0; k < lanes_->size(); ++k) lane_.push_back(std::make_unique<Lane>());
    t0_ = Clock::now();
    for (size_t k = 0; k < lanes_->size(); ++k) threads.emplace_back([this, k] { LaneLoop(k, lanes_->at(k)); });
  }
  double last_progress = 0, last_snapshot = 0;
  // The rate shown is over the last two seconds or so: ops are counted per program, and
  // programs of a large file take longer than a progress interval.
  std::deque<std::pair<double, uint64_t>> window = {{0.0, 0}};
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double now = std::chrono::duration<double>(Clock::now() - t0_).count();
    if ((h_.stop_requested && h_.stop_requested()) || (c_.duration_s > 0 && now >= c_.duration_s) ||
        (c_.ops_limit && total_ops_.load() >= c_.ops_limit))
      stop_ = true;
    bool all_done = true;
    for (auto& l : lane_) all_done &= l->done.load();
    if (all_done) break;
    if (now - last_progress >= 0.25) {
      last_progress = now;
      window.emplace_back(now, total_ops_.load());
      while (window.size() > 2 && now - window[1].first >= 2.0) window.pop_front();
      const double span = now - window.front().first;
      const double rate = span > 0 ? static_cast<double>(window.back().second - window.front().second) / span : 0;
      if (h_.progress) h_.progress(Snapshot(now, rate), false);
    }
    if (h_.snapshot && now - last_snapshot >= h_.snapshot_interval_s) {
      last_snapshot = now;
      h_.snapshot(MakeResult(now, reports::FsStatus::kFailed, "in progress: the run was stopped before its end"));
    }
  }
  for (std::thread& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0_).count();
  std::string why;
  for (auto& l : lane_) {
    if (!l->failure.ok() && why.empty()) why = "stopped: " + l->failure.message();
  }
  if (h_.progress) {
    ProgressSnapshot s = Snapshot(elapsed, elapsed > 0 ? static_cast<double>(total_ops_.load()) / elapsed : 0);
    h_.progress(s, true);
  }
  reports::FsResult r = MakeResult(elapsed, why.empty() ? reports::FsStatus::kRan : reports::FsStatus::kFailed, why);
  lanes_.reset();  // tears the testbed down before the next filesystem starts
  return r;
}

}  // namespace

std::string SpecName(const TargetSpec& spec) {
  switch (spec.kind) {
    case TargetSpec::Kind::kTestbed: return spec.variant;
    case TargetSpec::Kind::kDir: return "dir:" + spec.dir;
    case TargetSpec::Kind::kSim: {
      std::string name = "sim";  // as Target labels it: sim+lost-write
      for (const SimBugInfo* b = SimBugTable(); b != SimBugTable() + kNumSimBugs; ++b) {
        if (spec.sim.bugs.count(b->bug)) name += "+" + std::string(b->name);
      }
      return name;
    }
  }
  return "?";
}

Result<reports::FsResult> RunStress(const StressConfig& config, const TargetSpec& spec, const StressHooks& hooks) {
  if (Status s = Validate(config); !s.ok()) return s;
  auto gen = MakeGenOptions(config);
  if (!gen.ok()) return gen.status();
  Runner runner(config, hooks, std::move(*gen));
  return runner.Run(spec);
}

}  // namespace fsfuzz::stress
