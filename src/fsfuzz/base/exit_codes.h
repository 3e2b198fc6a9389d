// The exit-code table of every fsfuzz command (documented in docs/exit-codes.md).
#pragma once

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

#define FSFUZZ_EXIT_CODES(X)                                                     \
  X(kExitOk, 0, "ok", "every program ran and every check passed")               \
  X(kExitFinding, 1, "finding",                                                  \
    "a finding not in the known-findings list was written to disk")              \
  X(kExitUsage, 2, "usage", "bad flag, malformed program file or trace")        \
  X(kExitEnvironment, 3, "environment",                                          \
    "missing tool, filesystem or privilege (root) needed for the request")      \
  X(kExitInconclusive, 4, "inconclusive",                                        \
    "a run could not conclude: ENOSPC/full disk, or setup failed mid-run")       \
  X(kExitHang, 5, "hang", "an op exceeded its deadline; the hang finding is on disk") \
  X(kExitInternal, 70, "internal", "a bug in fsfuzz itself")

enum ExitCode : int {
#define FSFUZZ_X(name, value, label, meaning) name = value,
  FSFUZZ_EXIT_CODES(FSFUZZ_X)
#undef FSFUZZ_X
};

// Maps an error status to the exit code its command must return.
inline int ExitCodeFor(const Status& s) {
  switch (s.kind()) {
    case ErrorKind::kOk: return kExitOk;
    case ErrorKind::kUsage: return kExitUsage;
    case ErrorKind::kCorrupt: return kExitUsage;
    case ErrorKind::kEnvironment: return kExitEnvironment;
    case ErrorKind::kNoSpace: return kExitInconclusive;
    case ErrorKind::kIo: return kExitInconclusive;
    case ErrorKind::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace fsfuzz
