// Standalone C reproducers (C11, libc and pthreads only): the program's files set up as
// fsfuzz sets them up, its ops as the same syscalls with the same data and threads, its
// settles and views, and the finding's check. Usage of the result: ./repro DIR [N [MS]].
#pragma once

#include <cstdint>
#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

struct CprogOptions {
  int64_t deadline_ms = 10000;  // the watchdog's per-op deadline (argv[3] overrides it)
  std::string source;           // where the program came from, for the header comment
};

// The C file for program p. With a finding record (whose program p is) the file checks the
// finding's condition and exits 1 when it recurs; without one it runs the program and
// checks nothing (exit 0). kCorrupt when the finding's check cannot be read.
Result<std::string> EmitCProgram(const Program& p, const FindingRecord* record, const CprogOptions& options = {});

}  // namespace fsfuzz
