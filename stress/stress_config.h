// The settings of a stress run (what `fsfuzz stress` and `fsfuzz compare` parse their
// flags into), and how they become generator options.
#pragma once

#include <cstdint>
#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/prog/generator.h"

namespace fsfuzz::stress {

struct StressConfig {
  std::string mix = "default";  // preset (default, seed, fsx), op=weight,..., or "preset,op=weight,..."
  uint32_t threads = 1;         // concurrent lanes, and the widest round a program may have
  double duration_s = 0;        // per target; 0: no time bound
  uint64_t ops_limit = 0;       // per target; 0: no op bound (one of the two must be set)
  uint64_t seed = 1;
  uint64_t file_size = 1ull << 20;  // initial size and largest offset of the file under test
  uint64_t deadline_ms = 10000;     // per op, before a hang finding
  int steps = 0;                    // steps per program; 0: chosen from the file size
  bool check = true;                // false: run without observing or checking (benchmarks)
  std::string out_dir;              // findings go to out_dir/findings; "" keeps none
  uint32_t max_files_per_signature = 10;  // later duplicates are counted, not kept
  // Lanes (threads > 1) as processes of their own, not threads of this one: page tables
  // of their own, so one lane's munmap does not stall another (stress/lane_process.h).
  bool lane_processes = true;
};

// kUsage for a run with no bound, zero threads or more than the widest round.
Status Validate(const StressConfig& c);

// Generator options for the config: the mix (a preset name, op=weight overrides, or a
// preset followed by overrides), the file size, rounds up to `threads` ops wide (none for
// one thread), and the steps per program.
Result<GenOptions> MakeGenOptions(const StressConfig& c);

// Steps per program when the config leaves it open: long enough that resetting the file
// and the end-of-program whole-file check are a small part of a program's time, short
// enough to bound a program's trace (fsx-style mixes with map_per_op run long programs).
int AutoSteps(uint64_t file_size, bool map_per_op);

}  // namespace fsfuzz::stress
