// The simulated backend's memory and data ops (see sim_backend.h): loads and stores
// through mappings, and buffered/O_DIRECT reads and writes in the kernel's order of events
// where it matters for overlaps: buffered copies run forward, O_DIRECT writes flush, write
// the disk, then invalidate; O_DIRECT reads flush, then read the disk.
#include "src/fsfuzz/exec/sim_backend.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {
namespace {

constexpr uint64_t P = SimFile::kPage;
constexpr uint64_t kNone = UINT64_MAX;

uint64_t Offset(uint64_t base, uint64_t done) { return base == kNone ? kNone : base + done; }

void Fail(OpRecord& rec, int err, const char* note) {
  rec.ret = -1;
  rec.err = err;
  rec.note = note;
}

}  // namespace

bool SimBackend::MappedBySlot(uint64_t page_idx) const {
  for (const SlotState& s : slots_) {
    if (s.map && !s.map->aux() && page_idx >= s.map->off / P &&
        page_idx < (s.map->off + s.map->len) / P) {
      return true;
    }
  }
  return false;
}

bool SimBackend::Aligned(const Op& op) const {
  const uint64_t a = options_.dio_align;
  return op.off % a == 0 && op.len % a == 0 && op.buf.off % a == 0;
}

uint64_t SimBackend::Reachable(const SlotState& s, uint64_t so, uint64_t n, Access a,
                               bool store) const {
  const Mapping& m = *s.map;
  const SimFile& f = m.aux() ? aux_ : file_;
  const uint64_t live = f.LivePages();
  const bool main_file = !m.aux();
  uint64_t done = 0;
  while (done < n) {
    const uint64_t pos = m.off + so + done, idx = pos / P;
    bool fault = idx >= live;
    // The page is mapped past EOF: loads, stores and the kernel's copies through it all go on.
    if (fault && Bug(SimBug::kMissingSigbus)) fault = false;
    if (a == Access::kUser) {
      if (!store && main_file && Bug(SimBug::kSpuriousSigbus) && f.size() > 0 &&
          idx == (f.size() - 1) / P) {
        fault = true;
      }
    }
    if (fault) break;
    done += std::min(n - done, P - pos % P);
  }
  return done;
}

void SimBackend::Load(SlotState& s, uint64_t so, uint8_t* out, uint64_t n) {
  const Mapping& m = *s.map;
  SimFile& f = FileOf(m);
  while (n > 0) {
    const uint64_t pos = m.off + so, idx = pos / P, in_page = pos % P;
    const uint64_t c = std::min(n, P - in_page);
    if (idx >= f.LivePages()) {
      std::memset(out, 0, c);  // only reachable with missing-sigbus
    } else if (auto it = s.cow.find(idx); it != s.cow.end()) {
      std::memcpy(out, it->second.data() + in_page, c);
    } else {
      std::memcpy(out, f.Cached(idx) + in_page, c);
    }
    so += c, out += c, n -= c;
  }
}

void SimBackend::Store(SlotState& s, uint64_t so, const uint8_t* in, uint64_t n) {
  const Mapping& m = *s.map;
  SimFile& f = FileOf(m);
  while (n > 0) {
    const uint64_t pos = m.off + so, idx = pos / P, in_page = pos % P;
    const uint64_t c = std::min(n, P - in_page);
    if (idx < f.LivePages() && !m.aux()) {
      if (m.priv()) {
        auto it = s.cow.find(idx);
        if (it == s.cow.end()) {
          // Copy-on-write: the private page starts as the file's page.
          it = s.cow.emplace(idx, SimFile::Page{}).first;
          std::memcpy(it->second.data(), f.Cached(idx), P);
        }
        std::memcpy(it->second.data() + in_page, in, c);
      } else {
        std::memcpy(f.Cached(idx) + in_page, in, c);
        f.MarkDirty(idx);
      }
    }
    so += c, in += c, n -= c;
  }
}

void SimBackend::Extend(uint64_t end) {
  if (end <= file_.size()) return;
  file_.SetSize(end, Bug(SimBug::kExtendNoZero));
  if (Bug(SimBug::kWrongSize)) file_.SetSizeRaw(RoundUp(end, P));
}

