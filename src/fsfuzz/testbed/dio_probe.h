// O_DIRECT facts of a filesystem, measured on a probe file: alignment, what a misaligned
// DIO write does, and what a DIO write whose source overlaps its own target through a
// mapping of the file writes (snapshot of the source, or a forward copy).
#pragma once

#include <cstdint>
#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

struct DioFacts {
  bool supported = false;        // open(O_DIRECT) works
  uint64_t mem_align = 0;        // 0: unknown
  uint64_t offset_align = 0;
  std::string align_source;      // "statx" | "probe" | "block size"
  std::string misaligned = "unknown";  // "einval" | "buffered" | "unknown"
  std::string overlap = "unknown";     // "snapshot" | "forward" | "unknown"
  std::string note;              // why something is unknown
};

// Alignment from statx(STATX_DIOALIGN): {mem, offset}, {0, 0} when the kernel or the
// filesystem does not report it.
void StatxDioAlign(int fd, uint64_t* mem_align, uint64_t* offset_align);

// Measures on DIR/.fsfuzz-probe-PID (created O_EXCL|O_NOFOLLOW, removed afterwards):
// - alignment: statx, else the smallest of 512..4096 at which an O_DIRECT read works;
//   where misaligned DIO falls back to buffered, reads succeed at any alignment and the
//   block size is taken instead;
// - misaligned: a 1-byte O_DIRECT write at offset 1 from an odd address fails with
//   EINVAL, or succeeds (buffered fallback);
// - overlap: pages 0..3 hold distinct bytes; an O_DIRECT pwrite of [page, 3 pages) from
//   the file's own MAP_SHARED mapping at page 0 (source overlaps the target), then page 2
//   is read back: the old page 1 ("snapshot": the source was read as it was) or the old
//   page 0 ("forward": the copy ran page by page and re-read what it had just written).
Result<DioFacts> ProbeDio(const std::string& dir, uint64_t block_size);

}  // namespace fsfuzz
