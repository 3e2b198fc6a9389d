// The .fsp text form of programs: a printer and a parser driven by the op table, with
// parse(print(p)) == p for every valid canonical program. Grammar: docs in text_codec.cc.
#pragma once

#include <string>
#include <string_view>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

struct PrintOptions {
  // Adds a leading comment line and a trailing "# #k" comment with each op's id k
  // (1-based, program order: the source id of its data, as in FirstOpIds).
  bool annotate = false;
};

std::string PrintProgram(const Program& p, const PrintOptions& options = {});

// One op on one line, as in a program ("dwrite off=0 len=64K buf=m0+64K"); for finding
// titles and reports.
std::string PrintOp(const Op& op);

// Parses and validates a program. Errors are kUsage with the message exactly
// "FILE:LINE:COL: message" (1-based, pointing at the offending token); the first error
// in source order wins.
Result<Program> ParseProgram(std::string_view text, std::string_view filename = "<input>");

// The text form only carries the fields an op takes (op_table.h ArgBits): the canonical
// op zeroes the rest (and the slot of a heap buffer). Programs the parser returns, the
// generator makes and the binary decoder returns are canonical.
Op CanonicalOp(const Op& op);
bool IsCanonical(const Program& p);

}  // namespace fsfuzz
