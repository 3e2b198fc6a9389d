// Trace helpers.
#include "src/fsfuzz/trace/trace.h"

#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {

const char* ViewName(View v) {
  switch (v) {
    case View::kBuffered: return "buffered";
    case View::kDirect: return "direct";
    case View::kSlot: return "mapped";
  }
  return "?";
}

const uint8_t* ObservedBytes(const std::vector<Observation>& list, const Observation& o) {
  const uint64_t n = o.ret > 0 ? static_cast<uint64_t>(o.ret) : 0;
  if (o.elided) return nullptr;
  static const uint8_t kNothing[1] = {0};  // no bytes read is not "bytes missing"
  if (n == 0) return kNothing;
  if (o.same_as < 0) return o.data.size() >= n ? o.data.data() : nullptr;
  if (static_cast<size_t>(o.same_as) >= list.size()) return nullptr;
  const Observation& ref = list[static_cast<size_t>(o.same_as)];
  if (&ref == &o || ref.view != View::kBuffered || ref.elided || ref.same_as >= 0 || o.off < ref.off ||
      o.off - ref.off > ref.data.size() || n > ref.data.size() - (o.off - ref.off)) {
    return nullptr;
  }
  return ref.data.data() + (o.off - ref.off);
}

// Eight independent lanes over interleaved words, one multiply each per word: a serial
// Mix64 chain is bound by its multiplies' latency (about 1 GB/s), and the end views of a
// large file are digested whole, once when read and once from the model (that was half
// the time of a 256 MiB stress run). Each lane step is a bijection of the lane state for
// a given word, so one changed word always changes its lane, and the lanes are folded
// through Mix64 (also a bijection): a single-word difference always changes the digest.
uint64_t Digest(const uint8_t* data, size_t n) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
  uint64_t h[8];
  for (int k = 0; k < 8; ++k) h[k] = Mix64(n + static_cast<uint64_t>(k));
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    for (int k = 0; k < 8; ++k) {
      uint64_t w;
      __builtin_memcpy(&w, data + i + 8 * k, 8);
      const uint64_t x = (h[k] ^ w) * kMul;
      h[k] = (x << 29) | (x >> 35);
    }
  }
  uint64_t r = 0;
  for (int k = 0; k < 8; ++k) r = Mix64(r ^ h[k]);
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, data + i, 8);
    r = Mix64(r ^ w);
  }
  uint64_t tail = 0;
  for (size_t j = 0; i < n; ++i, ++j) tail |= static_cast<uint64_t>(data[i]) << (8 * j);
  return Mix64(r ^ tail);
}

}  // namespace fsfuzz
