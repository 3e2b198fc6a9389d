// Helpers the C emitter's parts share: C literals and the check's constants.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/repro/check_spec.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz::cemit {

// A C string literal ("..." with escapes; octal for anything unprintable).
std::string Str(std::string_view s);
// 0x...ULL
std::string U64(uint64_t v);
// Text safe inside a /* */ comment.
std::string CommentSafe(std::string s);

// The ops[] and steps[] tables and their #defines (NOPS, NSTEPS, MAX_ROUND). trace: the
// finding's run (its op results become the rows' orig_* fields), or nullptr.
std::string ProgramTables(const Program& p, const Trace* trace);
// The check: cands[], definite[], sizes[] and the check_params `chk`.
std::string CheckTables(const CheckSpec& c, const Program& p, const std::string& title);

}  // namespace fsfuzz::cemit
