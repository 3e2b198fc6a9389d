// One benchmark measurement: an in-process `fsfuzz stress` run on one target, with the
// figures a comparison needs: executed program ops/s, fsx-equivalent ops/s, peak RSS.
#pragma once

#include <cstdint>
#include <string>

#include "src/fsfuzz/exec/view_reads.h"
#include "src/fsfuzz/prog/program.h"
#include "stress/stress_config.h"

namespace fsfuzz::bench {

struct Measurement {
  bool ran = false;
  std::string why;            // when not: the skip or failure reason
  double seconds = 0;
  uint64_t ops = 0;           // executed program ops (check reads are not ops)
  uint64_t fsx_ops = 0;       // what fsx would count for the same work (FsxEquivalentOps)
  uint64_t programs = 0;
  uint64_t findings = 0;
  double peak_rss_mib = 0;
  double ops_per_s() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }
  double fsx_ops_per_s() const { return seconds > 0 ? static_cast<double>(fsx_ops) / seconds : 0; }
};

// fsx counts a mapped read or write as one op, though it maps, accesses, msyncs (after
// a write) and unmaps, and extends the file first when a mapped write passes EOF. Our
// programs spell those out as steps; this counts each fsx-like op once: dread, dwrite,
// touch_read, touch_write, and truncates other than the extension before a mapped write.
uint64_t FsxEquivalentOps(const Program& p);

// Runs `config` (its duration or op bound) on `fs` ("tmpfs", "ext4", ...; "sim" for the
// simulator) in this process.
// view_reads: how checks read the mappings (TargetSpec::view_reads, --view-reads).
Measurement Measure(const stress::StressConfig& config, const std::string& fs,
                    ViewReads view_reads = ViewReads::kMapped);

}  // namespace fsfuzz::bench
