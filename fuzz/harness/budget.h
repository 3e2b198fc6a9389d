// The cost bound of one fuzz input. Targets decode with the codec's default limits (so a
// crash file replays unchanged with `fsfuzz run --bytes`) and skip programs whose
// estimated work exceeds this budget, which keeps every input far below the engines'
// timeouts and the watchdog's deadline.
#pragma once

#include <cstdint>

#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::fuzz {

struct Budget {
  // Bytes the run may move: initial contents, every op's length, and each quiescent
  // check (the `check` op and the end of the program) reading every view of the file.
  uint64_t bytes = 48ull << 20;
};

// Bytes moved by running p, estimated from its header and ops (an upper bound on the
// file size at each check: the largest size or end offset seen so far).
uint64_t EstimatedBytes(const Program& p);

inline bool WithinBudget(const Program& p, const Budget& b = {}) { return EstimatedBytes(p) <= b.bytes; }

}  // namespace fsfuzz::fuzz
