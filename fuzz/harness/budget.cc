// Cost estimate of a program (see budget.h).
#include "fuzz/harness/budget.h"

#include <algorithm>

namespace fsfuzz::fuzz {

uint64_t EstimatedBytes(const Program& p) {
  uint64_t size = p.header.size;  // upper bound on the file size so far
  uint64_t total = p.header.size + p.header.aux_size;
  int live_maps = 0;
  // A quiescent check reads the file through the buffered and direct views and every
  // mapping (compared against the model as it goes).
  auto check = [&] { total += size * static_cast<uint64_t>(2 + live_maps); };
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) {
      total += op.len;
      switch (op.kind) {
        case OpKind::kWrite:
        case OpKind::kDWrite:
        case OpKind::kFallocate: size = std::max(size, op.off + op.len); break;
        case OpKind::kTruncate: size = std::max(size, op.size); break;
        case OpKind::kMmap: ++live_maps; break;
        case OpKind::kMunmap: live_maps = std::max(0, live_maps - 1); break;
        case OpKind::kCheck: check(); break;
        default: break;
      }
    }
    // A round is settled by reading back every range it may have changed.
    if (s.round) {
      for (const Op& op : s.ops) total += op.len;
    }
  }
  check();
  return total;
}

}  // namespace fsfuzz::fuzz
