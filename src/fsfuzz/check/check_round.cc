// Rounds (and sequential copies between the file and a mapping of it) are admissible,
// not exact: per byte, the value before the step, a value an op of the step wrote, or
// zero where the step truncated/punched/zeroed; sizes from every ordering. The settle
// read after the step is checked byte by byte and becomes the model.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cerrno>
#include <set>
#include <tuple>

#include "src/fsfuzz/check/checker_impl.h"
#include "src/fsfuzz/check/evidence.h"

namespace fsfuzz {

// The executor reads a mapping back after a read into it; a truncate of the same step may
// have cut the pages by then, and the read-back stops with SIGBUS at a page boundary at or
// past the smallest EOF page of the step (ext4 sweep 2026-12-07: dread into m7 beside
// truncate 64K). The bytes before it are still the read's and are checked; a read-back
// cut anywhere else is not explained and leaves the program unchecked.
bool Checker::Impl::ReadBackCut(const Op& op, const OpRecord& r, uint64_t min_size, bool truncated) const {
  if (!truncated || !r.sigbus || op.buf.kind != Buf::Kind::kSlot || !slots[op.buf.slot] || slots[op.buf.slot]->aux()) {
    return false;
  }
  const uint64_t end = slots[op.buf.slot]->off + op.buf.off + r.data.size();
  return end % kPageSize == 0 && end >= RoundUp(min_size, kPageSize);
}

namespace {

using Seg = SourceMap::Seg;

// Final sizes over every ordering of the step's size-changing ops: the last truncate
// sets the base, extending ops that come after it may raise it.
std::vector<uint64_t> FinalSizes(uint64_t s0, const std::vector<uint64_t>& exts, const std::vector<uint64_t>& sets) {
  std::set<uint64_t> out;
  if (sets.empty()) {
    uint64_t m = s0;
    for (uint64_t e : exts) m = std::max(m, e);
    out.insert(m);
  }
  for (uint64_t t : sets) {
    out.insert(t);
    for (uint64_t e : exts) out.insert(std::max(t, e));
  }
  return {out.begin(), out.end()};
}

std::vector<Seg> Shift(std::vector<Seg> segs, uint64_t from, uint64_t to) {
  const int64_t shift = static_cast<int64_t>(to) - static_cast<int64_t>(from);
  for (Seg& g : segs) {
    g.off = static_cast<uint64_t>(static_cast<int64_t>(g.off) + shift);
    if (g.s.src != kSrcZero) g.s.delta -= shift;
  }
  return segs;
}

std::vector<Seg> Clip(const std::vector<Seg>& segs, uint64_t off, uint64_t len) {
  std::vector<Seg> out;
  for (const Seg& g : segs) {
    uint64_t a = std::max(g.off, off), b = std::min(g.off + g.len, off + len);
    if (a < b) out.push_back({a, b - a, g.s});
  }
  return out;
}

Range PageSpan(uint64_t off, uint64_t len) {
  uint64_t a = RoundDown(off, kPageSize), b = RoundUp(off + len, kPageSize);
  return {a, b - a};
}

Range Overlap(Range x, Range y) {
  uint64_t a = std::max(x.off, y.off), b = std::min(x.end(), y.end());
  return a < b ? Range{a, b - a} : Range{};
}

uint64_t Sat(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }

}  // namespace

void Checker::Impl::Concurrent(const Step& st, uint32_t first, const StepRecord& rec) {
  const uint64_t s0 = model.size();
  const size_t n = st.ops.size();
  auto id_of = [&](size_t i) { return first + static_cast<uint32_t>(i); };
  auto shared_main = [&](uint8_t slot) {
    return slots[slot] && !slots[slot]->aux() && !slots[slot]->priv();
  };
  auto main_slot = [&](uint8_t slot) { return slots[slot] && !slots[slot]->aux(); };
  auto is_copy_write = [&](const Op& op) {
    return (op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) && op.buf.kind == Buf::Kind::kSlot;
  };
  auto is_map_read = [&](const Op& op) {
    return (op.kind == OpKind::kRead || op.kind == OpKind::kDRead) && op.buf.kind == Buf::Kind::kSlot &&
           shared_main(op.buf.slot);
  };
  // File range an op touches through a mapping of the main file (stores, loads, pins).
  auto mapped_range = [&](const Op& op) -> Range {
    if ((op.kind == OpKind::kTouchWrite || op.kind == OpKind::kTouchRead) && shared_main(op.slot)) {
      return {slots[op.slot]->off + op.off, op.len};
    }
    if (Uses(op.kind, kArgBuf) && op.buf.kind == Buf::Kind::kSlot && main_slot(op.buf.slot)) {
      return {slots[op.buf.slot]->off + op.buf.off, op.len};
    }
    return {};
  };

  // File range an op stores into: through a mapping, by a write, or by a read whose
  // buffer is a mapping of the file.
  auto stored_range = [&](const Op& w) -> Range {
    if (w.kind == OpKind::kTouchWrite || is_map_read(w)) return mapped_range(w);
    if (w.kind == OpKind::kWrite || w.kind == OpKind::kDWrite) return {w.off, w.len};
    return {};
  };

  // --- Collision taint: an O_DIRECT write and mapped access to its pages in one step.
  for (size_t i = 0; i < n; ++i) {
    const Op& d = st.ops[i];
    if (d.kind != OpKind::kDWrite) continue;
    const Range target = PageSpan(d.off, d.len);
    for (size_t j = 0; j < n; ++j) {
      Range mr = mapped_range(st.ops[j]);
      if (mr.empty()) continue;
      Range ov = Overlap(target, PageSpan(mr.off, mr.len));
      if (ov.empty()) continue;
      // The whole write's range, not only the pages the mapped access touched: when the
      // invalidation after the write fails, the kernel warns that the page cache of the
      // range may be stale ("Page cache invalidation failure on direct I/O") and reports
      // EIO at the next sync; which folios it could not drop is its business (xfs showed
      // old bytes in a folio of the range the store never touched: stress --seed 4242).
      // Outside the write's range the cache's bytes are still right.
      tainted.push_back(target);
      collision_suspect = true;
      collision_ops.push_back(id_of(i));
      if (j != i) collision_ops.push_back(id_of(j));
    }
  }

  // --- Stores through a mapping racing a truncate to below them (RacedStore).
  for (size_t i = 0; i < n; ++i) {
    const Op& t = st.ops[i];
    if (t.kind != OpKind::kTruncate || rec.ops[i].ret != 0) continue;
    const uint64_t fend = RoundUp(t.size, kPageSize);
    for (size_t j = 0; j < n; ++j) {
      const Op& w = st.ops[j];
      if (w.kind != OpKind::kTouchWrite || !shared_main(w.slot)) continue;
      const Range mr{slots[w.slot]->off + w.off, w.len};
      if (mr.end() <= fend) continue;
      const uint64_t a = std::max(fend, mr.off - mr.off % kPageSize);
      raced_stores.push_back({id_of(j), id_of(i), {a, RoundUp(mr.end(), kPageSize) - a}});
    }
  }

  // --- Size effects, from what the ops returned.
  std::vector<uint64_t> exts, sets;
  for (size_t i = 0; i < n; ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    if ((op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) && r.ret > 0) {
      exts.push_back(op.off + static_cast<uint64_t>(r.ret));
      if (op.kind == OpKind::kDWrite && op.off + static_cast<uint64_t>(r.ret) > s0 && s0 % kPageSize) {
        dio_extensions.push_back({id_of(i), s0});
      }
    } else if (op.kind == OpKind::kTruncate && r.ret == 0) {
      sets.push_back(op.size);
    } else if (op.kind == OpKind::kFallocate && r.ret == 0) {
      auto mode = static_cast<FallocMode>(op.mode);
      if (mode == FallocMode::kAlloc || mode == FallocMode::kZero) exts.push_back(op.off + op.len);
    }
  }
  const std::vector<uint64_t> finals = FinalSizes(s0, exts, sets);
  uint64_t min_sz = s0, max_sz = s0;  // every size the file may have had during the step
  for (uint64_t t : sets) min_sz = std::min(min_sz, t), max_sz = std::max(max_sz, t);
  for (uint64_t e : exts) max_sz = std::max(max_sz, e);
  for (size_t i = 0; i < n; ++i) {
    // A write that failed with EFAULT may have grown the file to its offset on the way
    // (known kernel behaviour; the final size still has to be right, or it is reported):
    // reads racing it may have seen that size.
    const Op& op = st.ops[i];
    if ((op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) && rec.ops[i].ret < 0 && rec.ops[i].err == EFAULT) {
      max_sz = std::max(max_sz, op.off);
    }
  }

  // --- Size after the step.
  if (!rec.size) return Inconclusive("trace lacks the size after step " + std::to_string(step));
  const uint64_t fsz = *rec.size;
  if (std::find(finals.begin(), finals.end(), fsz) == finals.end()) {
    std::string allowed;
    for (uint64_t f : finals) allowed += (allowed.empty() ? "" : ", ") + std::to_string(f);
    std::vector<uint32_t> ops;
    for (size_t j = 0; j < n; ++j) ops.push_back(id_of(j));
    std::string results;
    for (size_t j = 0; j < n; ++j) {
      const OpRecord& r = rec.ops[j];
      results += "\n  op #" + std::to_string(id_of(j)) + " (" + explain.OpDesc(id_of(j)) + ") returned " +
                 (r.ret < 0 ? "-1 " + std::string(strerrorname_np(r.err) ? strerrorname_np(r.err) : "?")
                            : std::to_string(r.ret));
    }
    AddFinding(FindingClass::kSizeMismatch, ops, "size mismatch",
                      "st_size after step " + std::to_string(step) + " is " + std::to_string(fsz) +
                          "; the orderings of its ops allow " + allowed + "." + results,
                      {{"size", fsz},
                       {"allowed", finals},
                       {"check", {{"kind", "size"}, {"when", "settle"}, {"step", static_cast<int64_t>(step)},
                                  {"allowed", finals}}}},
                      first);
    if (stopped) return;
    // Known kernel behaviour changed the size. If it grew past every ordering, the bytes it
    // exposed were not seen (zeros, or junk the kernel failed to zero): the check ends.
    if (fsz > *std::max_element(finals.begin(), finals.end())) {
      Signal("known-size-growth-ends-check");
      stopped = true;
      return;
    }
    min_sz = std::min(min_sz, fsz);
    max_sz = std::max(max_sz, fsz);
  }

  // --- Outcomes of each op (admissible over every ordering).
  for (size_t i = 0; i < n && !stopped; ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    const uint32_t id = id_of(i);
    if (r.skipped) return Inconclusive("op #" + std::to_string(id) + " was skipped: " + r.note);
    if (HandleNoSpace(r)) return;
    const bool mis = Misaligned(op);
    switch (op.kind) {
      case OpKind::kWrite:
      case OpKind::kDWrite: {
        const uint64_t limit = BufferLimit(op, min_sz);
        if (r.ret < 0) {
          explain.NoteFailure(id, r.err);
          if (op.kind == OpKind::kDWrite && !env.dio_supported && r.err == EINVAL) { Signal("dio-unsupported"); break; }
          if (mis && r.err == EINVAL) {
            NoteMisalignedEinval(op, id);
            break;
          }
          if (r.err == EFAULT && limit < op.len) { Signal("efault-past-eof"); break; }
          {
            UnexpectedErrno(id, r, "a write of " + std::to_string(op.len) + " bytes");
            break;
          }
        }
        if (mis) Signal("misaligned-dio-buffered");
        const uint64_t got = static_cast<uint64_t>(r.ret);
        // A same-file source past EOF may become readable as the write extends the file.
        const uint64_t hi = is_copy_write(op) && main_slot(op.buf.slot) ? op.len : limit;
        if (got != op.len && !(limit < op.len && got >= 1 && got <= hi)) {
          {
            UnexpectedErrno(id, r, "a write of " + std::to_string(op.len) + " bytes");
            break;
          }
        }
        break;
      }
      case OpKind::kRead:
      case OpKind::kDRead: {
        const uint64_t hi = std::min(op.len, Sat(max_sz, op.off));
        uint64_t lo = std::min(op.len, Sat(min_sz, op.off));
        const uint64_t limit = BufferLimit(op, min_sz);
        if (limit < hi) lo = std::min<uint64_t>(lo, 1);
        if (r.ret < 0) {
          if (op.kind == OpKind::kDRead && !env.dio_supported && r.err == EINVAL) { Signal("dio-unsupported"); break; }
          if (mis && r.err == EINVAL) { Signal("misaligned-dio-einval"); break; }
          // The buffer reaches a page wholly past its file's EOF: the kernel may refuse the
          // whole buffer even when fewer bytes would have been read.
          if (r.err == EFAULT && limit < op.len) { Signal("efault-past-eof"); break; }
          if (op.kind == OpKind::kDRead && r.err == EIO && is_map_read(op) &&
              !Overlap(PageSpan(op.off, op.len), PageSpan(slots[op.buf.slot]->off + op.buf.off, op.len)).empty()) {
            // The read's own destination pages, faulted for write inside the read's range,
            // are blocks a "buffered write" is allocating: the documented collision EIO.
            Signal("dread-collision-eio");
            break;
          }
          if (op.kind == OpKind::kDRead && r.err == EIO && st.round) {
            // "Direct I/O collision with buffered writes": documented on iomap filesystems
            // when a DIO read meets blocks a racing mapped/buffered write is allocating.
            bool racing = false;
            for (size_t j = 0; j < n; ++j) {
              const Op& w = st.ops[j];
              // Stores into the range: through a mapping, by a write, or by a read whose
              // buffer is a mapping of it (seen in C: two O_DIRECT reads into each other's
              // mapped range, EIO 94/100 on ext4, 85/100 on xfs).
              const Range wr = stored_range(w);
              if (j != i && !Overlap(PageSpan(op.off, op.len), PageSpan(wr.off, wr.len)).empty()) racing = true;
            }
            if (racing) { Signal("dread-collision-eio"); break; }
          }
          {
            // Another op of the round storing into this read's buffer (a mapping of the file)
            // while it was in flight: btrfs verifies data checksums on the user's pages after
            // the read and fails it with EIO (known finding btrfs-dio-read-buffer-stores-
            // csum-eio). Named here so that row can match it and nothing else.
            std::string note;
            std::vector<uint32_t> also;
            if (op.kind == OpKind::kDRead && r.err == EIO && st.round && is_map_read(op)) {
              const Range buf{slots[op.buf.slot]->off + op.buf.off, op.len};
              for (size_t j = 0; j < n; ++j) {
                const Op& w = st.ops[j];
                const Range wr = stored_range(w);
                if (j == i || Overlap(PageSpan(buf.off, buf.len), PageSpan(wr.off, wr.len)).empty()) continue;
                const uint32_t wid = first + static_cast<uint32_t>(j);
                note += " Op #" + std::to_string(wid) + " (" + explain.OpDesc(wid) +
                        ") stored into the read's buffer while it was in flight.";
                also.push_back(wid);
              }
            }
            UnexpectedErrno(id, r, std::to_string(lo) + ".." + std::to_string(hi) + " bytes", note, also);
            break;
          }
        }
        if (mis) Signal("misaligned-dio-buffered");
        const uint64_t got = static_cast<uint64_t>(r.ret);
        if (got < lo || got > hi) {
          std::string detail = "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") returned " +
                               std::to_string(got) + " bytes; file sizes possible during the step allow " +
                               std::to_string(lo) + ".." + std::to_string(hi) + ".";
          {
            AddFinding(FindingClass::kSizeMismatch, {id}, "short or long read", detail,
                            {{"ret", got}, {"lo", lo}, {"hi", hi}}, id);
            break;
          }
        }
        if (MissedBufferFault(op, id, got, max_sz)) break;
        if (r.data.size() < got) {
          if (!ReadBackCut(op, r, min_sz, !sets.empty())) {
            return Inconclusive("trace of op #" + std::to_string(id) + " lacks its data");
          }
          Signal("map-read-back-cut");  // what the read-back got is checked below
        }
        break;
      }
      case OpKind::kTouchRead:
      case OpKind::kTouchWrite: {
        const Mapping& m = *slots[op.slot];
        const uint64_t f_lo = m.aux() ? model.aux_size() : min_sz, f_hi = m.aux() ? model.aux_size() : max_sz;
        const uint64_t e_lo = RoundUp(f_lo, kPageSize), e_hi = RoundUp(f_hi, kPageSize);
        const uint64_t a = m.off + op.off;
        const uint64_t done = static_cast<uint64_t>(std::max<int64_t>(r.ret, 0));
        nlohmann::json ev = {{"file_offset", a + done}, {"size_min", f_lo}, {"size_max", f_hi}, {"done", done}};
        if (r.sigbus) {
          const uint64_t at = a + done;
          // A truncate in the step may pull a page away in the middle of a chunk.
          const bool mid_page_ok = !sets.empty();
          if ((done != 0 && at % kPageSize && !mid_page_ok) || RoundDown(at, kPageSize) < e_lo) {
            {
            AddFinding(FindingClass::kUnexpectedSigbus, {id}, "unexpected SIGBUS",
                              "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") took SIGBUS at file offset " +
                                  HexOff(at) + ", below every EOF page end possible in the step (" + HexOff(e_lo) + ").",
                              ev, id);
            break;
          }
          }
        } else if (done != op.len || RoundDown(a + op.len - 1, kPageSize) >= e_hi) {
          {
            AddFinding(FindingClass::kMissingSigbus, {id}, "missing SIGBUS",
                            "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") reached file offset " +
                                HexOff(a + op.len - 1) + " without SIGBUS, in a page wholly past every EOF possible in "
                                "the step (" + HexOff(e_hi) + ").",
                            ev, id);
            break;
          }
        }
        if (op.kind == OpKind::kTouchRead && r.data.size() < done) {
          return Inconclusive("trace of op #" + std::to_string(id) + " lacks its data");
        }
        break;
      }
      case OpKind::kTruncate:
        if (r.ret != 0) {
            UnexpectedErrno(id, r, "0");
            break;
          }
        break;
      case OpKind::kFallocate:
        if (r.ret < 0 && r.err == EOPNOTSUPP) {
          Signal(std::string("fallocate-") + std::string(ModeName(op.kind, op.mode)) + "-unsupported");
          break;
        }
        if (r.ret != 0) {
            UnexpectedErrno(id, r, "0");
            break;
          }
        break;
      case OpKind::kFsync:
      case OpKind::kFdatasync:
      case OpKind::kMsync: CheckSyncResult(id, r, Info(op.kind).name.data()); break;
      case OpKind::kMadvise: {
        auto mode = static_cast<MadviseMode>(op.mode);
        if (r.ret < 0 && !(r.err == EINVAL && (mode == MadviseMode::kPageout || mode == MadviseMode::kCold))) {
          {
            UnexpectedErrno(id, r, "0");
            break;
          }
        }
        break;
      }
      default:
        if (r.ret < 0) {
            UnexpectedErrno(id, r, "0");
            break;
          }
        break;
    }
  }
  if (stopped) return;

  // --- Candidates: what each op wrote (writers), what the step zeroed, and where a
  // completed op must have left its mark (definite: the old value is not admissible).
  CandidateSet base;
  std::vector<std::pair<uint32_t, Seg>> direct;  // plain writers, usable as copy sources
  std::vector<Seg> zeros;
  std::vector<Range> definite;
  const uint64_t far_end = RoundUp(std::max(max_sz, s0), kPageSize);
  for (size_t i = 0; i < n; ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    const uint32_t id = id_of(i);
    if ((op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) && r.ret > 0) {
      const uint64_t got = static_cast<uint64_t>(r.ret);
      if (op.buf.kind == Buf::Kind::kHeap) direct.push_back({id, Seg{op.off, got, Source{id, 0}}});
      definite.push_back({op.off, got});
      if (op.off > s0) zeros.push_back({s0, op.off - s0, Source{}});
    } else if (op.kind == OpKind::kTouchWrite && shared_main(op.slot)) {
      const uint64_t a = slots[op.slot]->off + op.off;
      direct.push_back({id, Seg{a, op.len, Source{id, 0}}});
      const uint64_t done = static_cast<uint64_t>(std::max<int64_t>(r.ret, 0));
      if (a < min_sz) definite.push_back({a, std::min(a + done, min_sz) - a});
    } else if (op.kind == OpKind::kTruncate && r.ret == 0) {
      if (op.size < far_end) {
        zeros.push_back({op.size, far_end - op.size, Source{}});
        definite.push_back({op.size, far_end - op.size});
      }
      if (op.size > s0) zeros.push_back({s0, op.size - s0, Source{}});
    } else if (op.kind == OpKind::kFallocate && r.ret == 0) {
      auto mode = static_cast<FallocMode>(op.mode);
      if (mode == FallocMode::kPunch || mode == FallocMode::kZero || mode == FallocMode::kZeroKeep) {
        zeros.push_back({op.off, op.len, Source{}});
        definite.push_back({op.off, op.len});
      }
      if ((mode == FallocMode::kAlloc || mode == FallocMode::kZero) && op.off + op.len > s0) {
        zeros.push_back({s0, op.off + op.len - s0, Source{}});
      }
    }
  }
  for (const auto& [id, seg] : direct) base.Add(seg, Candidate::Kind::kWriter, id);
  std::vector<Seg> junk_add;  // stores that may have landed past EOF
  // Copies between the file and a mapping of it: the source's admissible values, moved.
  struct Copy {
    size_t i;
    uint64_t src, dst, got;
    std::vector<Seg> pre;    // the source before the step
    std::vector<Seg> cands;  // the source's admissible values (before the move)
    std::vector<Seg> tail;   // a short O_DIRECT read: what its buffer past the count may get
    bool tail_zeros_only = false;  // a failed one: zeros, not what other copies wrote there
  };
  std::vector<Copy> copies;
  // Misaligned copy writes of the step that failed with EINVAL after writing part: their
  // buffer may also have held what the step's copies wrote there (added below, once known).
  struct EinvalWrite {
    size_t entry;  // in failed_writes
    uint64_t src, len, dst;
  };
  std::vector<EinvalWrite> einval_writes;
  for (size_t i = 0; i < n; ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    if (!(is_copy_write(op) || is_map_read(op))) continue;
    // A write from a mapping that failed with EFAULT may have written the pages before
    // the fault (iomap without partial-DIO support returns the error, not the count).
    const bool efault_partial = is_copy_write(op) && r.ret < 0 && r.err == EFAULT;
    // A read that failed may still have filled part of its buffer (its contents after an
    // error are unspecified); the buffer being a mapping of the file, the file shows it.
    const bool failed_read = is_map_read(op) && r.ret < 0;
    if (is_copy_write(op) && r.ret < 0 && r.err == EINVAL && Misaligned(op)) {
      // ext4 writes the allocated blocks of a misaligned O_DIRECT write before it fails
      // with EINVAL (known finding ext4-misaligned-dio-einval-writes): remember its data.
      // A private buffer counts too (its pages hold the file's bytes or their copies),
      // unless pages of it are of unknown state.
      const Mapping& m = *slots[op.buf.slot];
      const uint64_t b = m.off + op.buf.off, len = BufferLimit(op, max_sz);
      if (!m.priv() || !model.CowUnknown(op.buf.slot, b, len)) {
        std::vector<Seg> would = Shift(model.SlotSources(op.buf.slot, m, b, len), b, op.off);
        // A store (or write) of the round into the buffer's range may have come first: the
        // write would have written that data too (ext4 stress, 2026-12-06: a touch_write
        // through the mapping raced it, and its data showed at the destination).
        for (const auto& [wid, seg] : m.aux() ? decltype(direct){} : direct) {
          if (wid == id_of(i)) continue;
          auto moved = Shift(Clip({seg}, b, len), b, op.off);
          would.insert(would.end(), moved.begin(), moved.end());
        }
        if (!m.aux()) einval_writes.push_back({failed_writes.size(), b, len, op.off});
        failed_writes.push_back({id_of(i), EINVAL, std::move(would), false, {}});
      } else {
        failed_writes.push_back({id_of(i), EINVAL, {{op.off, len, Source{}}}, true, {}});
      }
    }
    if (r.ret <= 0 && !efault_partial && !failed_read) continue;
    uint64_t got = static_cast<uint64_t>(std::max<int64_t>(r.ret, 0));
    if (efault_partial) got = BufferLimit(op, max_sz);
    if (failed_read) got = std::min(op.len, RoundUp(Sat(max_sz, op.off), std::max<uint64_t>(env.block_size, env.DirectAlign())));
    if (got == 0) continue;
    if (efault_partial) Signal("efault-partial-write-admitted");
    if (failed_read) Signal("failed-read-buffer-admitted");
    const Mapping& m = *slots[op.buf.slot];
    const uint64_t bufpos = m.off + op.buf.off;
    Copy c{i, is_map_read(op) ? op.off : bufpos, is_map_read(op) ? bufpos : op.off, got, {}, {}, {}};
    if (m.priv() && model.CowUnknown(op.buf.slot, c.src, got)) {
      return Inconclusive("op #" + std::to_string(id_of(i)) +
                          " wrote from private pages a failed or short O_DIRECT read left unknown");
    }
    c.pre = is_map_read(op) ? model.data().Segments(c.src, got) : model.SlotSources(op.buf.slot, m, c.src, got);
    if (m.priv() && st.round) {
      // A concurrent MADV_DONTNEED may have dropped the private copy: the file shows through.
      auto file = model.data().Segments(c.src, got);
      c.pre.insert(c.pre.end(), file.begin(), file.end());
    }
    c.cands = c.pre;
    if (failed_read && op.kind == OpKind::kDRead) {
      // A failed O_DIRECT read's buffer may be left zeroed: btrfs zeroes every sector whose
      // checksum failed (a store into the buffer while the read was in flight; plain C:
      // the whole 64K buffer zero after the EIO, 3 of 3, 2026-12-07).
      c.cands.push_back(Seg{c.src, got, Source{}});
    }
    if (is_map_read(op) && op.kind == OpKind::kDRead && r.ret >= 0 && got < op.len && !m.aux()) {
      // Cut short by EOF: past the count the buffer may get zeros (iomap reads the request
      // past EOF as a hole), or what a racing write put past the old EOF (the blocks were
      // read before the count was clamped to the size the read started with). Other
      // copies of the step may read that back.
      c.tail.push_back(Seg{c.src + got, op.len - got, Source{}});
      for (const auto& [wid, seg] : direct) {
        auto cl = Clip({seg}, c.src + got, op.len - got);
        c.tail.insert(c.tail.end(), cl.begin(), cl.end());
      }
    }
    if (failed_read && op.kind == OpKind::kDRead && got < op.len && !m.aux()) {
      // A failed O_DIRECT read may have zero-filled its buffer past EOF too, up to the
      // request's end (ext4 and xfs read the request past EOF as a hole even after an
      // extent before it failed the alignment check; plain C,
      // docs/known-findings/admitted-misaligned-dread-einval-zeroes-buffer.c). Other copies
      // of the step may read those zeros back from the file.
      c.tail.push_back(Seg{c.src + got, op.len - got, Source{}});
      c.tail_zeros_only = true;
    }
    if (!m.aux()) {
      for (const auto& [wid, seg] : direct) {
        if (wid == id_of(i)) continue;
        auto cl = Clip({seg}, c.src, got);
        c.cands.insert(c.cands.end(), cl.begin(), cl.end());
      }
      auto z = Clip(zeros, c.src, got);
      c.cands.insert(c.cands.end(), z.begin(), z.end());
      // Source bytes past EOF in the EOF page are whatever was stored there (junk).
      auto j = Clip(model.junk(), c.src, got);
      c.cands.insert(c.cands.end(), j.begin(), j.end());
    }
    if (op.kind == OpKind::kDRead && !m.aux() && !m.priv()) {
      // An O_DIRECT read into a shared mapping of its own file reads its blocks in any
      // order while it stores into the file through its buffer (a hole's zeros, the zeros
      // past the count, at once): where its buffer lies in its own source it may read back,
      // one hop, what it put there, once another op's flush wrote that page back (ext4 and
      // xfs stress 2026-12-07; plain C on xfs: 8 of 300 with one large folio, which an
      // O_DIRECT write elsewhere wrote back with the read's zeros in it; 0 of 300 with small
      // folios: docs/known-findings/admitted-dio-read-into-own-mapping-reads-own-zeros.c).
      std::vector<Seg> before = c.cands;
      before.insert(before.end(), c.tail.begin(), c.tail.end());
      auto own = Clip(Shift(before, c.src, c.dst), c.src, got);
      c.cands.insert(c.cands.end(), own.begin(), own.end());
    }
    copies.push_back(std::move(c));
  }
  // A copy may also read what other copies of the step wrote (and they what it wrote):
  // iterate to a fixed point (copies run page by page, so two copies over each other's
  // ranges chain as many hops as they have pages; libFuzzer found a five-hop chain on
  // tmpfs). Forward copies onto their own source replicate (chains).
  auto dedupe = [](std::vector<Seg>& v) {
    auto key = [](const Seg& g) { return std::tuple(g.off, g.len, g.s.src, g.s.delta); };
    std::sort(v.begin(), v.end(), [&](const Seg& x, const Seg& y) { return key(x) < key(y); });
    v.erase(std::unique(v.begin(), v.end(), [&](const Seg& x, const Seg& y) { return key(x) == key(y); }), v.end());
  };
  constexpr size_t kMaxCandidates = 4096;
  std::vector<std::vector<Seg>> outputs(copies.size());
  std::vector<bool> capped(copies.size(), false);
  constexpr int kMaxPasses = 12;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    std::vector<std::vector<Seg>> next(copies.size());
    for (size_t a = 0; a < copies.size(); ++a) {
      const Copy& c = copies[a];
      const Mapping& m = *slots[st.ops[c.i].buf.slot];
      std::vector<Seg> cands = c.cands;
      if (!m.aux()) {
        for (size_t b = 0; b < copies.size(); ++b) {
          if (b == a) continue;
          auto cl = Clip(outputs[b], c.src, c.got);
          cands.insert(cands.end(), cl.begin(), cl.end());
        }
      }
      std::vector<Seg> out = Shift(cands, c.src, c.dst);
      if (!c.tail.empty()) {
        // Past the count, what other copies of the step wrote past the old EOF too (a
        // dwrite from a mapping extending the file while the read ran).
        std::vector<Seg> tail = c.tail;
        const uint64_t len = st.ops[c.i].len;
        for (size_t b = 0; b < copies.size() && !m.aux() && !c.tail_zeros_only; ++b) {
          if (b == a) continue;
          auto cl = Clip(outputs[b], c.src + c.got, len - c.got);
          tail.insert(tail.end(), cl.begin(), cl.end());
        }
        auto t = Shift(tail, c.src, c.dst);
        out.insert(out.end(), t.begin(), t.end());
      }
      if (!m.aux() && c.dst > c.src && c.dst - c.src < c.got) {
        const uint64_t d = c.dst - c.src;
        for (uint64_t k = 1; k * d < c.got && !capped[a]; ++k) {
          if (k > 64) {
            capped[a] = true;
            break;
          }
          auto layer = Shift(Clip(cands, c.src, c.got - k * d), c.src, c.dst + k * d);
          out.insert(out.end(), layer.begin(), layer.end());
        }
      }
      dedupe(out);
      if (out.size() > kMaxCandidates) {
        capped[a] = true;
        out.resize(kMaxCandidates);
      }
      next[a] = std::move(out);
    }
    const bool same = next == outputs;
    if (!same && pass == kMaxPasses - 1) {
      // Still growing: too many ways to have copied (admit anything there, counted).
      for (size_t a = 0; a < copies.size(); ++a) capped[a] = capped[a] || next[a] != outputs[a];
    }
    outputs = std::move(next);
    if (same) break;
  }
  // What the step's copies wrote into a failed EINVAL write's buffer range, it may have
  // written on (ext4 stress 2026-12-07: a dwrite from a mapping took, and left on disk, the
  // bytes another O_DIRECT write of its round had just copied into that range).
  for (const EinvalWrite& e : einval_writes) {
    for (const std::vector<Seg>& out : outputs) {
      auto moved = Shift(Clip(out, e.src, e.len), e.src, e.dst);
      auto& would = failed_writes[e.entry].would;
      would.insert(would.end(), moved.begin(), moved.end());
    }
  }
  // A failed write's data on disk may surface in a copy's source (a write's buffer faulted
  // in from disk; an O_DIRECT read into a mapping reads the disk): what the copy put where,
  // had it copied that data, names the failed write.
  const size_t failed_before = failed_writes.size();
  for (const Copy& c : copies) {
    const Op& op = st.ops[c.i];
    if (!(is_copy_write(op) || is_map_read(op)) || slots[op.buf.slot]->aux()) continue;
    for (size_t f = 0; f < failed_before; ++f) {
      auto moved = Shift(Clip(failed_writes[f].would, c.src, c.got), c.src, c.dst);
      if (c.dst > c.src && c.dst - c.src < c.got) {
        // A forward copy onto its own source copies what it already moved on again (a
        // chain every d bytes): ext4, a buffered write from its mapping 4K ahead, seed 4711.
        std::vector<Seg> layer = moved;
        for (int k = 0; k < 64 && !layer.empty(); ++k) {
          layer = Shift(Clip(layer, c.src, c.got), c.src, c.dst);
          moved.insert(moved.end(), layer.begin(), layer.end());
        }
      }
      if (!moved.empty()) {
        failed_writes.push_back(
            {failed_writes[f].id, failed_writes[f].err, std::move(moved), failed_writes[f].unknown, {}, true});
      }
    }
  }
  for (size_t a = 0; a < copies.size(); ++a) {
    const Copy& c = copies[a];
    const Op& op = st.ops[c.i];
    const uint32_t id = id_of(c.i);
    const uint64_t dst = c.dst, got = c.got;
    for (const Seg& g : outputs[a]) {
      base.Add(g, Candidate::Kind::kWriter, id);
      explain.Remember(g.s);
    }
    if (is_copy_write(op) && rec.ops[c.i].ret < 0 && rec.ops[c.i].err == EFAULT) {
      failed_writes.push_back({id, EFAULT, outputs[a], false, model.data().Segments(dst, got)});
    }
    if (capped[a]) {
      // Too many ways to have copied: admit anything there (counted, so it is visible).
      base.Add(Seg{dst, got, Source{}}, Candidate::Kind::kAny, id);
      Signal("copy-candidates-capped");
    }
    // What a copy read from where a capped copy of the step wrote may be anything too
    // (tmpfs huge=always: a write from its own mapping 738 bytes ahead, in one copy per
    // large folio, beside another write reading that range).
    for (size_t b = 0; b < copies.size() && !slots[op.buf.slot]->aux(); ++b) {
      if (b == a || !capped[b]) continue;
      const uint64_t lo = std::max(c.src, copies[b].dst), hi = std::min(c.src + got, copies[b].dst + copies[b].got);
      if (lo >= hi) continue;
      base.Add(Seg{dst + (lo - c.src), hi - lo, Source{}}, Candidate::Kind::kAny, id);
      Signal("copy-candidates-capped");
    }
    if (is_map_read(op) && op.kind == OpKind::kDRead && got < op.len) {
      // An O_DIRECT read cut short by EOF transfers whole blocks, and iomap (ext4, xfs,
      // btrfs) reads the rest of the request past EOF as a hole: the buffer past the
      // returned count, up to the request's end, may hold zeros (the count is clamped to
      // EOF afterwards). Seen in plain C on 6.18
      // (docs/known-findings/admitted-dio-read-zeroes-buffer-past-count.c); tmpfs
      // leaves it alone.
      if (got < op.len) base.Add(Seg{dst + got, op.len - got, Source{}}, Candidate::Kind::kZero, id);
      // The EOF block itself is read whole from disk: past EOF it holds whatever the
      // device has there (btrfs returns bytes an earlier write or a store left past EOF).
      const uint64_t bs = std::max<uint64_t>(env.block_size, env.DirectAlign());
      const uint64_t blk_end = std::min(RoundUp(c.src + got, bs) - c.src, op.len);
      if (blk_end > got) {
        base.Add(Seg{dst + got, blk_end - got, Source{}}, Candidate::Kind::kAny, id);
        Signal("dread-eof-block-admitted");
      }
    }
    if (is_map_read(op)) {
      if (dst < min_sz && st.ops[c.i].kind != OpKind::kTouchRead && rec.ops[c.i].ret > 0) {
        definite.push_back({dst, std::min(dst + got, min_sz) - dst});
      }
      // What it stored past EOF (at whatever moment EOF was) is junk, not data.
      const uint64_t lo = std::min(s0, min_sz);
      if (dst + got > lo) {
        for (const Seg& g : Clip(outputs[a], lo, dst + got - lo)) junk_add.push_back(g);
      }
    }
  }
  for (const Seg& z : zeros) base.Add(z, Candidate::Kind::kZero, 0);
  for (const Range& d : definite) base.MarkDefinite(d.off, d.len);

  // --- Reads inside the step: any value admissible at some moment of it.
  auto reads_set = [&](const std::vector<Seg>& pre_segs, bool with_junk) {
    CandidateSet cs = base;
    if (with_junk) {
      for (const Seg& g : model.junk()) cs.Add(g, Candidate::Kind::kJunk, 0);
      for (const auto& [id, seg] : direct) cs.Add(seg, Candidate::Kind::kJunk, id);
    }
    cs.Add(pre_segs, Candidate::Kind::kPre, 0);
    return cs;
  };
  for (size_t i = 0; i < n && !stopped; ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    const uint32_t id = id_of(i);
    if (r.ret <= 0) continue;
    uint64_t off = 0, len = static_cast<uint64_t>(r.ret);
    std::vector<Seg> pre;
    bool junk = false;
    if ((op.kind == OpKind::kRead || op.kind == OpKind::kDRead) && op.buf.kind == Buf::Kind::kHeap) {
      off = op.off;
      pre = model.data().Segments(off, len);
    } else if (is_map_read(op)) {
      off = slots[op.buf.slot]->off + op.buf.off;
      len = std::min<uint64_t>(len, r.data.size());  // a read-back a truncate cut (ReadBackCut)
      pre = model.data().Segments(off, len);
      junk = true;
    } else if (op.kind == OpKind::kTouchRead) {
      const Mapping& m = *slots[op.slot];
      off = m.off + op.off;
      // Private pages of unknown state (a failed or short O_DIRECT read pinned them) hold
      // whatever they hold; the load is not checked.
      if (m.priv() && model.CowUnknown(op.slot, off, len)) continue;
      pre = model.SlotSources(op.slot, m, off, len);
      if (m.priv()) {
        auto file = model.data().Segments(off, len);
        pre.insert(pre.end(), file.begin(), file.end());
      }
      if (m.aux()) {
        CandidateSet only;
        only.Add(pre, Candidate::Kind::kPre, 0);
        auto choice = only.Match(model.data(), off, r.data.data(), len, false);
        if (!Unmatched(choice).empty()) {
          auto exp = only.BestExpected(model.data(), off, len, false);
          next_check = BytesCheck("mapped", op.slot, off, len, only, false, model.data());
          next_check["when"] = "op";
          DataMismatch(id, "mapped (aux)", off, r.data.data(), exp.data(), len, {}, FindingClass::kDataMismatch,
                       Unmatched(choice));
        }
        continue;
      }
      junk = true;
    } else {
      continue;
    }
    CandidateSet cs = reads_set(pre, junk);
    auto choice = cs.Match(model.data(), off, r.data.data(), len, false);
    if (!Unmatched(choice).empty() && getenv("FSFUZZ_DEBUG_CANDS")) {
      for (size_t q = 0; q < cs.size(); ++q) {
        const auto& c = cs.at(static_cast<int32_t>(q));
        fprintf(stderr, "cand %zu kind %d op %u [%#lx,+%#lx) src %u delta %ld\n", q, (int)c.kind, c.op_id,
                (unsigned long)c.seg.off, (unsigned long)c.seg.len, c.seg.s.src, (long)c.seg.s.delta);
      }
    }
    if (!Unmatched(choice).empty()) {
      auto exp = cs.BestExpected(model.data(), off, len, false);
      std::vector<uint32_t> ops;
      for (size_t j = 0; j < n; ++j) ops.push_back(id_of(j));
      const bool mapped = op.kind == OpKind::kTouchRead || is_map_read(op);
      next_check = BytesCheck(mapped ? "mapped" : op.kind == OpKind::kDRead ? "direct" : "buffered",
                              op.kind == OpKind::kTouchRead ? op.slot : is_map_read(op) ? op.buf.slot : -1, off, len, cs,
                              false, model.data());
      next_check["when"] = "op";
      DataMismatch(id, ViewName(op.kind == OpKind::kTouchRead || is_map_read(op) ? View::kSlot
                                : op.kind == OpKind::kDRead                     ? View::kDirect
                                                                                : View::kBuffered),
                   off, r.data.data(), exp.data(), len, ops, FindingClass::kDataMismatch, Unmatched(choice));
    }
  }
  if (stopped) return;

  // --- Settle: the ranges the step may have changed, at rest, must be admissible.
  std::vector<Seg> adopt;
  std::vector<Range> covered;
  for (const Observation& ob : rec.settle) {
    const uint64_t want = ob.off >= fsz ? 0 : std::min(ob.len, fsz - ob.off);
    if (ob.ret < 0 || static_cast<uint64_t>(ob.ret) != want || (!ob.elided && ob.data.size() < want)) {
      std::vector<uint32_t> ops;
      for (size_t j = 0; j < n; ++j) ops.push_back(id_of(j));
      return AddFinding(FindingClass::kSizeMismatch, ops, "short settle read",
                        "the buffered read of [" + HexOff(ob.off) + ", +" + std::to_string(ob.len) + ") after step " +
                            std::to_string(step) + " returned " + std::to_string(ob.ret) + " (errno " +
                            std::to_string(ob.err) + "); the size is " + std::to_string(fsz) + ".",
                        {{"ret", ob.ret}, {"expected", want}}, first);
    }
    if (ob.elided) return Inconclusive("settle observation was elided");
    covered.push_back({ob.off, want});
    CandidateSet cs = base;
    cs.Add(model.data().Segments(ob.off, want), Candidate::Kind::kPre, 0);
    auto choice = cs.Match(model.data(), ob.off, ob.data.data(), want, true);
    auto bad = Unmatched(choice);
    if (!bad.empty()) {
      // Stale bytes where an O_DIRECT write raced mapped access: the collision class.
      std::vector<uint8_t> pre_bytes(want);
      model.data().Expect(ob.off, want, pre_bytes.data());
      bool collision = true;
      for (const Range& b : bad) {
        for (uint64_t k = b.off; k < b.end() && collision; ++k) {
          collision = IsTainted(ob.off + k) && ob.data[k] == pre_bytes[k];
        }
      }
      std::vector<uint32_t> ops;
      for (size_t j = 0; j < n; ++j) ops.push_back(id_of(j));
      auto exp = cs.BestExpected(model.data(), ob.off, want, true);
      next_check = BytesCheck("buffered", -1, ob.off, want, cs, true, model.data());
      next_check["when"] = "settle";
      if (collision) {
        Signal("collision-stale-data");
        if (!collision_reported) {
          holding = true;
          DataMismatch(0, "buffered (settle)", ob.off, ob.data.data(), exp.data(), want, ops,
                       FindingClass::kDataMismatch, bad);
          holding = false;
        }
      } else {
        next_check = BytesCheck("buffered", -1, ob.off, want, cs, true, model.data());
        next_check["when"] = "settle";
        DataMismatch(0, "buffered (settle)", ob.off, ob.data.data(), exp.data(), want, ops, FindingClass::kDataMismatch,
                     bad);
        if (stopped) return;
      }
    }
    auto segs = cs.Adopt(model.data(), ob.off, ob.data.data(), want, choice);
    adopt.insert(adopt.end(), segs.begin(), segs.end());
  }
  // Every byte the step may have changed below the new EOF must have been settled.
  for (size_t i = 0; i < n; ++i) {
    Range ar = AffectedRange(st.ops[i], slots, s0);
    ar = Overlap(ar, Range{0, fsz});
    for (uint64_t o = ar.off; o < ar.end();) {
      auto it = std::find_if(covered.begin(), covered.end(), [&](const Range& c) { return o >= c.off && o < c.end(); });
      if (it == covered.end()) {
        return Inconclusive("trace does not settle " + HexOff(o) + " after step " + std::to_string(step));
      }
      o = it->end();
    }
  }
  model.data().Apply(adopt);
  for (const Op& op : st.ops) {
    // MADV_DONTNEED discards private copies whatever the order.
    if (op.kind == OpKind::kMadvise && static_cast<MadviseMode>(op.mode) == MadviseMode::kDontneed &&
        slots[op.slot] && slots[op.slot]->priv()) {
      model.DropCow(op.slot, slots[op.slot]->off + op.off, op.len);
    }
  }
  // The smallest truncate of the step shrank the file at some moment, whatever the order.
  if (!sets.empty() && *std::min_element(sets.begin(), sets.end()) < s0) {
    model.DropCowFrom(*std::min_element(sets.begin(), sets.end()));
  }
  model.SetSize(fsz);
  // Stores into the EOF page past the new EOF are junk, not data.
  const uint64_t eof_end = RoundUp(fsz, kPageSize);
  for (const auto& [id, seg] : direct) {
    const Op* op = explain.OpById(id);
    if (op && op->kind == OpKind::kTouchWrite) {
      for (const Seg& g : Clip({seg}, fsz, eof_end - fsz)) model.AddJunk(g.off, g.len, g.s);
    }
    explain.Remember(seg.s);
  }
  for (const Seg& g : Clip(junk_add, fsz, eof_end - fsz)) model.AddJunk(g.off, g.len, g.s);
  // Stores that went past the EOF page without SIGBUS (a missing-SIGBUS finding, checked
  // past when known): their bytes may show when the file grows over them.
  for (size_t i = 0; i < n; ++i) {
    const Op& op = st.ops[i];
    if (op.kind != OpKind::kTouchWrite || !shared_main(op.slot) || rec.ops[i].ret <= 0) continue;
    const uint64_t a = slots[op.slot]->off + op.off, done = static_cast<uint64_t>(rec.ops[i].ret);
    // Past the smallest EOF page of the step. Up to the largest the store may have been
    // legal at its moment, and then a truncate must have wiped it (the model says zeros);
    // or it came after that truncate, past EOF without SIGBUS, and its bytes surface when
    // the file grows: they are named for what they are when they do (tmpfs huge=always,
    // sweep 2026-12-07: a store racing a truncate below it, exposed by a later extend).
    const uint64_t near_end = RoundUp(min_sz, kPageSize);
    if (a + done > near_end) {
      const uint64_t from = std::max(a, near_end);
      model.NoteStorePastEof(from, a + done - from, Source{id_of(i), static_cast<int64_t>(0)});
    }
  }
  // The same for copies into a mapping past every EOF page (tmpfs huge=always: read(2)
  // and O_DIRECT reads copy on into a large folio's pages past EOF; a sweep on 2026-12-07
  // saw an O_DIRECT write extend the file over such bytes later).
  for (const Seg& g : Clip(junk_add, far_end, UINT64_MAX - far_end)) model.NoteStorePastEof(g.off, g.len, g.s);
}

}  // namespace fsfuzz
