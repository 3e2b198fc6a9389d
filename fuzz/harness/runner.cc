// The fuzz runner (see runner.h).
#include "fuzz/harness/runner.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "fuzz/feedback/features.h"
#include "fuzz/feedback/signal.h"
#include "fuzz/harness/hang_finding.h"
#include "fuzz/harness/work_dir.h"
#include "src/fsfuzz/check/checker.h"
#include "src/fsfuzz/exec/posix_backend.h"
#include "src/fsfuzz/finding/known_findings.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::fuzz {
namespace {

// Feeds each step to the checker as it completes; stops the program at a finding.
class CheckSink final : public StepSink {
 public:
  explicit CheckSink(Checker& c) : checker_(c) {}
  bool OnStep(size_t index, const StepRecord& rec) override { return checker_.OnStep(index, rec); }

 private:
  Checker& checker_;
};

std::string NowIso() {
  char buf[32];
  const time_t t = time(nullptr);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Result<std::unique_ptr<FuzzRunner>> FuzzRunner::Open(TargetSpec spec, const FuzzEnv& env) {
  // Every input allocates and frees read-back buffers of up to the file's size: from the
  // heap, and the freed top kept, they do not cost an mmap, page faults and an munmap
  // each (as in stress, stress/host.cc). A no-op under ASan, whose allocator is its own.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  std::unique_ptr<FuzzRunner> r(new FuzzRunner());
  r->env_ = env;
  if (spec.kind == TargetSpec::Kind::kDir) {
    auto dir = OpenWorkDir(env.dir_base);
    if (!dir.ok()) return dir.status();
    spec.dir = *dir;
  }
  spec.watch_kernel = env.kernel_watch;
  if (!env.view_reads_error.empty()) return Status::Usage(env.view_reads_error);
  spec.view_reads = env.view_reads;
  auto target = Target::Open(spec);
  if (!target.ok()) return target.status();
  r->target_ = std::move(*target);
  if (auto* posix = dynamic_cast<PosixBackend*>(&r->target_->backend())) {
    // drop_caches is system-wide: thousands of inputs a second must not flush the machine.
    if (std::getenv("FSFUZZ_DROP_CACHES") == nullptr && posix->env().can_drop_caches) {
      Env e = posix->env();
      e.can_drop_caches = false;
      e.skipped.push_back("drop_caches: off in fuzz targets (set FSFUZZ_DROP_CACHES=1)");
      posix->OverrideEnv(e);
    }
  }
  if (!env.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(env.out_dir, ec);
    if (ec) return Status::Environment("FSFUZZ_OUT " + env.out_dir + ": " + ec.message());
  }
  ExecOptions eo;
  eo.deadline = env.deadline;
  FuzzRunner* raw = r.get();
  eo.on_hang = [raw](const HangReport& h) { raw->OnHang(h); };
  r->executor_ = std::make_unique<Executor>(r->target_->backend(), eo);
  if (!env.quiet) {
    std::fprintf(stderr, "fsfuzz: target %s, deadline %lld ms, feedback %s, known findings %s%s%s\n",
                 r->target_->label().c_str(), static_cast<long long>(env.deadline.count()),
                 env.feedback ? "on" : "off", env.crash_on_known ? "crash" : "skipped",
                 env.out_dir.empty() ? "" : ", findings in ", env.out_dir.c_str());
  }
  return r;
}

FuzzRunner::~FuzzRunner() = default;

std::string FuzzRunner::Record(const Finding& f, const Program& p, const Trace* trace) {
  if (env_.out_dir.empty()) return "";
  FindingRecord r;
  r.finding = f;
  r.env = target_->env();
  r.program_text = PrintProgram(p, PrintOptions{.annotate = true});
  r.trace = trace ? ToJson(*trace) : nlohmann::json();
  r.tool_version = "0.1.0";
  r.created = NowIso();
  auto path = WriteFindingFile(env_.out_dir, r);
  if (!path.ok()) {
    std::fprintf(stderr, "fsfuzz: could not write the finding: %s\n", path.status().message().c_str());
    return "";
  }
  return *path;
}

void FuzzRunner::OnHang(const HangReport& h) {
  // The watchdog's thread, with an op stuck: the finding goes to disk before anything else.
  std::lock_guard<std::mutex> lock(hang_mu_);
  Finding f = HangFinding(h, current_, target_->env());
  MarkKnown(f, target_->env());
  static const Program kNone;
  const Program& p = current_ ? *current_ : kNone;
  const std::string file = Record(f, p, h.trace_so_far);
  Crash(f, file, p, /*clean=*/false);  // no cleanup: the stuck op may hold the file
}

void FuzzRunner::Crash(const Finding& f, const std::string& file, const Program& p, bool clean) {
  // The title first, on one line, so engine logs and crash reports lead with it.
  std::fprintf(stderr, "==fsfuzz== FINDING %s: %s (signature %s)\n", ClassName(f.cls), f.title.c_str(),
               f.Signature().c_str());
  if (!file.empty()) std::fprintf(stderr, "==fsfuzz== finding file: %s\n", file.c_str());
  std::fprintf(stderr, "%s\n--- program (`fsfuzz decode CRASH_FILE` prints it too) ---\n%s", f.detail.c_str(),
               PrintProgram(p, PrintOptions{.annotate = true}).c_str());
  std::fflush(stderr);
  // abort() skips atexit: remove the work dir now.
  if (clean) RemoveWorkDir();
  std::abort();
}

void FuzzRunner::Run(const Program& p) {
  {
    std::lock_guard<std::mutex> lock(hang_mu_);
    current_ = &p;
  }
  if (env_.kernel_watch) target_->DrainKernel(false);  // earlier kernel noise is not this program's
  const Env& env = target_->env();
  Checker checker(p, env, [&env](Finding& f) { return MarkKnown(f, env); });
  CheckSink sink(checker);
  auto trace = executor_->Run(p, &sink);
  if (!trace.ok()) {
    static bool warned = false;
    if (!warned) std::fprintf(stderr, "fsfuzz: a run was inconclusive: %s\n", trace.status().ToString().c_str());
    warned = true;
  } else {
    checker.OnFinal(*trace);
    if (env_.feedback) EmitFeatures(ExtractFeatures(p, *trace));
    std::vector<Finding> findings = checker.verdict().findings;
    if (env_.kernel_watch) {
      KernelSignals ks = target_->DrainKernel(true);
      for (Finding& f : ks.findings) {
        f.evidence["kernel_log"] = ks.lines;
        MarkKnown(f, env);
        findings.push_back(std::move(f));
      }
    }
    for (Finding& f : findings) {
      // The checker marks what it reports through its callback; findings it adds at the end
      // (a DIO collision's EIO from the final sync, for one) are matched here.
      if (!f.evidence.contains("known")) MarkKnown(f, env);
      if (f.evidence.contains("known") && !env_.crash_on_known) {
        ++known_hits_;
        if (known_seen_[f.Signature()]++ == 0) {
          // The first of each signature: noted, and kept on disk with $FSFUZZ_KEEP_KNOWN=1.
          const std::string file = env_.keep_known ? Record(f, p, &*trace) : "";
          if (!env_.quiet) {
            std::fprintf(stderr, "fsfuzz: known finding, not a crash: %s%s%s\n", f.title.c_str(),
                         file.empty() ? "" : " -> ", file.c_str());
          }
        }
        continue;
      }
      Crash(f, Record(f, p, &*trace), p, /*clean=*/true);
    }
  }
  std::lock_guard<std::mutex> lock(hang_mu_);
  current_ = nullptr;
}

FuzzRunner& RunnerOrDie(const TargetSpec& spec, std::chrono::milliseconds default_deadline) {
  auto r = FuzzRunner::Open(spec, ReadFuzzEnv(default_deadline));
  if (!r.ok()) {
    std::fprintf(stderr, "fsfuzz: cannot open the fuzz target: %s\n", r.status().ToString().c_str());
    std::exit(1);
  }
  // Never destroyed: engines exit from signal handlers and other threads, and the
  // worker threads must outlive every input. The work dir goes at exit (work_dir.h).
  return *r->release();
}

}  // namespace fsfuzz::fuzz
