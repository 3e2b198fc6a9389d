// The validating summary loader: strict on format, version, types and invariants,
// tolerant of absent optional fields (see docs/summary-schema.md).
#include <cmath>
#include <set>

#include "reports/summary.h"
#include "src/fsfuzz/trace/atomic_file.h"
#include "src/fsfuzz/trace/json_reader.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::reports {
namespace {

using nlohmann::json;

// A number >= 0 (figures are never negative; NaN/inf cannot round-trip through JSON).
void GetFigure(JsonReader& r, const char* key, double* out, bool required = false) {
  const json* v = r.Field(key, required);
  if (v == nullptr) return;
  if (!v->is_number()) return r.Fail(key, "expected a number");
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < 0) return r.Fail(key, "expected a number >= 0");
  *out = d;
}

// One of the allowed spellings, so a typo in the producer is caught here, not rendered.
void GetEnum(JsonReader& r, const char* key, std::initializer_list<const char*> allowed, std::string* out) {
  std::string v = *out;
  r.Get(key, &v);
  if (!r.ok()) return;
  for (const char* a : allowed) {
    if (v == a) {
      *out = v;
      return;
    }
  }
  r.Fail(key, "unknown value '" + v + "'");
}

// Reads an array of T at key with from(element, path), stopping at the first error.
template <typename T, typename F>
void GetArray(JsonReader& r, const char* key, bool required, F from, std::vector<T>* out) {
  const json* a = r.Array(key, required);
  if (a == nullptr) return;
  std::vector<T> v;
  for (size_t i = 0; i < a->size(); ++i) {
    Result<T> e = from((*a)[i], r.Path(key, i));
    if (!e.ok()) return r.Absorb(e.status());
    v.push_back(std::move(*e));
  }
  *out = std::move(v);
}

// Reads an object at key with from(value, path) into *out (left empty when absent).
template <typename T, typename F>
void GetObject(JsonReader& r, const char* key, F from, std::optional<T>* out) {
  const json* v = r.Field(key);
  if (v == nullptr || v->is_null()) return;
  Result<T> e = from(*v, r.Path(key));
  if (!e.ok()) return r.Absorb(e.status());
  *out = std::move(*e);
}

Result<Latency> LatencyFrom(const json& j, const std::string& path) {
  Latency l;
  JsonReader r(j, path);
  GetFigure(r, "p50", &l.p50, true);
  GetFigure(r, "p90", &l.p90, true);
  GetFigure(r, "p99", &l.p99, true);
  GetFigure(r, "max", &l.max, true);
  // Swapped fields in a producer would draw a nonsense chart; say so instead.
  if (r.ok() && !(l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max))
    r.Fail("p50", "percentiles must satisfy p50 <= p90 <= p99 <= max");
  if (!r.ok()) return r.status();
  return l;
}

Result<Histogram> HistogramFrom(const json& j, const std::string& path) {
  Histogram h;
  JsonReader r(j, path);
  if (const json* b = r.Array("bounds_us", true)) {
    for (const json& e : *b) {
      if (!e.is_number() || !std::isfinite(e.get<double>()) || e.get<double>() <= 0)
        return Status::Corrupt(r.Path("bounds_us") + ": expected numbers > 0");
      if (!h.bounds_us.empty() && e.get<double>() <= h.bounds_us.back())
        return Status::Corrupt(r.Path("bounds_us") + ": bounds must increase");
      h.bounds_us.push_back(e.get<double>());
    }
  }
  if (const json* c = r.Array("counts", true)) {
    for (const json& e : *c) {
      if (!e.is_number_unsigned() && !(e.is_number_integer() && e.get<int64_t>() >= 0))
        return Status::Corrupt(r.Path("counts") + ": expected integers >= 0");
      h.counts.push_back(e.get<uint64_t>());
    }
  }
  if (r.ok() && h.counts.size() != h.bounds_us.size() && h.counts.size() != h.bounds_us.size() + 1)
    r.Fail("counts", "expected one count per bound (and at most one overflow count)");
  if (!r.ok()) return r.status();
  return h;
}

