// Replaying a program on a target (see replay.h).
#include "src/fsfuzz/repro/replay.h"

#include "src/fsfuzz/run/hang_finding.h"

#include "src/fsfuzz/check/checker.h"
#include "src/fsfuzz/finding/known_findings.h"
#include "src/fsfuzz/repro/match.h"

namespace fsfuzz {
namespace {

// Feeds the checker step by step and stops the program at the first finding.
class OnlineCheck final : public StepSink {
 public:
  explicit OnlineCheck(Checker& c) : checker_(c) {}
  bool OnStep(size_t index, const StepRecord& rec) override { return checker_.OnStep(index, rec); }

 private:
  Checker& checker_;
};

}  // namespace

Finding HangFinding(const Program& p, const HangReport& r, const Env& env) {
  // The session's builder, so signatures agree; the row label is repro's.
  Finding f = MakeHangFinding(r, &p, env);
  f.fs = FsLabel(env);
  f.title = "INFO: task hung in " + f.op_kinds[0] + " on " + f.fs;
  return f;
}

Result<std::unique_ptr<Replayer>> Replayer::Open(const TargetSpec& spec, ReplayOptions options) {
  std::unique_ptr<Replayer> r(new Replayer(spec, std::move(options)));
  if (Status s = r->OpenTarget(); !s.ok()) return s;
  return r;
}

Replayer::~Replayer() {
  executor_.reset();  // workers and watchdog go before the backend they use
  target_.reset();
}

Status Replayer::OpenTarget() {
  executor_.reset();
  target_.reset();
  auto t = Target::Open(spec_);
  if (!t.ok()) return t.status();
  target_ = std::move(*t);
  label_ = target_->label();
  env_ = target_->env();
  ExecOptions eo;
  eo.deadline = options_.deadline;
  // Only the simulator can be unstuck; a real hang ends the process after on_hang.
  eo.exit_on_hang = target_->sim() == nullptr;
  eo.on_hang = [this](const HangReport& r) { OnHang(r); };
  executor_ = std::make_unique<Executor>(target_->backend(), eo);
  return Status::Ok();
}

void Replayer::OnHang(const HangReport& r) {
  // The watchdog thread: the main thread is blocked in the stuck op until released.
  Finding f = running_ ? HangFinding(*running_, r, env_) : Finding{};
  if (SimBackend* sim = target_->sim()) {
    hang_ = std::move(f);
    sim->ReleaseHangs();
    return;
  }
  if (options_.on_fatal_hang) options_.on_fatal_hang(f, env_);
}

ReplayRun Replayer::Run(const Program& program) {
  ReplayRun out;
  const bool fresh = options_.fresh_target || spec_.kind == TargetSpec::Kind::kSim;
  if (fresh || !target_) {
    if (Status s = OpenTarget(); !s.ok()) {
      out.status = s;
      out.verdict.status = Verdict::Status::kInconclusive;
      out.verdict.inconclusive_reason = s.message();
      return out;
    }
  }
  out.env = env_;
  target_->DrainKernel(false);  // what the kernel said before is not this run's
  Checker checker(program, env_);
  OnlineCheck sink(checker);
  running_ = &program;
  hang_.reset();
  Result<Trace> trace = executor_->Run(program, &sink);
  running_ = nullptr;
  if (!trace.ok()) {
    out.status = trace.status();
    out.verdict.status = Verdict::Status::kInconclusive;
    out.verdict.inconclusive_reason = trace.status().message();
    return out;
  }
  out.trace = std::move(*trace);
  checker.OnFinal(out.trace);
  out.verdict = checker.verdict();
  if (hang_) {
    out.verdict.findings.insert(out.verdict.findings.begin(), *hang_);
    out.verdict.status = Verdict::Status::kFinding;
  }
  KernelSignals ks = target_->DrainKernel(true);
  for (const auto& [k, n] : ks.counts) out.verdict.signals[k] += n;
  for (Finding& f : ks.findings) {
    f.evidence["kernel_log"] = ks.lines;
    out.verdict.findings.push_back(std::move(f));
    out.verdict.status = Verdict::Status::kFinding;
  }
  for (Finding& f : out.verdict.findings) {
    MarkKnown(f, env_);
    if (f.cls == FindingClass::kDioCollision && ks.counts.count("tracefs-dio-invalidate-fail")) {
      f.evidence["tracefs_dio_invalidate_fail"] = ks.counts["tracefs-dio-invalidate-fail"];
    }
  }
  return out;
}

}  // namespace fsfuzz
