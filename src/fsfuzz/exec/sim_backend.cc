// The simulated backend (see sim_backend.h): setup, op dispatch, size and cache control
// ops, views. The memory and data ops are in sim_io.cc.
#include "src/fsfuzz/exec/sim_backend.h"

#include <algorithm>
#include <cerrno>

namespace fsfuzz {
namespace {

constexpr uint64_t P = SimFile::kPage;

}  // namespace

std::string_view SimOverlapName(SimOverlap o) {
  return o == SimOverlap::kForward ? "forward" : "snapshot";
}

bool SimOverlapFromName(std::string_view name, SimOverlap* out) {
  if (name == "snapshot") *out = SimOverlap::kSnapshot;
  else if (name == "forward") *out = SimOverlap::kForward;
  else return false;
  return true;
}

std::string_view SimMisalignedName(SimMisaligned m) {
  return m == SimMisaligned::kBuffered ? "buffered" : "einval";
}

bool SimMisalignedFromName(std::string_view name, SimMisaligned* out) {
  if (name == "einval") *out = SimMisaligned::kEinval;
  else if (name == "buffered") *out = SimMisaligned::kBuffered;
  else return false;
  return true;
}

SimBackend::SimBackend(SimOptions options) : options_(std::move(options)) {
  if (options_.dio_align == 0) options_.dio_align = 1;
  for (SimBug b : options_.bugs) bug_mask_ |= 1u << static_cast<unsigned>(b);
  env_.fs = "sim";
  env_.backend = "sim";
  env_.kernel = "sim";
  for (SimBug b : options_.bugs) {
    if (!env_.variant.empty()) env_.variant += ',';
    env_.variant += SimBugName(b);
  }
  env_.page_size = P;
  env_.block_size = P;
  env_.dio_supported = true;
  env_.dio_mem_align = options_.dio_align;
  env_.dio_offset_align = options_.dio_align;
  env_.misaligned_dio = std::string(SimMisalignedName(options_.misaligned));
  env_.overlap_dwrite = std::string(SimOverlapName(options_.overlap));
  env_.root = false;
  env_.can_drop_caches = true;  // the sim evicts and remounts by itself
  env_.can_remount = true;
}

SimBackend::~SimBackend() { ReleaseHangs(); }

void SimBackend::ReleaseHangs() {
  {
    std::lock_guard<std::mutex> lk(hang_mu_);
    hangs_released_ = true;
  }
  hang_cv_.notify_all();
}

int SimBackend::BlockedOps() const {
  std::lock_guard<std::mutex> lk(hang_mu_);
  return blocked_;
}

Status SimBackend::Reset(const Header& header) {
  std::lock_guard<std::mutex> lk(mu_);
  seed_ = header.seed;
  file_.Reset(header.seed, header.sparse ? kSrcZero : kSrcInit, header.size);
  aux_.Reset(header.seed, kSrcAux, header.aux_size);
  for (SlotState& s : slots_) s = SlotState{};
  return Status::Ok();
}

void SimBackend::DoTruncate(uint64_t size) {
  const bool keep = Bug(SimBug::kExtendNoZero);
  file_.SetSize(size, keep);
  if (keep) return;
  // Truncation unmaps private copies of pages wholly past the new EOF too.
  for (SlotState& s : slots_) {
    if (s.map && !s.map->aux()) s.cow.erase(s.cow.lower_bound(file_.LivePages()), s.cow.end());
  }
}

void SimBackend::DoFallocate(const Op& op) {
  const uint64_t end = op.off + op.len, size = file_.size();
  const bool keep_stale = Bug(SimBug::kExtendNoZero);
  switch (static_cast<FallocMode>(op.mode)) {
    case FallocMode::kAlloc:
      if (end > size) file_.SetSize(end, keep_stale);
      return;
    case FallocMode::kKeep: return;
    case FallocMode::kPunch:
    case FallocMode::kZeroKeep:
      if (op.off < size) file_.ZeroBoth(op.off, std::min(end, size) - op.off);
      return;
    case FallocMode::kZero:
      if (end > size) file_.SetSize(end, keep_stale);
      file_.ZeroBoth(op.off, op.len);
      return;
  }
}

void SimBackend::DoMsync(const Op& op) {
  const SlotState& s = slots_[op.slot];
  if (!s.map || s.map->aux() || s.map->priv()) return;
  if (static_cast<MsyncMode>(op.mode) == MsyncMode::kInvalidate) return;
  file_.WritebackRange(s.map->off + op.off, op.len);
}

void SimBackend::DoMadvise(const Op& op) {
  SlotState& s = slots_[op.slot];
  if (!s.map || s.map->aux()) return;
  const uint64_t off = s.map->off + op.off;
  const uint64_t first = off / P, end = (off + op.len + P - 1) / P;
  switch (static_cast<MadviseMode>(op.mode)) {
    case MadviseMode::kDontneed:
      // Private copies are discarded; the next load sees the file again.
      s.cow.erase(s.cow.lower_bound(first), s.cow.lower_bound(end));
      return;
    case MadviseMode::kPageout:
      if (!s.map->priv()) {
        file_.WritebackRange(off, op.len);
        file_.InvalidateRange(off, op.len);
      }
      return;
    case MadviseMode::kCold:
    case MadviseMode::kWillneed: return;
  }
}

void SimBackend::DoEvict(const Op& op) {
  const bool discard_dirty = Bug(SimBug::kEvictDropsDirty);
  if (static_cast<EvictMode>(op.mode) == EvictMode::kDrop && !discard_dirty) file_.WritebackAll();
  file_.DropCache(discard_dirty);
  aux_.DropCache(false);
}

void SimBackend::DoRemount() {
  file_.WritebackAll();
  file_.DropCache(true);
  aux_.DropCache(true);
  for (SlotState& s : slots_) s.cow.clear();
}

void SimBackend::Run(const Op& op, uint32_t id, OpRecord& rec) {
  std::lock_guard<std::mutex> lk(mu_);
  rec.ret = 0;
  rec.err = 0;
  // Validated programs only name mapped slots; anything else is recorded, not run.
  auto unmapped = [&](uint8_t slot) {
    if (slot < kMaxSlots && slots_[slot].map) return false;
    rec.skipped = true;
    rec.note = "slot m" + std::to_string(slot) + " is not mapped";
    return true;
  };
  const bool slot_buf = Uses(op.kind, kArgBuf) && op.buf.kind == Buf::Kind::kSlot;
  if (slot_buf && unmapped(op.buf.slot)) return;
  switch (op.kind) {
    case OpKind::kWrite: return DoWrite(op, id, rec);
    case OpKind::kRead: return DoRead(op, rec);
    case OpKind::kDWrite: return DoDWrite(op, id, rec);
    case OpKind::kDRead: return DoDRead(op, rec);
    case OpKind::kMmap:
      if (op.slot >= kMaxSlots) {
        rec.ret = -1;
        rec.err = EINVAL;
        return;
      }
      slots_[op.slot] = SlotState{Mapping{op.off, op.len, static_cast<MapMode>(op.mode)}, {}};
      return;
    case OpKind::kMunmap:
      if (unmapped(op.slot)) return;
      slots_[op.slot] = SlotState{};
      return;
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite:
      if (unmapped(op.slot)) return;
      return DoTouch(op, id, rec);
    case OpKind::kTruncate: return DoTruncate(op.size);
    case OpKind::kFallocate: return DoFallocate(op);
    case OpKind::kFsync:
    case OpKind::kFdatasync: return file_.WritebackAll();
    case OpKind::kMsync:
      if (unmapped(op.slot)) return;
      return DoMsync(op);
    case OpKind::kMadvise:
      if (unmapped(op.slot)) return;
      return DoMadvise(op);
    case OpKind::kEvict: return DoEvict(op);
    case OpKind::kRemount: return DoRemount();
    case OpKind::kCheck: return;
  }
}

void SimBackend::Observe(View view, uint8_t slot, uint64_t off, uint64_t len, Observation& out) {
  std::lock_guard<std::mutex> lk(mu_);
  out.view = view;
  out.slot = slot;
  out.off = off;
  out.len = len;
  out.ret = 0;
  out.err = 0;
  out.sigbus = false;
  out.data.clear();
  if (view == View::kSlot) {
    SlotState* s = slot < kMaxSlots && slots_[slot].map ? &slots_[slot] : nullptr;
    if (s == nullptr || off < s->map->off || off - s->map->off > s->map->len ||
        len > s->map->len - (off - s->map->off)) {
      out.ret = -1;
      out.err = EINVAL;
      return;
    }
    const uint64_t so = off - s->map->off;
    const uint64_t n = Reachable(*s, so, len, Access::kUser, false);
    out.data.resize(n);
    Load(*s, so, out.data.data(), n);
    out.ret = static_cast<int64_t>(n);
    out.sigbus = n < len;
    return;
  }
  if (view == View::kDirect && off % options_.dio_align != 0) {
    out.ret = -1;
    out.err = EINVAL;
    return;
  }
  const uint64_t n = off < file_.size() ? std::min(len, file_.size() - off) : 0;
  out.data.resize(n);
  if (view == View::kDirect) {
    file_.WritebackRange(off, n);
    file_.ReadDisk(off, out.data.data(), n);
  } else {
    file_.ReadCached(off, out.data.data(), n);
  }
  out.ret = static_cast<int64_t>(n);
}

bool SimBackend::ViewEquals(View view, uint8_t slot, uint64_t off, uint64_t len, const uint8_t* ref,
                            uint64_t ref_len) {
  Observation o;
  Observe(view, slot, off, len, o);
  return o.err == 0 && !o.sigbus && o.ret == static_cast<int64_t>(ref_len) && o.data.size() == ref_len &&
         std::equal(o.data.begin(), o.data.end(), ref);
}

Result<uint64_t> SimBackend::Size() {
  std::lock_guard<std::mutex> lk(mu_);
  return file_.size();
}

void SimBackend::Finish(OpRecord& drain) {
  std::lock_guard<std::mutex> lk(mu_);
  for (SlotState& s : slots_) s = SlotState{};
  file_.WritebackAll();
  drain.ret = 0;
  drain.err = 0;
}

}  // namespace fsfuzz