void SimBackend::BlockIfHangBug(const Op& op) {
  if (!Bug(SimBug::kDioMapHang) || op.buf.kind != Buf::Kind::kSlot) return;
  const SlotState& s = slots_[op.buf.slot];
  if (!s.map || s.map->aux()) return;
  // Like the real deadlock, the op keeps the file's lock while it waits.
  std::unique_lock<std::mutex> lk(hang_mu_);
  ++blocked_;
  hang_cv_.wait(lk, [this] { return hangs_released_; });
  --blocked_;
}

uint64_t SimBackend::SameFileBase(const Op& op) const {
  if (op.buf.kind != Buf::Kind::kSlot) return kNone;
  const std::optional<Mapping>& m = slots_[op.buf.slot].map;
  return m && !m->aux() ? m->off + op.buf.off : kNone;
}

uint64_t SimBackend::ForwardChunk(uint64_t src, uint64_t dst, uint64_t c) {
  // The kernel's user copies run forward, byte by byte in effect: a source d bytes behind
  // its destination in the same file repeats itself every d bytes.
  if (src != kNone && dst != kNone && src < dst && dst - src < c) return dst - src;
  return c;
}

void SimBackend::SourceBytes(const Op& op, uint32_t id, uint64_t done, uint8_t* out, uint64_t n) {
  if (op.buf.kind == Buf::Kind::kHeap) {
    FillPattern(seed_, id, op.off + done, out, n);
  } else {
    Load(slots_[op.buf.slot], op.buf.off + done, out, n);
  }
}

void SimBackend::DoWrite(const Op& op, uint32_t id, OpRecord& rec) {
  uint64_t n = op.len;
  if (op.buf.kind == Buf::Kind::kSlot) {
    n = Reachable(slots_[op.buf.slot], op.buf.off, op.len, Access::kKernel, false);
    if (n == 0) return Fail(rec, EFAULT, "");
  }
  const uint64_t stored = Bug(SimBug::kTornWrite) && n > P ? n / 2 : n;
  Extend(op.off + n);
  // Page by page, as the kernel copies: a source mapping the target sees earlier pages.
  const uint64_t src_base = SameFileBase(op);
  SimFile::Page tmp;
  for (uint64_t done = 0; done < stored;) {
    const uint64_t pos = op.off + done;
    uint64_t c = std::min(stored - done, P - pos % P);
    c = ForwardChunk(Offset(src_base, done), pos, c);
    SourceBytes(op, id, done, tmp.data(), c);
    if (!(Bug(SimBug::kLostWrite) && MappedBySlot(pos / P))) file_.WriteCached(pos, tmp.data(), c);
    done += c;
  }
  rec.ret = static_cast<int64_t>(n);
}

void SimBackend::DoRead(const Op& op, OpRecord& rec) {
  if (op.off >= file_.size()) {
    rec.ret = 0;
    return;
  }
  uint64_t n = std::min(op.len, file_.size() - op.off);
  if (op.buf.kind == Buf::Kind::kHeap) {
    rec.data.resize(n);
    file_.ReadCached(op.off, rec.data.data(), n);
    rec.ret = static_cast<int64_t>(n);
    return;
  }
  SlotState& s = slots_[op.buf.slot];
  n = Reachable(s, op.buf.off, n, Access::kKernel, true);
  if (n == 0) return Fail(rec, EFAULT, "");
  const uint64_t dst_base = SameFileBase(op);
  SimFile::Page tmp;
  for (uint64_t done = 0; done < n;) {
    const uint64_t pos = op.off + done;
    uint64_t c = std::min(n - done, P - pos % P);
    c = ForwardChunk(pos, Offset(dst_base, done), c);
    file_.ReadCached(pos, tmp.data(), c);
    Store(s, op.buf.off + done, tmp.data(), c);
    done += c;
  }
  rec.ret = static_cast<int64_t>(n);
  rec.data.resize(n);
  Load(s, op.buf.off, rec.data.data(), n);
}

