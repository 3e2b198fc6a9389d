// Argument values for mutations (see values.h).
#include "fuzz/mutator/values.h"

#include <algorithm>

namespace fsfuzz::fuzz {

std::vector<uint64_t> Hints(const Program& p) {
  std::vector<uint64_t> h = {0, p.header.size};
  Slots slots;
  for (const Step& st : p.steps) {
    for (const Op& op : st.ops) {
      uint64_t base = 0;
      if ((Uses(op.kind, kArgSlot) && op.kind != OpKind::kMmap) && op.slot < kMaxSlots && slots[op.slot]) {
        base = slots[op.slot]->off;
      }
      if (Uses(op.kind, kArgOff)) h.push_back(base + op.off);
      if (Uses(op.kind, kArgLen)) h.push_back(base + op.off + op.len);
      if (Uses(op.kind, kArgSize)) h.push_back(op.size);
    }
    if (!st.round) ApplyToSlots(st.ops[0], slots);
  }
  std::sort(h.begin(), h.end());
  h.erase(std::unique(h.begin(), h.end()), h.end());
  return h;
}

uint64_t Values::Hint() { return hints_.empty() ? 0 : hints_[Below(hints_.size())]; }

uint64_t Values::Offset(uint64_t limit, bool direct) {
  uint64_t v;
  // Small files keep runs fast (the checker reads every view of the whole file at the
  // end): offsets stay in the first 256K but for one draw in 32.
  switch (Below(32)) {
    case 0: v = Below(limit + 1); break;                          // anywhere at all
    case 1:
    case 2:
    case 3: v = Below(256u << 10); break;                         // anywhere in the first 256K
    case 4:
    case 5:
    case 6:
    case 7:
    case 8:
    case 9: v = Hint() + kPageSize * Below(3) - kPageSize; break; // the page next to one
    default:
      v = Below(2) ? Hint() : Below(32) * kPageSize;              // reuse (overlap, EOF) or small
      break;
  }
  if (v > limit) v = Below(32) * kPageSize;
  if (direct && !Chance(10)) v = RoundDown(v, Chance(3) ? 512 : kPageSize);
  if (!direct && Chance(4)) v += Below(kPageSize);  // byte granular
  return std::min(v, limit);
}

uint64_t Values::Length(uint64_t limit, bool direct) {
  uint64_t v;
  switch (Below(16)) {
    case 0: v = 1 + Below(limit); break;  // rarely long: long ops make slow runs
    case 1:
    case 2: v = 1 + Below(64); break;
    case 3:
    case 4: v = 1 + Below(3 * kPageSize); break;
    case 5:
    case 6: v = 512 * (1 + Below(16)); break;
    default: v = kPageSize * (1 + Below(8)); break;
  }
  if (direct && !Chance(10)) v = std::max<uint64_t>(512, RoundDown(v, Chance(3) ? 512 : kPageSize));
  return std::clamp<uint64_t>(v, 1, limit);
}

uint64_t Values::PageLength(uint64_t limit) {
  const uint64_t pages = Chance(8) ? 1 + Below(limit / kPageSize) : 1 + Below(32);
  return std::clamp<uint64_t>(pages * kPageSize, kPageSize, RoundDown(limit, kPageSize));
}

uint64_t Values::Tweak(uint64_t v, uint64_t limit, bool direct) {
  static constexpr int64_t kDeltas[] = {1, -1, 512, -512, 4096, -4096, 100, -100};
  uint64_t out;
  switch (Below(4)) {
    case 0: out = v + static_cast<uint64_t>(kDeltas[Below(8)]); break;
    case 1: out = Hint(); break;
    case 2: out = RoundDown(v, Chance(2) ? 512 : kPageSize); break;
    default: out = Offset(limit, direct); break;
  }
  if (out > (uint64_t{1} << 62)) return 0;  // a step down from near zero wrapped
  return out > limit ? limit : out;
}

}  // namespace fsfuzz::fuzz
