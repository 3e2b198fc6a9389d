// JSON form of traces and the trace file (see trace_json.h).
#include "src/fsfuzz/trace/trace_json.h"

#include <cstdio>

#include "src/fsfuzz/trace/atomic_file.h"
#include "src/fsfuzz/trace/base64.h"
#include "src/fsfuzz/trace/json_reader.h"

namespace fsfuzz {
namespace {

using nlohmann::json;

std::string Hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Reads an array of T at key with FromJson(element, path), stopping at the first error.
template <typename T, typename F>
void GetArray(JsonReader& r, const char* key, bool required, F from_json, std::vector<T>* out) {
  const json* a = r.Array(key, required);
  if (a == nullptr) return;
  std::vector<T> v;
  v.reserve(a->size());
  for (size_t i = 0; i < a->size(); ++i) {
    Result<T> e = from_json((*a)[i], r.Path(key, i));
    if (!e.ok()) return r.Absorb(e.status());
    v.push_back(std::move(*e));
  }
  *out = std::move(v);
}

Result<Env> EnvFrom(const json& j, const std::string& path) {
  Env e;
  JsonReader r(j, path);
  r.Get("fs", &e.fs, true);
  r.Get("variant", &e.variant);
  r.Get("kernel", &e.kernel);
  r.Get("mount_options", &e.mount_options);
  r.Get("backend", &e.backend);
  r.Get("page_size", &e.page_size);
  r.Get("block_size", &e.block_size);
  r.Get("dio_supported", &e.dio_supported);
  r.Get("dio_mem_align", &e.dio_mem_align);
  r.Get("dio_offset_align", &e.dio_offset_align);
  r.Get("misaligned_dio", &e.misaligned_dio);
  r.Get("overlap_dwrite", &e.overlap_dwrite);
  r.Get("root", &e.root);
  r.Get("can_drop_caches", &e.can_drop_caches);
  r.Get("can_remount", &e.can_remount);
  r.Get("skipped", &e.skipped);
  if (!r.ok()) return r.status();
  return e;
}

Result<OpRecord> OpFrom(const json& j, const std::string& path) {
  OpRecord o;
  JsonReader r(j, path);
  r.Get("id", &o.id, true);
  r.Get("thread", &o.thread);
  r.Get("t_start_ns", &o.t_start_ns);
  r.Get("t_end_ns", &o.t_end_ns);
  r.Get("ret", &o.ret);
  r.Get("err", &o.err);
  r.Get("sigbus", &o.sigbus);
  r.Get("skipped", &o.skipped);
  r.Get("note", &o.note);
  r.Get("data", &o.data);
  if (!r.ok()) return r.status();
  return o;
}

Result<Observation> ObservationFrom(const json& j, const std::string& path) {
  Observation o;
  JsonReader r(j, path);
  std::string view;
  r.Get("view", &view, true);
  if (r.ok() && !ViewFromName(view, &o.view))
    r.Fail("view", "unknown view '" + view + "' (buffered, direct, mapped)");
  r.Get("slot", &o.slot);
  r.Get("off", &o.off, true);
  r.Get("len", &o.len, true);
  r.Get("ret", &o.ret);
  r.Get("err", &o.err);
  r.Get("sigbus", &o.sigbus);
  r.Get("data", &o.data);
  r.Get("elided", &o.elided);
  r.GetHex("digest", &o.digest);
  r.Get("same_as", &o.same_as);
  if (!r.ok()) return r.status();
  return o;
}

Result<StepRecord> StepFrom(const json& j, const std::string& path) {
  StepRecord s;
  JsonReader r(j, path);
  GetArray(r, "ops", true, OpFrom, &s.ops);
  r.Get("size", &s.size);
  GetArray(r, "settle", false, ObservationFrom, &s.settle);
  GetArray(r, "views", false, ObservationFrom, &s.views);
  if (!r.ok()) return r.status();
  return s;
}

Result<Trace> TraceFrom(const json& j, const std::string& path) {
  Trace t;
  JsonReader r(j, path);
  if (const json* env = r.Field("env", true)) {
    Result<Env> e = EnvFrom(*env, r.Path("env"));
    if (e.ok()) {
      t.env = std::move(*e);
    } else {
      r.Absorb(e.status());
    }
  }
  GetArray(r, "steps", true, StepFrom, &t.steps);
  r.Get("final_size", &t.final_size);
  GetArray(r, "final_views", false, ObservationFrom, &t.final_views);
  if (const json* d = r.Field("drain"); d != nullptr && !d->is_null()) {
    Result<OpRecord> o = OpFrom(*d, r.Path("drain"));
    if (o.ok()) {
      t.drain = std::move(*o);
    } else {
      r.Absorb(o.status());
    }
  }
  r.Get("complete", &t.complete);
  r.Get("stop_reason", &t.stop_reason);
  if (!r.ok()) return r.status();
  return t;
}

json ObservationsJson(const std::vector<Observation>& v) {
  json a = json::array();
  for (const Observation& o : v) a.push_back(ToJson(o));
  return a;
}

}  // namespace

bool ViewFromName(std::string_view name, View* out) {
  for (View v : {View::kBuffered, View::kDirect, View::kSlot}) {
    if (name == ViewName(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

json ToJson(const Env& e) {
  return json{{"fs", e.fs},
              {"variant", e.variant},
              {"kernel", e.kernel},
              {"mount_options", e.mount_options},
              {"backend", e.backend},
              {"page_size", e.page_size},
              {"block_size", e.block_size},
              {"dio_supported", e.dio_supported},
              {"dio_mem_align", e.dio_mem_align},
              {"dio_offset_align", e.dio_offset_align},
              {"misaligned_dio", e.misaligned_dio},
              {"overlap_dwrite", e.overlap_dwrite},
              {"root", e.root},
              {"can_drop_caches", e.can_drop_caches},
              {"can_remount", e.can_remount},
              {"skipped", e.skipped}};
}

json ToJson(const OpRecord& o) {
  return json{{"id", o.id},
              {"thread", o.thread},
              {"t_start_ns", o.t_start_ns},
              {"t_end_ns", o.t_end_ns},
              {"ret", o.ret},
              {"err", o.err},
              {"sigbus", o.sigbus},
              {"skipped", o.skipped},
              {"note", o.note},
              {"data", Base64Encode(o.data)}};
}

json ToJson(const Observation& o) {
  json j{{"view", ViewName(o.view)},
         {"slot", o.slot},
         {"off", o.off},
         {"len", o.len},
         {"ret", o.ret},
         {"err", o.err},
         {"sigbus", o.sigbus},
         {"data", Base64Encode(o.data)},
         {"elided", o.elided},
         {"digest", Hex16(o.digest)}};
  if (o.same_as >= 0) j["same_as"] = o.same_as;  // traces without it stay as they were
  return j;
}

json ToJson(const StepRecord& s) {
  json ops = json::array();
  for (const OpRecord& o : s.ops) ops.push_back(ToJson(o));
  return json{{"ops", std::move(ops)},
              {"size", s.size ? json(*s.size) : json(nullptr)},
              {"settle", ObservationsJson(s.settle)},
              {"views", ObservationsJson(s.views)}};
}

json ToJson(const Trace& t) {
  json steps = json::array();
  for (const StepRecord& s : t.steps) steps.push_back(ToJson(s));
  return json{{"env", ToJson(t.env)},
              {"steps", std::move(steps)},
              {"final_size", t.final_size ? json(*t.final_size) : json(nullptr)},
              {"final_views", ObservationsJson(t.final_views)},
              {"drain", t.drain ? ToJson(*t.drain) : json(nullptr)},
              {"complete", t.complete},
              {"stop_reason", t.stop_reason}};
}

Result<Env> EnvFromJson(const json& j) { return EnvFrom(j, "env"); }
Result<OpRecord> OpRecordFromJson(const json& j) { return OpFrom(j, "op"); }
Result<Observation> ObservationFromJson(const json& j) { return ObservationFrom(j, "observation"); }
Result<StepRecord> StepRecordFromJson(const json& j) { return StepFrom(j, "step"); }
Result<Trace> TraceFromJson(const json& j) { return TraceFrom(j, "trace"); }

std::string DumpJson(const json& j, int indent) {
  try {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
  } catch (...) {  // only bad_alloc is left; keep it inside the module
    return std::string("null");
  }
}

Status WriteTraceFile(const std::string& path, const std::string& program_text, const Trace& trace) {
  std::string text;
  try {
    json j{{"format", kTraceFileFormat},
           {"version", kTraceFileVersion},
           {"program", program_text},
           {"trace", ToJson(trace)}};
    text = j.dump(1, ' ', false, json::error_handler_t::replace);
  } catch (const std::exception& e) {
    return Status::Internal("trace file " + path + ": " + e.what());
  }
  text += '\n';
  return WriteFileAtomic(path, text);
}

Result<std::pair<std::string, Trace>> ReadTraceFile(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  json j;
  try {
    j = json::parse(*text);
  } catch (const json::exception& e) {
    return Status::Corrupt(path + ": not JSON: " + e.what());
  }
  JsonReader r(j, path);
  std::string format, program;
  int version = 0;
  r.Get("format", &format, true);
  r.Get("version", &version, true);
  r.Get("program", &program, true);
  if (r.ok() && format != kTraceFileFormat)
    r.Fail("format", "expected \"" + std::string(kTraceFileFormat) + "\"");
  if (r.ok() && version != kTraceFileVersion)
    r.Fail("version", "unsupported version " + std::to_string(version) + " (this build reads 1)");
  const json* tj = r.Field("trace", true);
  if (!r.ok()) return r.status();
  Result<Trace> t = TraceFrom(*tj, r.Path("trace"));
  if (!t.ok()) return t.status();
  return std::make_pair(std::move(program), std::move(*t));
}

}  // namespace fsfuzz
