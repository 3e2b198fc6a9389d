// A rough per-page picture of the file under test, replayed from a program and its trace,
// for semantic feedback only (the checker's model is exact; this need not be): which pages
// hold data or a hole, which are in the page cache, which are dirty.
#pragma once

#include <cstdint>
#include <vector>

#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz::fuzz {

// What a file range looks like when an op starts (bits, combined over its pages).
enum PageBits : uint32_t {
  kPageMapped = 1u << 0,   // a live mapping of the file covers part of the range
  kPageDirty = 1u << 1,    // part of it was stored to and not synced or evicted since
  kPagePastEof = 1u << 2,  // the range reaches past EOF
  kPageHole = 1u << 3,     // part of it is a hole (never written, punched, cut off)
  kPageCached = 1u << 4,   // part of it is in the page cache
};
inline constexpr uint32_t kNumPageStates = 32;

class PageState {
 public:
  explicit PageState(const Header& h);

  // The state bits of file range [off, off+len) under the given slot table (len 0: a
  // point at off, so past-EOF and mapped still say something for size changes).
  uint32_t Of(uint64_t off, uint64_t len, const Slots& slots) const;
  // Applies an op that ran with record rec (ret and errno decide what it did).
  void Apply(const Op& op, const OpRecord& rec, const Slots& slots);
  // The file size the step observed, when it did.
  void SetSize(uint64_t size) { size_ = size; }
  uint64_t size() const { return size_; }

 private:
  enum : uint8_t { kData = 1, kCached = 2, kDirty = 4 };
  void Mark(uint64_t off, uint64_t len, uint8_t set, uint8_t clear);
  void Resize(uint64_t new_size);

  std::vector<uint8_t> pages_;  // per page: kData | kCached | kDirty
  uint64_t size_ = 0;
};

// The file range an op works on (its data range, or its slot range in file offsets).
Range OpFileRange(const Op& op, const Slots& slots, uint64_t size_before);

}  // namespace fsfuzz::fuzz
