// SourceMap: interval map of data sources (see source_map.h).
#include "src/fsfuzz/check/source_map.h"

#include <algorithm>
#include <cstring>

#include "src/fsfuzz/prog/limits.h"
#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {
namespace {
constexpr uint64_t kEnd = 1ull << 63;
}

SourceMap::SourceMap(uint64_t seed) : seed_(seed) { map_[0] = {kEnd, Source{}}; }

void SourceMap::SplitAt(uint64_t off) {
  if (off >= kEnd) return;
  auto it = map_.upper_bound(off);
  --it;  // segment containing off
  if (it->first == off) return;
  auto [end, s] = it->second;
  it->second.first = off;
  map_[off] = {end, s};
}

void SourceMap::Assign(uint64_t off, uint64_t len, Source s) {
  if (len == 0) return;
  uint64_t end = std::min(off + len, kEnd);
  SplitAt(off);
  SplitAt(end);
  auto first = map_.find(off);
  auto last = map_.lower_bound(end);
  map_.erase(first, last);
  map_[off] = {end, s};
  // Merge with neighbours holding the same source (keeps the map small after rewrites).
  auto it = map_.find(off);
  if (it != map_.begin()) {
    auto prev = std::prev(it);
    if (prev->second.second == s) {
      prev->second.first = it->second.first;
      map_.erase(it);
      it = prev;
    }
  }
  auto next = std::next(it);
  if (next != map_.end() && next->second.second == s) {
    it->second.first = next->second.first;
    map_.erase(next);
  }
}

std::vector<SourceMap::Seg> SourceMap::Segments(uint64_t off, uint64_t len) const {
  std::vector<Seg> out;
  if (len == 0) return out;
  uint64_t end = off + len;
  auto it = map_.upper_bound(off);
  --it;
  for (; it != map_.end() && it->first < end; ++it) {
    uint64_t a = std::max(it->first, off), b = std::min(it->second.first, end);
    out.push_back({a, b - a, it->second.second});
  }
  return out;
}

std::vector<SourceMap::Seg> SourceMap::Shifted(uint64_t src_off, uint64_t len, uint64_t dst_off) const {
  std::vector<Seg> segs = Segments(src_off, len);
  const int64_t shift = static_cast<int64_t>(dst_off) - static_cast<int64_t>(src_off);
  for (Seg& g : segs) {
    g.off = static_cast<uint64_t>(static_cast<int64_t>(g.off) + shift);
    // byte at new offset o holds old source byte (o - shift) + delta.
    if (g.s.src != kSrcZero) g.s.delta -= shift;
  }
  return segs;
}

void SourceMap::Apply(const std::vector<Seg>& segs) {
  for (const Seg& g : segs) Assign(g.off, g.len, g.s);
}

void SourceMap::Fill(Source s, uint64_t off, uint64_t len, uint8_t* out) const {
  if (s.src == kSrcZero) {
    std::memset(out, 0, len);
    return;
  }
  const uint64_t pos = static_cast<uint64_t>(static_cast<int64_t>(off) + s.delta);
  if (s.src >= kSrcLiteralBase && s.src < kSrcInit) {
    const auto& blob = *blobs_[s.src - kSrcLiteralBase];
    for (uint64_t i = 0; i < len; ++i) {
      uint64_t p = pos + i;
      out[i] = p < blob.size() ? blob[p] : 0;
    }
    return;
  }
  FillPattern(seed_, s.src, pos, out, len);
}

void SourceMap::Expect(uint64_t off, uint64_t len, uint8_t* out) const {
  for (const Seg& g : Segments(off, len)) Fill(g.s, g.off, g.len, out + (g.off - off));
}

Source SourceMap::At(uint64_t off) const {
  auto it = map_.upper_bound(off);
  --it;
  return it->second.second;
}

Source SourceMap::AddLiteral(uint64_t base, std::vector<uint8_t> bytes) {
  blobs_.push_back(std::make_shared<const std::vector<uint8_t>>(std::move(bytes)));
  return Source{kSrcLiteralBase + static_cast<uint32_t>(blobs_.size() - 1), -static_cast<int64_t>(base)};
}

}  // namespace fsfuzz
