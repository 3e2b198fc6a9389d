// Findings: class names, signatures, JSON form and atomic finding files (see finding.h).
#include "src/fsfuzz/finding/finding.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>

#include "src/fsfuzz/trace/atomic_file.h"
#include "src/fsfuzz/trace/json_reader.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz {
namespace {

using nlohmann::json;

constexpr const char* kFindingFileFormat = "fsfuzz-finding";
constexpr int kFindingFileVersion = 1;

struct ClassRow {
  FindingClass cls;
  const char* name;
};

constexpr ClassRow kClasses[] = {
#define FSFUZZ_X(id, name, help) {FindingClass::id, name},
    FSFUZZ_FINDING_CLASSES(FSFUZZ_X)
#undef FSFUZZ_X
};

// FNV-1a, 64 bit. Part of the on-disk contract: changing it splits every known bug
// into a new signature, so it must never change.
uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

Result<Finding> FindingFrom(const json& j, const std::string& path) {
  Finding f;
  JsonReader r(j, path);
  std::string cls;
  r.Get("class", &cls, true);
  if (r.ok() && !ClassFromName(cls, &f.cls)) r.Fail("class", "unknown finding class '" + cls + "'");
  r.Get("title", &f.title);
  r.Get("fs", &f.fs);
  r.Get("op_kinds", &f.op_kinds);
  r.Get("step", &f.step);
  r.Get("op_id", &f.op_id);
  r.Get("detail", &f.detail);
  if (const json* e = r.Field("evidence")) f.evidence = *e;
  if (!r.ok()) return r.status();
  return f;
}

// "20250125T101112Z": sorts by time, safe in file names.
std::string UtcStamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

const char* ClassName(FindingClass c) {
  for (const ClassRow& row : kClasses) {
    if (row.cls == c) return row.name;
  }
  return "unknown";
}

bool ClassFromName(const std::string& name, FindingClass* out) {
  for (const ClassRow& row : kClasses) {
    if (name == row.name) {
      *out = row.cls;
      return true;
    }
  }
  return false;
}

std::string Finding::Signature() const {
  std::vector<std::string> kinds = op_kinds;
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  // Separators that cannot occur in names keep ("ab","c") apart from ("a","bc").
  uint64_t h = Fnv1a(0xcbf29ce484222325ull, ClassName(cls));
  for (const std::string& k : kinds) h = Fnv1a(Fnv1a(h, "\x1f"), k);
  h = Fnv1a(Fnv1a(h, "\x1e"), fs);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

json ToJson(const Finding& f) {
  return json{{"class", ClassName(f.cls)}, {"signature", f.Signature()},
              {"title", f.title},          {"fs", f.fs},
              {"op_kinds", f.op_kinds},    {"step", f.step},
              {"op_id", f.op_id},          {"detail", f.detail},
              {"evidence", f.evidence}};
}

Result<Finding> FindingFromJson(const json& j) { return FindingFrom(j, "finding"); }

json ToJson(const FindingRecord& r) {
  // Signature, class, title and fs are repeated at the top for people and jq.
  return json{{"format", kFindingFileFormat},       {"version", kFindingFileVersion},
              {"signature", r.finding.Signature()}, {"class", ClassName(r.finding.cls)},
              {"title", r.finding.title},           {"fs", r.finding.fs},
              {"finding", ToJson(r.finding)},       {"env", ToJson(r.env)},
              {"program", r.program_text},          {"trace", r.trace},
              {"tool_version", r.tool_version},     {"created", r.created}};
}

Result<FindingRecord> FindingRecordFromJson(const json& j) {
  FindingRecord rec;
  JsonReader r(j, "record");
  std::string format = kFindingFileFormat;
  r.Get("format", &format);
  if (r.ok() && format != kFindingFileFormat)
    r.Fail("format", "expected \"" + std::string(kFindingFileFormat) + "\"");
  int version = kFindingFileVersion;
  r.Get("version", &version);
  if (r.ok() && version != kFindingFileVersion)
    r.Fail("version", "unsupported version " + std::to_string(version) + " (this build reads 1)");
  if (const json* f = r.Field("finding", true)) {
    Result<Finding> fr = FindingFrom(*f, r.Path("finding"));
    if (fr.ok()) {
      rec.finding = std::move(*fr);
    } else {
      r.Absorb(fr.status());
    }
  }
  if (const json* e = r.Field("env", true)) {
    Result<Env> er = EnvFromJson(*e);
    if (er.ok()) {
      rec.env = std::move(*er);
    } else {
      r.Absorb(Status::Corrupt("record." + er.status().message()));
    }
  }
  r.Get("program", &rec.program_text);
  if (const json* t = r.Field("trace")) rec.trace = *t;
  r.Get("tool_version", &rec.tool_version);
  r.Get("created", &rec.created);
  if (!r.ok()) return r.status();
  return rec;
}

Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  return WriteFileAtomic(path, contents, WriteMode::kReplace);
}

Result<std::string> WriteFindingFile(const std::string& dir, const FindingRecord& r,
                                     const std::string& prefix) {
  static std::atomic<uint64_t> counter{0};
  std::string text;
  try {
    text = DumpJson(ToJson(r), 2) + "\n";
  } catch (const std::exception& e) {
    return Status::Internal(std::string("finding JSON: ") + e.what());
  }
  const std::string base =
      dir + "/" + prefix + r.finding.Signature() + "-" + UtcStamp() + "-" + std::to_string(::getpid()) + "-";
  // The name is unique in this process; another process (or PID namespace) can still
  // pick it, and then a new counter value is tried: the write never replaces a file.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string path = base + std::to_string(counter.fetch_add(1)) + ".json";
    bool exists = false;
    Status s = WriteFileAtomic(path, text, WriteMode::kCreateNew, &exists);
    if (s.ok()) return path;
    if (!exists) return s;
  }
  return Status::Io("no unused finding file name under " + base + "*");
}

Result<FindingRecord> ReadFindingFile(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  json j;
  try {
    j = json::parse(*text);
  } catch (const json::exception& e) {
    return Status::Corrupt(path + ": not JSON: " + e.what());
  }
  Result<FindingRecord> r = FindingRecordFromJson(j);
  if (!r.ok()) return Status::Corrupt(path + ": " + r.status().message());
  return r;
}

}  // namespace fsfuzz