Result<OpKindStats> OpKindFrom(const json& j, const std::string& path) {
  OpKindStats o;
  JsonReader r(j, path);
  r.Get("op", &o.op, true);
  if (r.ok() && o.op.empty()) r.Fail("op", "must not be empty");
  r.Get("count", &o.count, true);
  GetFigure(r, "ops_per_s", &o.ops_per_s);
  r.Get("errors", &o.errors);
  GetObject(r, "latency_us", LatencyFrom, &o.latency_us);
  GetObject(r, "histogram", HistogramFrom, &o.histogram);
  if (!r.ok()) return r.status();
  return o;
}

Result<FindingStats> FindingFrom(const json& j, const std::string& path) {
  FindingStats f;
  JsonReader r(j, path);
  std::string cls;
  r.Get("class", &cls, true);
  if (r.ok() && !ClassFromName(cls, &f.cls)) r.Fail("class", "unknown finding class '" + cls + "'");
  r.Get("count", &f.count, true);
  r.Get("signatures", &f.signatures);
  r.Get("first_title", &f.first_title);
  r.Get("first_file", &f.first_file);
  r.Get("first_program", &f.first_program);
  if (!r.ok()) return r.status();
  return f;
}

Result<Semantics> SemanticsFrom(const json& j, const std::string& path) {
  Semantics s;
  JsonReader r(j, path);
  GetEnum(r, "overlap_dwrite", {"snapshot", "forward", "mixed", "unknown"}, &s.overlap_dwrite);
  GetEnum(r, "misaligned_dio", {"einval", "buffered", "mixed", "unknown"}, &s.misaligned_dio);
  if (const json* c = r.Field("collision_eio"); c != nullptr && !c->is_null()) {
    if (!c->is_boolean()) {
      r.Fail("collision_eio", "expected true, false or null");
    } else {
      s.collision_eio = c->get<bool>();
    }
  }
  if (!r.ok()) return r.status();
  return s;
}

Result<Env> EnvAt(const json& j, const std::string& path) {
  Result<Env> e = EnvFromJson(j);
  if (e.ok()) return e;
  // EnvFromJson names its fields "env.x"; say where this env sits in the summary.
  std::string m = e.status().message();
  if (m.rfind("env", 0) == 0) m = path + m.substr(3);
  return Status::Corrupt(m);
}

void GetSignals(JsonReader& r, std::map<std::string, uint64_t>* out) {
  const json* s = r.Field("signals");
  if (s == nullptr) return;
  if (!s->is_object()) return r.Fail("signals", "expected an object of counts");
  JsonReader sr(*s, r.Path("signals"));
  for (const auto& [name, value] : s->items()) {
    uint64_t n = 0;
    sr.Get(name.c_str(), &n, true);
    (*out)[name] = n;
  }
  r.Absorb(sr.status());
}

// Names that key a table row must be unique, or two rows would merge in a chart.
template <typename T, typename Key>
void RequireUnique(JsonReader& r, const char* key, const std::vector<T>& v, Key k) {
  std::set<std::string> seen;
  for (const T& e : v) {
    if (!seen.insert(k(e)).second) return r.Fail(key, "duplicate entry '" + k(e) + "'");
  }
}

