// Observation plans (see observe_plan.h).
#include "src/fsfuzz/exec/observe_plan.h"

#include <algorithm>

namespace fsfuzz {

void AppendChunked(View view, uint8_t slot, uint64_t off, uint64_t len, std::vector<ViewRead>& out) {
  while (len > 0) {
    const uint64_t c = std::min(len, kMaxObservation - off % kMaxObservation);
    out.push_back(ViewRead{view, slot, off, c});
    off += c, len -= c;
  }
}

std::vector<ViewRead> QuiescentViewPlan(uint64_t size, uint64_t aux_size, const Slots& slots,
                                        const LiveSlots& live, uint64_t page, uint64_t dio_align) {
  std::vector<ViewRead> out;
  AppendChunked(View::kBuffered, 0, 0, size + 1, out);
  if (dio_align) AppendChunked(View::kDirect, 0, 0, RoundUp(size, dio_align), out);
  for (uint8_t i = 0; i < kMaxSlots; ++i) {
    if (!slots[i] || !live[i]) continue;
    const Mapping& m = *slots[i];
    const uint64_t eof_page_end = RoundUp(m.aux() ? aux_size : size, page);
    const uint64_t hi = std::min(m.off + m.len, eof_page_end);
    const uint64_t cut = m.aux() ? m.off : std::clamp(size, m.off, std::max(hi, m.off));
    const size_t first = out.size();
    if (cut > m.off) AppendChunked(View::kSlot, i, m.off, cut - m.off, out);
    if (hi > cut) AppendChunked(View::kSlot, i, cut, hi - cut, out);
    const uint64_t probe = std::max(eof_page_end, m.off);
    if (probe < m.off + m.len) out.push_back(ViewRead{View::kSlot, i, probe, 1});
    for (size_t k = first; k < out.size(); ++k) out[k].aux = m.aux();
  }
  return out;
}

std::vector<ViewRead> SettlePlan(const Step& step, const Slots& slots, uint64_t size_before,
                                 uint64_t size_after) {
  std::vector<Range> ranges;
  for (const Op& op : step.ops) {
    Range r = AffectedRange(op, slots, size_before);
    if (!r.empty()) ranges.push_back(r);
  }
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.off < b.off; });
  std::vector<ViewRead> out;
  for (size_t i = 0; i < ranges.size();) {
    const uint64_t lo = ranges[i].off;
    uint64_t hi = ranges[i].end();
    for (++i; i < ranges.size() && ranges[i].off <= hi; ++i) hi = std::max(hi, ranges[i].end());
    hi = std::min(hi, size_after);
    if (hi > lo) AppendChunked(View::kBuffered, 0, lo, hi - lo, out);
  }
  return out;
}

}  // namespace fsfuzz
