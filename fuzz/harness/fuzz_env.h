// The fuzz targets' knobs, read once from the environment (engines pass no flags to
// targets, so environment variables are the only way in). See docs/fuzzing.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "src/fsfuzz/exec/view_reads.h"

namespace fsfuzz::fuzz {

struct FuzzEnv {
  std::string dir_base;    // $FSFUZZ_DIR, else $TMPDIR, else /tmp: where the work dir goes
  std::string out_dir;     // $FSFUZZ_OUT: finding JSON files ("" = not kept)
  std::chrono::milliseconds deadline{3000};  // $FSFUZZ_DEADLINE_MS: the watchdog, per op
  bool feedback = true;    // $FSFUZZ_FEEDBACK=0 turns semantic feedback off
  // $FSFUZZ_KNOWN=crash: known findings (src/fsfuzz/finding/known_findings.h) crash too;
  // by default they are counted and skipped, or CI and continuous fuzzing would stop there.
  bool crash_on_known = false;
  bool keep_known = false; // $FSFUZZ_KEEP_KNOWN=1: keep finding files of known findings
  std::string model_bug;   // $FSFUZZ_MODEL_BUG: fsfuzz_model always uses this bug
  bool quiet = false;      // $FSFUZZ_QUIET=1: no per-process banner / known-finding notes
  bool kernel_watch = false;  // $FSFUZZ_KMSG=1: watch /dev/kmsg and tracefs (root only)
  // $FSFUZZ_VIEW_READS=mapped|loads|kernel: how checks read mappings (--view-reads)
  ViewReads view_reads = ViewReads::kMapped;
  std::string view_reads_error;  // set when $FSFUZZ_VIEW_READS names nothing known
};

// Reads the environment; default_deadline applies when $FSFUZZ_DEADLINE_MS is unset.
FuzzEnv ReadFuzzEnv(std::chrono::milliseconds default_deadline);

}  // namespace fsfuzz::fuzz
