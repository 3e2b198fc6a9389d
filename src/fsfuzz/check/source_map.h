// The model's view of file contents: an interval map from offsets to data sources.
// Byte o of a segment with source (src, delta) holds pattern(seed, src, o + delta), so a
// copy only shifts delta and the model costs memory per fragment, not per byte.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "src/fsfuzz/base/bytes.h"

namespace fsfuzz {

// Literal sources hold bytes the checker adopted verbatim (nothing else explained them).
inline constexpr uint32_t kSrcLiteralBase = 0xF0000000u;

struct Source {
  uint32_t src = 0;   // op id, kSrcZero, kSrcInit, kSrcAux, or kSrcLiteralBase + blob
  int64_t delta = 0;  // byte o holds source byte o + delta
  bool operator==(const Source&) const = default;
};

class SourceMap {
 public:
  struct Seg {
    uint64_t off;
    uint64_t len;
    Source s;
    bool operator==(const Seg&) const = default;
  };

  explicit SourceMap(uint64_t seed);

  uint64_t seed() const { return seed_; }
  // [off, off+len) := s (delta is taken as given: byte o holds pattern(src, o + s.delta)).
  void Assign(uint64_t off, uint64_t len, Source s);
  void Zero(uint64_t off, uint64_t len) { Assign(off, len, Source{}); }
  // Segments covering [off, off+len), clipped to it, in order.
  std::vector<Seg> Segments(uint64_t off, uint64_t len) const;
  // Segments of [src_off, src_off+len) moved to start at dst_off (a copy's sources).
  std::vector<Seg> Shifted(uint64_t src_off, uint64_t len, uint64_t dst_off) const;
  void Apply(const std::vector<Seg>& segs);
  // Expected bytes of [off, off+len).
  void Expect(uint64_t off, uint64_t len, uint8_t* out) const;
  Source At(uint64_t off) const;
  size_t fragments() const { return map_.size(); }

  // Bytes of a source at a position (literal blobs included).
  void Fill(Source s, uint64_t off, uint64_t len, uint8_t* out) const;
  // Registers a literal blob whose byte i is the value at file offset base + i.
  Source AddLiteral(uint64_t base, std::vector<uint8_t> bytes);
  Source AddLiteral(uint64_t base, const Bytes& bytes) { return AddLiteral(base, ToVector(bytes)); }

 private:
  void SplitAt(uint64_t off);
  uint64_t seed_;
  // key: segment start; segments tile [0, 2^63).
  std::map<uint64_t, std::pair<uint64_t, Source>> map_;  // start -> (end, source)
  std::vector<std::shared_ptr<const std::vector<uint8_t>>> blobs_;
};

}  // namespace fsfuzz
