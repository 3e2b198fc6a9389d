// Session: one program at a time on a target, checked online, findings on disk at once.
#include "src/fsfuzz/run/session.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "src/fsfuzz/base/exit_codes.h"
#include "src/fsfuzz/check/checker.h"
#include "src/fsfuzz/run/hang_finding.h"
#include "src/fsfuzz/finding/known_findings.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz {

namespace {

std::string NowIso() {
  char buf[32];
  time_t t = time(nullptr);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Feeds each step to the checker as it completes and writes new findings at once. It
// keeps no copy of the steps (a copy per step was 9% of a checking run): on a finding,
// on_new gets the step just checked and takes the earlier ones from the executor.
class CheckingSink final : public StepSink {
 public:
  using OnNew = std::function<void(size_t first_new, const StepRecord& current)>;
  CheckingSink(Checker& c, OnNew on_new) : checker_(c), on_new_(std::move(on_new)) {}
  bool OnStep(size_t index, const StepRecord& rec) override {
    bool go_on = checker_.OnStep(index, rec);
    if (checker_.verdict().findings.size() > written_) {
      on_new_(written_, rec);
      written_ = checker_.verdict().findings.size();
    }
    return go_on;
  }
  size_t written() const { return written_; }

 private:
  Checker& checker_;
  OnNew on_new_;
  size_t written_ = 0;
};

}  // namespace

// What the watchdog needs to write a hang finding: the program being run.
struct Session::HangState {
  std::mutex mu;
  const Program* program = nullptr;
  std::string text;
  std::string name;
};

Session::Session(Target& target, SessionOptions options)
    : target_(target), options_(std::move(options)), hang_(std::make_unique<HangState>()) {
  ExecOptions eo;
  eo.observe = options_.check;
  eo.deadline = options_.deadline;
  eo.exit_on_hang = options_.exit_on_hang;
  eo.on_hang = [this](const HangReport& r) { WriteHangFinding(r); };
  executor_ = std::make_unique<Executor>(target_.backend(), eo);
}

Session::~Session() = default;

std::string Session::WriteFinding(const Finding& f, const Program& p, const std::string& text, const Trace* trace) {
  (void)p;
  if (options_.out_dir.empty()) return "";
  FindingRecord r;
  r.finding = f;
  MarkKnown(r.finding, target_.env());
  if (options_.want_file && !options_.want_file(r.finding)) {
    if (options_.on_finding) options_.on_finding("", r.finding);
    return "";
  }
  r.env = target_.env();
  r.program_text = text;
  r.trace = trace ? ToJson(*trace) : nlohmann::json();
  r.tool_version = "0.1.0";
  r.created = NowIso();
  auto path = WriteFindingFile(options_.out_dir, r);
  if (!path.ok()) {
    std::cerr << "fsfuzz: could not write finding " << f.title << ": " << path.status().message() << "\n";
    return "";
  }
  if (options_.on_finding) options_.on_finding(*path, r.finding);
  return *path;
}

void Session::WriteHangFinding(const HangReport& report) {
  // Runs on the watchdog thread while an op is stuck: disk first, nothing else before.
  std::lock_guard<std::mutex> lock(hang_->mu);
  Finding f = MakeHangFinding(report, hang_->program, target_.env());
  std::string path = WriteFinding(f, *hang_->program, hang_->text, report.trace_so_far);
  std::cerr << "fsfuzz: HANG: " << f.title << (path.empty() ? "" : " -> " + path) << "\n";
}

ProgramOutcome Session::Run(const Program& program, const std::string& name) {
  ProgramOutcome out;
  PrintOptions po;
  po.annotate = true;
  const std::string text = PrintProgram(program, po);
  {
    std::lock_guard<std::mutex> lock(hang_->mu);
    hang_->program = &program;
    hang_->text = text;
    hang_->name = name;
  }
  target_.DrainKernel(false);  // whatever the kernel said before is not this program's
  const auto t0 = std::chrono::steady_clock::now();
  const Env env = target_.env();
  Checker checker(program, env, [env](Finding& f) { return MarkKnown(f, env); });
  std::vector<std::string>& files = out.finding_files;
  std::unique_ptr<CheckingSink> sink;
  sink = std::make_unique<CheckingSink>(checker, [&](size_t from, const StepRecord& current) {
    Trace partial;
    partial.env = target_.env();
    partial.steps = executor_->StepsSoFar();
    partial.steps.push_back(current);
    partial.stop_reason = "finding";
    const auto& fs = checker.verdict().findings;
    for (size_t i = from; i < fs.size(); ++i) files.push_back(WriteFinding(fs[i], program, text, &partial));
  });
  auto trace = executor_->Run(program, options_.check ? sink.get() : nullptr);
  if (!trace.ok()) {
    out.status = trace.status();
    out.verdict.status = Verdict::Status::kInconclusive;
    out.verdict.inconclusive_reason = trace.status().message();
    return out;
  }
  out.trace = std::move(*trace);
  out.elapsed = std::chrono::steady_clock::now() - t0;
  out.ops = 0;
  for (const StepRecord& s : out.trace.steps) out.ops += s.ops.size();
  if (!options_.check) return out;
  checker.OnFinal(out.trace);
  out.verdict = checker.verdict();
  // Kernel signals raised while the program ran are its findings.
  KernelSignals ks = target_.DrainKernel(true);
  for (const auto& [k, n] : ks.counts) out.verdict.signals[k] += n;
  for (Finding& f : ks.findings) {
    f.evidence["kernel_log"] = ks.lines;
    out.verdict.findings.push_back(f);
    out.verdict.status = Verdict::Status::kFinding;
  }
  for (Finding& f : out.verdict.findings) MarkKnown(f, target_.env());
  // Findings made after the last step (end-of-program views, drain, kernel log).
  for (size_t i = sink->written(); i < out.verdict.findings.size(); ++i) {
    Finding& f = out.verdict.findings[i];
    if (f.cls == FindingClass::kDioCollision && ks.counts.count("tracefs-dio-invalidate-fail")) {
      f.evidence["tracefs_dio_invalidate_fail"] = ks.counts["tracefs-dio-invalidate-fail"];
    }
    files.push_back(WriteFinding(f, program, text, &out.trace));
  }
  if (options_.save_traces && !options_.out_dir.empty()) {
    std::string safe;
    for (char c : name) safe += (isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
    out.trace_file = options_.out_dir + "/trace-" + safe + ".json";
    Status s = WriteTraceFile(out.trace_file, text, out.trace);
    if (!s.ok()) std::cerr << "fsfuzz: could not write trace: " << s.message() << "\n";
  }
  {
    std::lock_guard<std::mutex> lock(hang_->mu);
    hang_->program = nullptr;
  }
  return out;
}

}  // namespace fsfuzz
