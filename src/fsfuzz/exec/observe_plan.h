// What the executor reads to observe a step, as plain lists of reads (pure, no backend):
// the quiescent views of the file and its mappings, and the settle of a round.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

// The largest Observation: bigger reads are split at multiples of it.
inline constexpr uint64_t kMaxObservation = 1u << 20;

struct ViewRead {
  View view = View::kBuffered;
  uint8_t slot = 0;
  uint64_t off = 0;  // file offset (of the aux file for aux slots)
  uint64_t len = 0;
  bool aux = false;  // a slot view of the aux file (never the same bytes as the file's views)
  bool operator==(const ViewRead&) const = default;
};

// Slots whose mmap succeeded (a failed mmap leaves the static slot table's entry unusable).
using LiveSlots = std::array<bool, kMaxSlots>;

// Appends reads of [off, off+len) of one view, split at multiples of kMaxObservation.
void AppendChunked(View view, uint8_t slot, uint64_t off, uint64_t len, std::vector<ViewRead>& out);

// The views of a file of `size` at rest: buffered [0, size+1) (the extra byte shows where
// the file ends), O_DIRECT [0, roundup(size, dio_align)) unless dio_align is 0 (no
// O_DIRECT here), and for each live slot its mapped range up to the end of its file's EOF
// page plus a 1-byte probe of the first page wholly past EOF (which must take SIGBUS).
// A mapping of the file is read in two parts, below `size` and the EOF page's tail, so
// the first can be the buffered view's bytes (Observation::same_as).
std::vector<ViewRead> QuiescentViewPlan(uint64_t size, uint64_t aux_size, const Slots& slots,
                                        const LiveSlots& live, uint64_t page, uint64_t dio_align);

// The buffered reads that settle a step: the union of its ops' AffectedRange (from the
// size before), merged and clipped to [0, size_after).
std::vector<ViewRead> SettlePlan(const Step& step, const Slots& slots, uint64_t size_before,
                                 uint64_t size_after);

}  // namespace fsfuzz