Result<FsResult> FsFrom(const json& j, const std::string& path) {
  FsResult f;
  JsonReader r(j, path);
  r.Get("name", &f.name, true);
  if (r.ok() && f.name.empty()) r.Fail("name", "must not be empty");
  f.variant = f.name;
  r.Get("variant", &f.variant);
  std::string status;
  r.Get("status", &status, true);
  if (r.ok()) {
    if (status == "ran") {
      f.status = FsStatus::kRan;
    } else if (status == "skipped") {
      f.status = FsStatus::kSkipped;
    } else if (status == "failed") {
      f.status = FsStatus::kFailed;
    } else {
      r.Fail("status", "expected ran, skipped or failed, got '" + status + "'");
    }
  }
  r.Get("skip_reason", &f.skip_reason);
  // A filesystem is never dropped silently: a skip or failure says why (DESIGN.md).
  if (r.ok() && f.status != FsStatus::kRan && f.skip_reason.empty())
    r.Fail("skip_reason", "required when status is " + status);
  r.Get("runner", &f.runner);
  if (r.ok() && f.runner != "host" && !(f.runner.rfind("vm:", 0) == 0 && f.runner.size() > 3))
    r.Fail("runner", "expected host or vm:<name>, got '" + f.runner + "'");
  GetObject(r, "env", EnvAt, &f.env);
  GetFigure(r, "elapsed_s", &f.elapsed_s);
  r.Get("programs", &f.programs);
  r.Get("ops", &f.ops);
  GetFigure(r, "ops_per_s", &f.ops_per_s);
  GetFigure(r, "peak_rss_mib", &f.peak_rss_mib);
  GetArray(r, "op_kinds", false, OpKindFrom, &f.op_kinds);
  RequireUnique(r, "op_kinds", f.op_kinds, [](const OpKindStats& o) { return o.op; });
  GetArray(r, "findings", false, FindingFrom, &f.findings);
  RequireUnique(r, "findings", f.findings, [](const FindingStats& s) { return std::string(ClassName(s.cls)); });
  GetSignals(r, &f.signals);
  GetObject(r, "semantics", SemanticsFrom, &f.semantics);
  if (!r.ok()) return r.status();
  return f;
}

Result<Summary> SummaryFrom(const json& j) {
  Summary s;
  JsonReader r(j, "summary");
  std::string format;
  r.Get("format", &format, true);
  if (r.ok() && format != kSummaryFormat)
    r.Fail("format", "expected \"" + std::string(kSummaryFormat) + "\", got \"" + format + "\"");
  int64_t version = 0;
  r.Get("version", &version, true);
  if (r.ok() && version != kSummaryVersion)
    r.Fail("version", "unsupported version " + std::to_string(version) + " (this fsfuzz reads " +
                          std::to_string(kSummaryVersion) + ")");
  if (!r.ok()) return r.status();  // nothing else is meaningful in another format
  r.Get("created", &s.created);
  r.Get("tool_version", &s.tool_version);
  if (const json* c = r.Field("config", true)) {
    JsonReader cr(*c, r.Path("config"));
    cr.Get("seed", &s.config.seed);
    cr.Get("mix", &s.config.mix);
    cr.Get("threads", &s.config.threads);
    GetFigure(cr, "duration_s", &s.config.duration_s);
    cr.Get("ops_limit", &s.config.ops_limit);
    cr.Get("file_size", &s.config.file_size);
    cr.Get("deadline_ms", &s.config.deadline_ms);
    r.Absorb(cr.status());
  }
  if (const json* h = r.Field("host", true)) {
    JsonReader hr(*h, r.Path("host"));
    hr.Get("kernel", &s.host.kernel);
    hr.Get("cpus", &s.host.cpus);
    hr.Get("memory_mib", &s.host.memory_mib);
    r.Absorb(hr.status());
  }
  GetArray(r, "filesystems", true, FsFrom, &s.filesystems);
  RequireUnique(r, "filesystems", s.filesystems, [](const FsResult& f) { return f.name; });
  if (!r.ok()) return r.status();
  return s;
}

}  // namespace

Result<Summary> SummaryFromJson(const json& j) {
  // JsonReader checks types before every get<>, so nothing should throw; this keeps a
  // missed case (or bad_alloc) inside the module all the same.
  try {
    return SummaryFrom(j);
  } catch (const std::exception& e) {
    return Status::Corrupt(std::string("summary: ") + e.what());
  }
}

Result<Summary> ReadSummaryFile(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  json j;
  try {
    j = json::parse(*text);
  } catch (const json::exception& e) {  // the message says where the text went wrong
    return Status::Corrupt(path + ": not JSON: " + e.what());
  }
  Result<Summary> s = SummaryFromJson(j);
  if (!s.ok()) return Status::Corrupt(path + ": " + s.status().message());
  return s;
}

}  // namespace fsfuzz::reports
