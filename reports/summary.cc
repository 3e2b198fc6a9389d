// The summary's JSON form (written by ToJson, read by summary_reader.cc) and helpers
// (see summary.h and docs/summary-schema.md).
#include "reports/summary.h"

#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::reports {
namespace {

using nlohmann::json;

json ToJson(const Latency& l) { return {{"p50", l.p50}, {"p90", l.p90}, {"p99", l.p99}, {"max", l.max}}; }

json ToJson(const OpKindStats& o) {
  json j{{"op", o.op}, {"count", o.count}, {"ops_per_s", o.ops_per_s}, {"errors", o.errors}};
  if (o.latency_us) j["latency_us"] = ToJson(*o.latency_us);
  if (o.histogram) j["histogram"] = {{"bounds_us", o.histogram->bounds_us}, {"counts", o.histogram->counts}};
  return j;
}

json ToJson(const FindingStats& f) {
  return {{"class", ClassName(f.cls)},    {"count", f.count},           {"signatures", f.signatures},
          {"first_title", f.first_title}, {"first_file", f.first_file}, {"first_program", f.first_program}};
}

json ToJson(const FsResult& f) {
  json j{{"name", f.name},
         {"variant", f.variant},
         {"status", FsStatusName(f.status)},
         {"skip_reason", f.skip_reason},
         {"runner", f.runner}};
  if (f.env) j["env"] = fsfuzz::ToJson(*f.env);
  if (f.status == FsStatus::kSkipped) return j;  // a skipped filesystem has no figures
  j["elapsed_s"] = f.elapsed_s;
  j["programs"] = f.programs;
  j["ops"] = f.ops;
  j["ops_per_s"] = f.ops_per_s;
  j["peak_rss_mib"] = f.peak_rss_mib;
  j["op_kinds"] = json::array();
  for (const OpKindStats& o : f.op_kinds) j["op_kinds"].push_back(ToJson(o));
  j["findings"] = json::array();
  for (const FindingStats& s : f.findings) j["findings"].push_back(ToJson(s));
  j["signals"] = f.signals;
  if (f.semantics) {
    j["semantics"] = {
        {"overlap_dwrite", f.semantics->overlap_dwrite},
        {"misaligned_dio", f.semantics->misaligned_dio},
        {"collision_eio", f.semantics->collision_eio ? json(*f.semantics->collision_eio) : json(nullptr)}};
  }
  return j;
}

}  // namespace

const char* FsStatusName(FsStatus s) {
  switch (s) {
    case FsStatus::kRan:
      return "ran";
    case FsStatus::kSkipped:
      return "skipped";
    case FsStatus::kFailed:
      return "failed";
  }
  return "?";
}

uint64_t FsResult::KnownFindings() const {
  uint64_t n = 0;
  for (const auto& [sig, count] : signals) {
    if (sig.rfind("known:", 0) == 0) n += count;
  }
  return std::min(n, TotalFindings());
}

uint64_t FsResult::TotalFindings() const {
  uint64_t n = 0;
  for (const FindingStats& f : findings) n += f.count;
  return n;
}

const FindingStats* FsResult::Findings(FindingClass c) const {
  for (const FindingStats& f : findings) {
    if (f.cls == c) return &f;
  }
  return nullptr;
}

std::string KernelOf(const Summary& s, const FsResult& fs) {
  if (fs.env && !fs.env->kernel.empty()) return fs.env->kernel;
  if (fs.runner == "host" && !s.host.kernel.empty()) return s.host.kernel;
  return "?";
}

json ToJson(const Summary& s) {
  json j{{"format", kSummaryFormat},
         {"version", kSummaryVersion},
         {"created", s.created},
         {"tool_version", s.tool_version},
         {"config",
          {{"seed", s.config.seed},
           {"mix", s.config.mix},
           {"threads", s.config.threads},
           {"duration_s", s.config.duration_s},
           {"ops_limit", s.config.ops_limit},
           {"file_size", s.config.file_size},
           {"deadline_ms", s.config.deadline_ms}}},
         {"host", {{"kernel", s.host.kernel}, {"cpus", s.host.cpus}, {"memory_mib", s.host.memory_mib}}}};
  j["filesystems"] = json::array();
  for (const FsResult& f : s.filesystems) j["filesystems"].push_back(ToJson(f));
  return j;
}

}  // namespace fsfuzz::reports
