// Shared flags and console of stress and compare (see stress_flags.h).
#include "cli/stress_flags.h"

#include <unistd.h>

#include <chrono>

#include "src/fsfuzz/prog/units.h"
#include "stress/duration.h"
#include "stress/interrupt.h"

namespace fsfuzz::cli {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void StressFlags::Add(po::options_description& desc, const std::string& default_duration, uint32_t default_threads) {
  stress::StressConfig& c = config;
  auto dur = po::value(&duration);
  if (!default_duration.empty()) dur->default_value(default_duration);
  desc.add_options()("duration", dur, "time bound per filesystem: 60s, 2m, 1h30m, 500ms")(
      "ops", po::value(&c.ops_limit)->default_value(0), "op bound per filesystem (0: none)")(
      "threads", po::value(&c.threads)->default_value(default_threads),
      "concurrent lanes (one file each, on the same filesystem) and the widest round a program may have (1-8)")(
      "seed", po::value(&c.seed)->default_value(1), "generator seed (lane k uses a seed derived from it)")(
      "mix", po::value(&c.mix)->default_value("default"),
      "op mix: a preset (default, seed, fsx), op=weight,..., or a preset then overrides: fsx,truncate=0")(
      "file-size", po::value(&file_size)->default_value("1M"),
      "initial size and largest offset of the file under test: 1M, 256M")(
      "steps", po::value(&c.steps)->default_value(0), "steps per program (0: chosen from the file size)")(
      "deadline", po::value(&c.deadline_ms)->default_value(10000), "per-op deadline in ms before a hang finding")(
      "max-files-per-signature", po::value(&c.max_files_per_signature)->default_value(10),
      "finding files kept per signature; later duplicates are only counted")(
      "progress-interval", po::value(&progress_interval_s)->default_value(10),
      "seconds between progress lines when stdout is not a terminal")(
      "no-check", po::bool_switch(&no_check), "run without observing or checking (for measuring the checker's cost)")(
      "lanes", po::value(&lanes)->default_value("processes"),
      "with --threads N > 1, lanes are processes (each its own page tables; the default) or threads of one "
      "process");
}

Status StressFlags::Finish(const std::string& out_dir) {
  config.out_dir = out_dir;
  config.check = !no_check;
  if (lanes != "processes" && lanes != "threads") return Status::Usage("--lanes: processes or threads, not '" + lanes + "'");
  config.lane_processes = lanes == "processes";
  if (!duration.empty()) {
    auto d = stress::ParseDuration(duration);
    if (!d.ok()) return d.status();
    config.duration_s = *d;
  }
  auto size = ParseSize(file_size);
  if (!size.ok()) return Status::Usage("--file-size: " + size.status().message());
  config.file_size = *size;
  return stress::Validate(config);
}

Console::Console(double plain_interval_s) : progress_(stdout, ::isatty(STDOUT_FILENO) == 1, plain_interval_s), t0_(Now()) {}

stress::StressHooks Console::Hooks() {
  stress::StressHooks h;
  h.stop_requested = [] { return stress::InterruptGuard::Requested(); };
  h.announce = [this](const std::string& line) { progress_.Announce(line); };
  h.progress = [this](const stress::ProgressSnapshot& s, bool last) {
    if (last) {
      progress_.Finish(s);
    } else {
      progress_.Update(s, Now() - t0_);
    }
  };
  return h;
}

void PrintSummaryTable(const reports::Summary& s, FILE* out) {
  std::fprintf(out, "\n%-22s %-8s %12s %10s %10s %9s %8s\n", "filesystem", "status", "ops", "ops/s", "programs",
               "findings", "rss MiB");
  for (const reports::FsResult& f : s.filesystems) {
    if (f.status == reports::FsStatus::kSkipped) {
      std::fprintf(out, "%-22s %-8s %s\n", f.name.c_str(), "skipped", f.skip_reason.c_str());
      continue;
    }
    std::fprintf(out, "%-22s %-8s %12s %10.0f %10s %9s %8.1f\n", f.name.c_str(), reports::FsStatusName(f.status),
                 stress::Thousands(f.ops).c_str(), f.ops_per_s, stress::Thousands(f.programs).c_str(),
                 stress::Thousands(f.TotalFindings()).c_str(), f.peak_rss_mib);
    if (f.status == reports::FsStatus::kFailed) std::fprintf(out, "%-22s   %s\n", "", f.skip_reason.c_str());
  }
}

int SeriesExitCode(const reports::Summary& s) {
  bool findings = false, failed = false, ran = false;
  for (const reports::FsResult& f : s.filesystems) {
    uint64_t known = 0;
    for (const auto& [name, n] : f.signals) known += name.rfind("known:", 0) == 0 ? n : 0;
    findings |= f.TotalFindings() > known;
    failed |= f.status == reports::FsStatus::kFailed;
    ran |= f.status != reports::FsStatus::kSkipped;
  }
  if (findings) return kExitFinding;
  if (failed) return kExitInconclusive;
  if (!ran) return kExitEnvironment;
  return kExitOk;
}

}  // namespace fsfuzz::cli
