// The stress loop (see stress_run.h): lanes (processes, or threads) run programs; the
// calling thread watches the bounds, draws progress and writes snapshots.
#include "stress/stress_run.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "src/fsfuzz/base/exit_codes.h"
#include "src/fsfuzz/testbed/teardown.h"
#include "stress/finding_log.h"
#include "stress/host.h"
#include "stress/interrupt.h"
#include "stress/lane_process.h"
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

// A lane's figures; its live counters are in Runner::counters_ (shared with the lane
// processes when lanes are processes).
struct Lane {
  std::mutex mu;
  RunStats stats;  // guarded by mu
  Status failure;  // set before done
  std::atomic<bool> done{false};
};

class Runner {
 public:
  Runner(const StressConfig& c, const StressHooks& h, GenOptions g) : c_(c), h_(h), gen_(std::move(g)) {}
  Result<reports::FsResult> Run(const TargetSpec& spec);

 private:
  void LaneLoop(size_t k, Target& target);
  void ChildLane(size_t k, LaneChannel& ch);
  LaneEvents ParentEvents();
  [[noreturn]] void EndAtHang(size_t lane);
  void Stop() { counters_->stop = true; }
  bool Stopping() const { return counters_->stop.load(); }
  uint64_t TotalOps() const { return counters_->total_ops.load(); }
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
  Clock::time_point t0_;
  // The stop flag, the op total and each lane's counters: in the lane processes' shared
  // mapping (procs_), or here when lanes are threads.
  LaneShared own_counters_;
  LaneShared* counters_ = &own_counters_;
  // Lanes in processes (lane_process.h): the children, and in the parent the latest
  // stats each sent; in a child, its pipe to the parent.
  std::unique_ptr<LaneProcesses> procs_;
  std::vector<RunStats> child_stats_;
  std::vector<double> child_rss_;
  LaneChannel* channel_ = nullptr;
  bool hang_seen_ = false;
};

void Runner::LaneLoop(size_t k, Target& target) {
  Lane& me = *lane_[k];
  SessionOptions so;
  so.out_dir = findings_dir_;
  so.deadline = std::chrono::milliseconds(c_.deadline_ms);
  so.check = c_.check;
  // In a lane process, the parent announces findings and applies the cap over all lanes
  // (this lane keeps at most the cap of files per signature of its own).
  std::map<std::string, uint32_t> own_files;
  if (channel_) {
    so.on_finding = [this](const std::string& path, const Finding& f) {
      channel_->Send({{"finding", ToJson(f)}, {"path", path}});
    };
    so.want_file = [this, &own_files](const Finding& f) {
      return f.cls == FindingClass::kHang || own_files[f.Signature()]++ < std::max<uint32_t>(1, c_.max_files_per_signature);
    };
  } else {
    so.on_finding = [this](const std::string& path, const Finding& f) { log_->OnFinding(path, f); };
    so.want_file = [this](const Finding& f) { return log_->WantFile(f); };
  }
  Session session(target, so);
  Rng rng(LaneSeed(c_.seed, k));
  int failures_in_a_row = 0;
  LaneShared::PerLane& live = counters_->lane[k];
  auto last_stats = Clock::now();
  for (uint64_t n = 0; !Stopping(); ++n) {
    GenOptions g = gen_;
    if (c_.ops_limit) {
      const uint64_t done = TotalOps();
      if (done >= c_.ops_limit) break;
      // The last program is cut short so the run ends near the bound, not a program past.
      g.num_steps = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(g.num_steps), c_.ops_limit - done));
    }
    const Program p = Generate(rng, g);
    const ProgramOutcome o = session.Run(p, "lane" + std::to_string(k) + "-" + std::to_string(n));
    if (!o.status.ok() && ++failures_in_a_row >= 10) {
      me.failure = o.status;  // the target is broken (full, gone): stop every lane
      Stop();
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
    live.ops += after - before;
    counters_->total_ops += after - before;
    ++live.programs;
    for (const Finding& f : o.verdict.findings) ++live.findings[static_cast<size_t>(f.cls)];
    if (channel_ && Clock::now() - last_stats >= std::chrono::seconds(1)) {
      last_stats = Clock::now();
      channel_->Send({{"stats", me.stats.ToJson()}, {"rss_mib", PeakRssMib()}});
    }
    if (h_.on_program) h_.on_program(k, p, o);
  }
  me.done = true;
}

// In the child of lane k (it leaves by _exit in LaneProcesses::Start).
void Runner::ChildLane(size_t k, LaneChannel& ch) {
  channel_ = &ch;
  Target& target = lanes_->at(k);
  target.RestartKernelWatchInChild();
  LaneLoop(k, target);
  Lane& me = *lane_[k];
  ch.Send({{"stats", me.stats.ToJson()}, {"rss_mib", PeakRssMib()}});
  if (!me.failure.ok()) ch.Send({{"failure", me.failure.message()}});
}

