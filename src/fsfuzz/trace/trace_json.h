// JSON form of traces (byte vectors as base64), so a run can be saved and re-checked
// offline, and the trace file that pairs a trace with its program's text.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/trace/env.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

nlohmann::json ToJson(const Env& env);
nlohmann::json ToJson(const OpRecord& op);
nlohmann::json ToJson(const Observation& obs);
nlohmann::json ToJson(const StepRecord& step);
nlohmann::json ToJson(const Trace& trace);

// kCorrupt on malformed input, naming the field: "trace.steps[2].ops[0].ret: expected an
// integer". Absent optional fields keep their defaults; unknown fields are ignored.
Result<Env> EnvFromJson(const nlohmann::json& j);
Result<OpRecord> OpRecordFromJson(const nlohmann::json& j);
Result<Observation> ObservationFromJson(const nlohmann::json& j);
Result<StepRecord> StepRecordFromJson(const nlohmann::json& j);
Result<Trace> TraceFromJson(const nlohmann::json& j);

bool ViewFromName(std::string_view name, View* out);

// The trace file: {"format":"fsfuzz-trace","version":1,"program":"<fsp text>","trace":{...}}.
inline constexpr const char* kTraceFileFormat = "fsfuzz-trace";
inline constexpr int kTraceFileVersion = 1;

// Written atomically (temp file, fsync, rename, fsync of the directory).
Status WriteTraceFile(const std::string& path, const std::string& program_text, const Trace& trace);
// The program text and the trace; kIo when unreadable, kCorrupt when malformed.
Result<std::pair<std::string, Trace>> ReadTraceFile(const std::string& path);

// nlohmann::json::dump without exceptions: invalid UTF-8 in strings (notes, kernel log
// lines) is replaced rather than thrown on. indent < 0: compact.
std::string DumpJson(const nlohmann::json& j, int indent = 1);

}  // namespace fsfuzz