void SimBackend::DoDWrite(const Op& op, uint32_t id, OpRecord& rec) {
  if (!Aligned(op)) {
    if (options_.misaligned == SimMisaligned::kEinval) return Fail(rec, EINVAL, "");
    return DoWrite(op, id, rec);
  }
  if (Bug(SimBug::kDioEinval) && op.off + op.len > file_.size()) return Fail(rec, EINVAL, "");
  BlockIfHangBug(op);
  uint64_t n = op.len;
  const bool from_map = op.buf.kind == Buf::Kind::kSlot;
  if (from_map) {
    n = Reachable(slots_[op.buf.slot], op.buf.off, op.len, Access::kKernel, false);
    if (n == 0) return Fail(rec, EFAULT, "");
  }
  const uint64_t stored = Bug(SimBug::kTornWrite) && n > P ? n / 2 : n;
  const bool invalidate = !Bug(SimBug::kStalePage);
  file_.WritebackRange(op.off, n);
  Extend(op.off + n);
  if (!from_map || options_.overlap == SimOverlap::kSnapshot) {
    std::vector<uint8_t> src(stored);
    SourceBytes(op, id, 0, src.data(), stored);
    file_.WriteDisk(op.off, src.data(), stored);
  } else {
    // Forward: one source page is loaded, written and its target invalidated before the
    // next source page is loaded.
    const uint64_t src_base = slots_[op.buf.slot].map->off + op.buf.off;
    SimFile::Page tmp;
    for (uint64_t done = 0; done < stored;) {
      const uint64_t pos = op.off + done;
      uint64_t c = std::min(stored - done, P - pos % P);
      c = std::min(c, P - (src_base + done) % P);
      SourceBytes(op, id, done, tmp.data(), c);
      file_.WriteDisk(pos, tmp.data(), c);
      if (invalidate) file_.InvalidateRange(pos, c);
      done += c;
    }
  }
  if (invalidate) file_.InvalidateRange(op.off, n);
  rec.ret = static_cast<int64_t>(n);
}

void SimBackend::DoDRead(const Op& op, OpRecord& rec) {
  if (!Aligned(op)) {
    if (options_.misaligned == SimMisaligned::kEinval) return Fail(rec, EINVAL, "");
    return DoRead(op, rec);
  }
  BlockIfHangBug(op);
  if (op.off >= file_.size()) {
    rec.ret = 0;
    return;
  }
  uint64_t n = std::min(op.len, file_.size() - op.off);
  SlotState* dst = op.buf.kind == Buf::Kind::kSlot ? &slots_[op.buf.slot] : nullptr;
  if (dst != nullptr) {
    n = Reachable(*dst, op.buf.off, n, Access::kKernel, true);
    if (n == 0) return Fail(rec, EFAULT, "");
  }
  file_.WritebackRange(op.off, n);
  rec.data.resize(n);
  file_.ReadDisk(op.off, rec.data.data(), n);
  if (dst != nullptr) {
    Store(*dst, op.buf.off, rec.data.data(), n);
    Load(*dst, op.buf.off, rec.data.data(), n);
  }
  rec.ret = static_cast<int64_t>(n);
}

void SimBackend::DoTouch(const Op& op, uint32_t id, OpRecord& rec) {
  SlotState& s = slots_[op.slot];
  const bool store = op.kind == OpKind::kTouchWrite;
  const uint64_t n = Reachable(s, op.off, op.len, Access::kUser, store);
  rec.sigbus = n < op.len;
  rec.ret = static_cast<int64_t>(n);
  if (!store) {
    rec.data.resize(n);
    Load(s, op.off, rec.data.data(), n);
    return;
  }
  SimFile::Page tmp;
  for (uint64_t done = 0; done < n;) {
    const uint64_t c = std::min<uint64_t>(n - done, P);
    FillPattern(seed_, id, s.map->off + op.off + done, tmp.data(), c);
    Store(s, op.off + done, tmp.data(), c);
    done += c;
  }
}

}  // namespace fsfuzz
