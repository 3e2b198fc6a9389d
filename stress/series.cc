// Series of stress runs and their summary (see series.h).
#include "stress/series.h"

#include <mutex>

#include "src/fsfuzz/trace/atomic_file.h"
#include "stress/host.h"

namespace fsfuzz::stress {
namespace {

// Row names must be unique: a later row of a name already present (an extra run in a
// VM of a filesystem the host also has) replaces a skipped one, is dropped when it was
// skipped itself, and is otherwise kept under NAME@RUNNER.
std::vector<reports::FsResult> MergeRows(const std::vector<reports::FsResult>& in) {
  std::vector<reports::FsResult> rows;
  for (const reports::FsResult& r : in) {
    reports::FsResult* same = nullptr;
    for (reports::FsResult& row : rows) {
      if (row.name == r.name) same = &row;
    }
    if (!same) {
      rows.push_back(r);
    } else if (same->status == reports::FsStatus::kSkipped) {
      *same = r;
    } else if (r.status != reports::FsStatus::kSkipped) {
      rows.push_back(r);
      rows.back().name += "@" + r.runner;
    }
  }
  return rows;
}

reports::FsResult Pending(const std::string& name, const std::string& why) {
  reports::FsResult r;
  r.name = r.variant = name;
  r.status = reports::FsStatus::kSkipped;
  r.skip_reason = why;
  return r;
}

}  // namespace

reports::Summary NewSummary(const StressConfig& c) {
  reports::Summary s;
  s.created = NowIso8601();
  s.tool_version = "0.1.0";
  s.config.seed = c.seed;
  s.config.mix = c.mix;
  s.config.threads = c.threads;
  s.config.duration_s = c.duration_s;
  s.config.ops_limit = c.ops_limit;
  s.config.file_size = c.file_size;
  s.config.deadline_ms = c.deadline_ms;
  s.host = ThisHost();
  return s;
}

Result<reports::Summary> RunSeries(const StressConfig& config, const std::vector<TargetSpec>& specs,
                                   const std::vector<ExtraRun>& extras, const StressHooks& hooks,
                                   const std::function<void(const reports::Summary&)>& save) {
  reports::Summary summary = NewSummary(config);
  std::vector<std::string> names;
  for (const TargetSpec& s : specs) names.push_back(SpecName(s));
  for (const ExtraRun& e : extras) names.push_back(e.name);
  const char* kNotReached = "not run: the series was stopped before this filesystem";
  // Rows in the order asked for; those not yet run say so until they are.
  for (const std::string& n : names) summary.filesystems.push_back(Pending(n, "not run yet"));
  auto stopped = [&] { return hooks.stop_requested && hooks.stop_requested(); };
  // A hang is saved from the watchdog thread, possibly while a snapshot is being saved.
  std::mutex save_mu;
  auto emit = [&](const reports::Summary& s) {
    if (!save) return;
    std::lock_guard<std::mutex> lock(save_mu);
    reports::Summary out = s;
    out.created = NowIso8601();
    out.filesystems = MergeRows(s.filesystems);
    save(out);
  };
  for (size_t i = 0; i < names.size(); ++i) {
    if (stopped()) {
      summary.filesystems[i] = Pending(names[i], kNotReached);
      continue;
    }
    StressHooks h = hooks;
    h.snapshot = [&, i](const reports::FsResult& partial) {
      reports::Summary s = summary;
      s.filesystems[i] = partial;
      emit(s);
    };
    Result<reports::FsResult> r =
        i < specs.size() ? RunStress(config, specs[i], h) : extras[i - specs.size()].run(config, h);
    if (!r.ok()) {
      if (i == 0 && r.status().kind() == ErrorKind::kUsage) return r.status();
      summary.filesystems[i].status = reports::FsStatus::kFailed;
      summary.filesystems[i].skip_reason = r.status().message();
    } else {
      summary.filesystems[i] = std::move(*r);
    }
    emit(summary);
  }
  summary.filesystems = MergeRows(summary.filesystems);
  summary.created = NowIso8601();
  return summary;
}

Status WriteSummaryJson(const std::string& path, const reports::Summary& s) {
  return WriteFileAtomic(path, reports::ToJson(s).dump(2) + "\n");
}

}  // namespace fsfuzz::stress
