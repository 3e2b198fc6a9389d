// Argument values for the structure-aware mutator: mostly small and page-aligned (fast
// runs, the kernel's page and block paths), sometimes byte-granular or misaligned, and
// often taken from the program itself (offsets, ends, sizes, mapping bounds) so ops
// overlap each other and land on EOF.
#pragma once

#include <cstdint>
#include <vector>

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/generator.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::fuzz {

// Offsets worth reusing: every op's offset and end, sizes, mapping bounds.
std::vector<uint64_t> Hints(const Program& p);

class Values {
 public:
  Values(Rng& rng, const std::vector<uint64_t>& hints) : rng_(rng), hints_(hints) {}

  uint64_t Below(uint64_t n) { return n ? rng_() % n : 0; }
  bool Chance(unsigned one_in) { return Below(one_in) == 0; }

  // A file offset or size in [0, limit]; direct: aligned to 512 or a page, mostly.
  uint64_t Offset(uint64_t limit, bool direct);
  // A length in [1, limit].
  uint64_t Length(uint64_t limit, bool direct);
  // A page-multiple length in [page, limit].
  uint64_t PageLength(uint64_t limit);
  // Nudges v: +-1, +-512, +-page, to a neighbouring alignment, or a hint.
  uint64_t Tweak(uint64_t v, uint64_t limit, bool direct);

 private:
  uint64_t Hint();
  Rng& rng_;
  const std::vector<uint64_t>& hints_;
};

}  // namespace fsfuzz::fuzz