LaneEvents Runner::ParentEvents() {
  LaneEvents ev;
  ev.on_finding = [this](size_t, const std::string& path, const Finding& f) {
    if (f.cls == FindingClass::kHang) hang_seen_ = true;
    log_->OnFinding(path, f);  // announces; a hang also writes the figures and tears down
  };
  ev.on_stats = [this](size_t k, const nlohmann::json& j, double rss) {
    auto st = RunStats::FromJson(j);
    if (st.ok()) child_stats_[k] = std::move(*st);
    child_rss_[k] = std::max(child_rss_[k], rss);
  };
  ev.on_failure = [this](size_t k, const std::string& m) {
    std::lock_guard<std::mutex> lock(lane_[k]->mu);
    lane_[k]->failure = Status::Environment(m);
  };
  return ev;
}

// A lane's watchdog found an op stuck and ended its process with the hang exit code, as
// the watchdog ends the whole process when lanes are threads: the run ends the same way.
void Runner::EndAtHang(size_t lane) {
  procs_->KillAll();
  if (!hang_seen_) {
    // Its finding never arrived (a lane killed by its watchdog still writes the file
    // first): write the figures and tear down as OnHang does.
    Finding f;
    f.cls = FindingClass::kHang;
    f.title = "hang in lane " + std::to_string(lane);
    OnHang(f);
  }
  std::fflush(nullptr);
  ::_exit(kExitHang);
}

RunStats Runner::Merged() {
  RunStats all;
  if (procs_) {
    for (const RunStats& st : child_stats_) all.Merge(st);
    return all;
  }
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
  for (size_t k = 0; k < lane_.size(); ++k) {
    const LaneShared::PerLane& l = counters_->lane[k];
    s.ops += l.ops.load();
    s.programs += l.programs.load();
    for (size_t i = 0; i < s.findings.size(); ++i) s.findings[i] += l.findings[i].load();
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
  for (double rss : child_rss_) r.peak_rss_mib = std::max(r.peak_rss_mib, rss);  // the largest process
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
    if (c_.lane_processes && lanes_->size() > 1 && !h_.on_program) {
      procs_ = std::make_unique<LaneProcesses>();
      counters_ = &procs_->shared();
      child_stats_.resize(lanes_->size());
      child_rss_.assign(lanes_->size(), 0);
      Status s = procs_->Start(lanes_->size(), [this](size_t k, LaneChannel& ch) { ChildLane(k, ch); });
      if (!s.ok()) {
        counters_ = &own_counters_;
        procs_.reset();  // kills and reaps the lanes already started
        lanes_.reset();
        return s;
      }
      for (size_t k = 0; k < lanes_->size(); ++k) lanes_->at(k).StopKernelWatchInParent();
    } else {
      for (size_t k = 0; k < lanes_->size(); ++k) threads.emplace_back([this, k] { LaneLoop(k, lanes_->at(k)); });
    }
  }
  const LaneEvents events = procs_ ? ParentEvents() : LaneEvents{};
  double last_progress = 0, last_snapshot = 0;
  // The rate shown is over the last two seconds or so: ops are counted per program, and
  // programs of a large file take longer than a progress interval.
  std::deque<std::pair<double, uint64_t>> window = {{0.0, 0}};
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double now = std::chrono::duration<double>(Clock::now() - t0_).count();
    if ((h_.stop_requested && h_.stop_requested()) || (c_.duration_s > 0 && now >= c_.duration_s) ||
        (c_.ops_limit && TotalOps() >= c_.ops_limit)) {
      Stop();
    }
    bool all_done = true;
    if (procs_) {
      all_done = procs_->Poll(events);
      for (size_t k = 0; k < procs_->size(); ++k) {
        const int code = procs_->ExitCode(k);
        if (hang_seen_ || code == kExitHang) EndAtHang(k);
        if (code > 0) {
          std::lock_guard<std::mutex> lock(lane_[k]->mu);
          if (lane_[k]->failure.ok()) {
            lane_[k]->failure = Status::Environment(
                "lane " + std::to_string(k) + " " +
                (code > 128 ? "was killed by signal " + std::to_string(code - 128) : "exited with " + std::to_string(code)));
          }
          Stop();
        }
      }
    } else {
      for (auto& l : lane_) all_done &= l->done.load();
    }
    if (all_done) break;
    if (now - last_progress >= 0.25) {
      last_progress = now;
      window.emplace_back(now, TotalOps());
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
    std::lock_guard<std::mutex> lock(l->mu);
    if (!l->failure.ok() && why.empty()) why = "stopped: " + l->failure.message();
  }
  if (h_.progress) {
    ProgressSnapshot s = Snapshot(elapsed, elapsed > 0 ? static_cast<double>(TotalOps()) / elapsed : 0);
    h_.progress(s, true);
  }
  reports::FsResult r = MakeResult(elapsed, why.empty() ? reports::FsStatus::kRan : reports::FsStatus::kFailed, why);
  counters_ = &own_counters_;
  procs_.reset();  // every lane process has ended (Poll saw them all)
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
