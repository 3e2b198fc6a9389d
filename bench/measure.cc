// Benchmark measurements (see measure.h).
#include "bench/measure.h"

#include <atomic>

#include "src/fsfuzz/run/target.h"
#include "stress/stress_run.h"

namespace fsfuzz::bench {

uint64_t FsxEquivalentOps(const Program& p) {
  uint64_t n = 0;
  const auto& s = p.steps;
  for (size_t i = 0; i < s.size(); ++i) {
    for (const Op& op : s[i].ops) {
      switch (op.kind) {
        case OpKind::kDRead:
        case OpKind::kDWrite:
        case OpKind::kTouchRead:
        case OpKind::kTouchWrite: ++n; break;
        case OpKind::kTruncate: {
          // truncate; mmap; touch_write ending at the new size: part of fsx's mapwrite.
          const bool extension = i + 2 < s.size() && s[i + 1].ops.size() == 1 &&
                                 s[i + 1].ops[0].kind == OpKind::kMmap && s[i + 2].ops.size() == 1 &&
                                 s[i + 2].ops[0].kind == OpKind::kTouchWrite;
          if (!extension) ++n;
          break;
        }
        default: break;
      }
    }
  }
  return n;
}

Measurement Measure(const stress::StressConfig& config, const std::string& fs, ViewReads view_reads) {
  TargetSpec spec;
  spec.view_reads = view_reads;
  if (fs == "sim") {
    spec.kind = TargetSpec::Kind::kSim;
  } else {
    spec.kind = TargetSpec::Kind::kTestbed;
    spec.variant = fs;
    // Room for the file, its aux file and the lanes' files, whatever the file size.
    spec.testbed.image_mib = std::max<uint64_t>(512, 4 * (config.file_size >> 20) * config.threads + 256);
  }
  std::atomic<uint64_t> fsx_ops{0};
  stress::StressHooks hooks;
  // A hook runs in the lane's process when lanes are processes (none is set then: the
  // runner keeps lanes threads where a hook is set), so fsx-equivalent ops are counted for
  // one lane only.
  if (config.threads == 1 || !config.lane_processes) hooks.on_program = [&](size_t, const Program& p, const ProgramOutcome& o) {
    // Only the steps that ran: a program a finding stopped early counts its prefix.
    Program ran = p;
    ran.steps.resize(std::min(p.steps.size(), o.trace.steps.size()));
    fsx_ops += FsxEquivalentOps(ran);
  };
  Measurement m;
  auto r = stress::RunStress(config, spec, hooks);
  if (!r.ok()) {
    m.why = r.status().message();
    return m;
  }
  m.ran = r->status == reports::FsStatus::kRan;
  m.why = r->skip_reason;
  m.seconds = r->elapsed_s;
  m.ops = r->ops;
  m.fsx_ops = fsx_ops.load();
  m.programs = r->programs;
  m.findings = r->TotalFindings();
  m.peak_rss_mib = r->peak_rss_mib;
  return m;
}

}  // namespace fsfuzz::bench
