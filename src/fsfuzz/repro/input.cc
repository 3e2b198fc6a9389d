// Loading repro inputs (see input.h).
#include "src/fsfuzz/repro/input.h"

#include <algorithm>

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz {
namespace {

// Printable ASCII: a program (fuzzer inputs almost never are).
bool LooksLikeText(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == '\n' || c == '\t' || c == '\r' || (c >= 32 && c < 127); });
}

}  // namespace

Result<ReproInput> LoadReproInput(const std::string& path, bool bytes) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  ReproInput in;
  in.path = path;
  const std::string& s = *text;
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (!bytes && first != std::string::npos && s[first] == '{') {
    Result<FindingRecord> rec = ReadFindingFile(path);
    if (!rec.ok()) return rec.status();
    Result<Program> p = ParseProgram(rec->program_text, path + " (program)");
    if (!p.ok()) return p.status();
    in.kind = ReproInput::Kind::kFinding;
    in.program = std::move(*p);
    in.record = std::move(*rec);
    return in;
  }
  if (!bytes) {
    // Printable text must parse (its error is the answer); other text (a comment in
    // UTF-8) is a program if it parses, else bytes.
    Result<Program> p = ParseProgram(s, path);
    if (p.ok()) {
      in.kind = ReproInput::Kind::kProgram;
      in.program = std::move(*p);
      return in;
    }
    if (LooksLikeText(s)) return p.status();
  }
  in.kind = ReproInput::Kind::kBytes;
  in.program = Decode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  return in;
}

}  // namespace fsfuzz
