// Per-page state replay for feedback (see page_state.h).
#include "fuzz/feedback/page_state.h"

#include <algorithm>

namespace fsfuzz::fuzz {
namespace {

// Ranges beyond this are folded onto the last page: decoded programs stay far below it.
constexpr uint64_t kMaxPages = 1u << 16;

uint64_t PageOf(uint64_t off) { return std::min(off / kPageSize, kMaxPages - 1); }

bool SameFile(const std::optional<Mapping>& m) { return m && !m->aux(); }

}  // namespace

Range OpFileRange(const Op& op, const Slots& slots, uint64_t size_before) {
  switch (op.kind) {
    case OpKind::kWrite:
    case OpKind::kRead:
    case OpKind::kDWrite:
    case OpKind::kDRead:
    case OpKind::kFallocate:
    case OpKind::kMmap: return {op.off, op.len};
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite:
    case OpKind::kMsync:
    case OpKind::kMadvise:
      if (op.slot < kMaxSlots && slots[op.slot]) return {slots[op.slot]->off + op.off, op.len};
      return {};
    case OpKind::kTruncate: {
      const uint64_t lo = std::min(op.size, size_before), hi = std::max(op.size, size_before);
      return {lo, hi - lo};
    }
    default: return {};
  }
}

PageState::PageState(const Header& h) : size_(h.size) {
  pages_.assign(PageOf(RoundUp(h.size, kPageSize)) + 1, 0);
  // The initial contents are written with buffered writes: cached, then written back.
  if (!h.sparse) Mark(0, h.size, kData | kCached, 0);
}

void PageState::Mark(uint64_t off, uint64_t len, uint8_t set, uint8_t clear) {
  if (len == 0) return;
  const uint64_t first = PageOf(off), last = PageOf(off + len - 1);
  if (pages_.size() <= last) pages_.resize(last + 1, 0);
  for (uint64_t i = first; i <= last; ++i) pages_[i] = static_cast<uint8_t>((pages_[i] & ~clear) | set);
}

void PageState::Resize(uint64_t new_size) {
  // Pages wholly past the new EOF are gone (holes, uncached); a later extension exposes zeros.
  if (new_size < size_) {
    const uint64_t keep = RoundUp(new_size, kPageSize);
    if (keep < RoundUp(size_, kPageSize)) Mark(keep, RoundUp(size_, kPageSize) - keep, 0, kData | kCached | kDirty);
  }
  size_ = new_size;
}

uint32_t PageState::Of(uint64_t off, uint64_t len, const Slots& slots) const {
  uint32_t bits = 0;
  const uint64_t end = off + std::max<uint64_t>(len, 1);
  if (end > size_) bits |= kPagePastEof;
  for (const auto& m : slots) {
    if (SameFile(m) && off < m->off + m->len && m->off < end) bits |= kPageMapped;
  }
  const uint64_t first = PageOf(off), last = PageOf(end - 1);
  for (uint64_t i = first; i <= last; ++i) {
    const uint8_t p = i < pages_.size() ? pages_[i] : 0;
    if (i * kPageSize < size_ && !(p & kData)) bits |= kPageHole;
    if (p & kCached) bits |= kPageCached;
    if (p & kDirty) bits |= kPageDirty;
  }
  return bits;
}

void PageState::Apply(const Op& op, const OpRecord& rec, const Slots& slots) {
  if (rec.skipped) return;
  const uint64_t done = rec.ret > 0 ? static_cast<uint64_t>(rec.ret) : 0;
  switch (op.kind) {
    case OpKind::kWrite:
      Mark(op.off, done, kData | kCached | kDirty, 0);
      if (done) size_ = std::max(size_, op.off + done);
      break;
    case OpKind::kDWrite:
      Mark(op.off, done, kData, kCached | kDirty);  // written around the cache, which is invalidated
      if (done) size_ = std::max(size_, op.off + done);
      break;
    case OpKind::kRead: Mark(op.off, std::min(done, size_ > op.off ? size_ - op.off : 0), kCached, 0); break;
    case OpKind::kDRead: Mark(op.off, done, 0, kDirty); break;  // dirty pages are written first
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite: {
      const Range r = OpFileRange(op, slots, size_);
      if (r.empty() || !SameFile(slots[op.slot])) break;
      const uint64_t n = std::min(done, size_ > r.off ? size_ - r.off : 0);  // below EOF only
      const bool store = op.kind == OpKind::kTouchWrite && !slots[op.slot]->priv();
      Mark(r.off, n, store ? kData | kCached | kDirty : kCached, 0);
      break;
    }
    case OpKind::kTruncate:
      if (rec.ret == 0) Resize(op.size);
      break;
    case OpKind::kFallocate: {
      if (rec.ret != 0) break;
      const auto mode = static_cast<FallocMode>(op.mode);
      if (mode == FallocMode::kPunch || mode == FallocMode::kZero || mode == FallocMode::kZeroKeep) {
        Mark(op.off, op.len, 0, kData | kCached | kDirty);
      }
      if (mode == FallocMode::kAlloc || mode == FallocMode::kZero) size_ = std::max(size_, op.off + op.len);
      break;
    }
    case OpKind::kFsync:
    case OpKind::kFdatasync: Mark(0, pages_.size() * kPageSize, 0, kDirty); break;
    case OpKind::kMsync: {
      const Range r = OpFileRange(op, slots, size_);
      if (!r.empty() && static_cast<MsyncMode>(op.mode) == MsyncMode::kSync) Mark(r.off, r.len, 0, kDirty);
      break;
    }
    case OpKind::kEvict:
      for (uint8_t& p : pages_) {
        if (!(p & kDirty)) p = static_cast<uint8_t>(p & ~kCached);
      }
      break;
    default: break;
  }
}

}  // namespace fsfuzz::fuzz
