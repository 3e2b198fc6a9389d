// What the repro commands take: a finding file (JSON), a program (.fsp text) or a fuzzer
// input (bytes, e.g. a libFuzzer crash file), told apart by their contents.
#pragma once

#include <optional>
#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

struct ReproInput {
  enum class Kind : uint8_t { kFinding, kProgram, kBytes };
  Kind kind = Kind::kProgram;
  std::string path;
  Program program;
  std::optional<FindingRecord> record;  // kFinding only
};

// Reads path: JSON (first non-blank byte '{') is a finding file; text that parses is a
// program (printable ASCII that does not parse is an error); anything else decodes as
// bytes. With bytes=true the file is always bytes.
// Errors name the file and, for programs, the line (kUsage) or the JSON field (kCorrupt).
Result<ReproInput> LoadReproInput(const std::string& path, bool bytes = false);

}  // namespace fsfuzz
