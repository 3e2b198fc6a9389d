// Sequential steps are exact: every return value, byte and SIGBUS equals the model's.
#include <algorithm>
#include <cerrno>
#include <vector>

#include "src/fsfuzz/check/checker_impl.h"
#include "src/fsfuzz/check/evidence.h"

namespace fsfuzz {

bool Checker::Impl::Misaligned(const Op& op) const {
  return Has(op.kind, kTrDirect) && !DirectAligned(op, slots, env.DirectAlign());
}

uint64_t Checker::Impl::BufferLimit(const Op& op, uint64_t main_size) const {
  if (op.buf.kind != Buf::Kind::kSlot || !slots[op.buf.slot]) return op.len;
  const Mapping& m = *slots[op.buf.slot];
  const uint64_t file_size = m.aux() ? model.aux_size() : main_size;
  const uint64_t eof_page_end = RoundUp(file_size, kPageSize);
  const uint64_t start = m.off + op.buf.off;
  if (start + op.len <= eof_page_end) return op.len;
  return start >= eof_page_end ? 0 : eof_page_end - start;
}

bool Checker::Impl::MissedBufferFault(const Op& op, uint32_t id, uint64_t got, uint64_t max_size) {
  // A private mapping is left out: its copied pages are memory of its own.
  if (op.buf.kind != Buf::Kind::kSlot || !slots[op.buf.slot] || slots[op.buf.slot]->priv()) return false;
  const uint64_t limit = BufferLimit(op, max_size);
  if (got <= limit) return false;
  const Mapping& m = *slots[op.buf.slot];
  const uint64_t at = m.off + op.buf.off + limit;  // the first page wholly past EOF
  std::vector<uint32_t> ops = {id};
  std::string detail = "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") returned " + std::to_string(got) +
                       " bytes, copied into its buffer through file offset " + HexOff(at) +
                       " of the mapping, in a page wholly past EOF (size at most " +
                       std::to_string(m.aux() ? model.aux_size() : max_size) +
                       "): the copy should have stopped there (a store to that page faults; a short count or "
                       "EFAULT was due).";
  if (!m.aux()) detail += RacedStoreNote(at, ops);
  nlohmann::json ev = {{"file_offset", at}, {"size_max", max_size}, {"ret", got}, {"limit", limit}};
  ev["check"] = {{"kind", "ret"}, {"when", "op"}, {"op_id", id}, {"step", static_cast<int64_t>(step)},
                 {"allowed_ret", {-1, static_cast<int64_t>(limit)}}};
  AddFinding(FindingClass::kMissingSigbus, ops, "missing SIGBUS in a copy into a mapping", detail, ev, id);
  return true;
}

void Checker::Impl::Sequential(const Op& op, uint32_t id, const OpRecord& rec) {
  if (rec.skipped) {
    if (Has(op.kind, kTrNeedsRoot)) {
      Signal(std::string("skipped-") + std::string(Info(op.kind).name));
      return;
    }
    Inconclusive("op #" + std::to_string(id) + " was skipped: " + rec.note);
    return;
  }
  switch (Info(op.kind).effect) {
    case Effect::kWriteData: SeqWrite(op, id, rec); return;
    case Effect::kReadData: SeqRead(op, id, rec); return;
    case Effect::kTouchRead:
    case Effect::kTouchWrite: SeqTouch(op, id, rec); return;
    case Effect::kMap:
    case Effect::kUnmap:
      if (rec.ret < 0) {
        UnexpectedErrno(id, rec, "success");
        return;
      }
      ApplyToSlots(op, slots);
      model.DropCow(op.slot);
      return;
    default: SeqOther(op, id, rec); return;
  }
}

void Checker::Impl::SeqWrite(const Op& op, uint32_t id, const OpRecord& rec) {
  if (HandleNoSpace(rec)) return;
  const bool direct = Has(op.kind, kTrDirect);
  const bool mis = Misaligned(op);
  const uint64_t limit = BufferLimit(op, model.size());
  if (rec.ret < 0) {
    explain.NoteFailure(id, rec.err);
    if (direct && !env.dio_supported && rec.err == EINVAL) return Signal("dio-unsupported");
    if (mis && rec.err == EINVAL) return NoteMisalignedEinval(op, id);
    if (rec.err == EFAULT && limit < op.len) return Signal("efault-past-eof");
    return UnexpectedErrno(id, rec, "a write of " + std::to_string(op.len) + " bytes");
  }
  if (mis) Signal("misaligned-dio-buffered");
  const uint64_t n = static_cast<uint64_t>(rec.ret);
  const bool short_ok = limit < op.len && n >= 1 && n <= limit;
  if (n != op.len && !short_ok) {
    return UnexpectedErrno(id, rec, "a write of " + std::to_string(op.len) + " bytes");
  }
  if (IsPrivateBuf(op) && model.CowUnknown(op.buf.slot, BufFileOff(op), n)) {
    return Inconclusive("op #" + std::to_string(id) + " wrote from private pages a failed or short O_DIRECT read left unknown");
  }
  if (op.buf.kind == Buf::Kind::kHeap) {
    model.data().Assign(op.off, n, Source{id, 0});
    explain.Remember(Source{id, 0});
  } else {
    // Source is an aux mapping (same-file mappings are settled, see NeedsSettle).
    const Mapping& m = *slots[op.buf.slot];
    const uint64_t b = m.off + op.buf.off;
    auto segs = model.SlotSources(op.buf.slot, m, b, n);
    const int64_t shift = static_cast<int64_t>(op.off) - static_cast<int64_t>(b);
    for (auto& g : segs) {
      g.off = static_cast<uint64_t>(static_cast<int64_t>(g.off) + shift);
      if (g.s.src != kSrcZero) g.s.delta -= shift;
      explain.Remember(g.s);
    }
    model.data().Apply(segs);
  }
  if (op.off + n > model.size()) {
    if (direct && model.size() % kPageSize) dio_extensions.push_back({id, model.size()});
    model.SetSize(op.off + n);
  }
}

void Checker::Impl::SeqRead(const Op& op, uint32_t id, const OpRecord& rec) {
  if (HandleNoSpace(rec)) return;
  const bool direct = Has(op.kind, kTrDirect);
  const bool mis = Misaligned(op);
  const uint64_t size = model.size();
  const uint64_t want = op.off >= size ? 0 : std::min(op.len, size - op.off);
  const uint64_t limit = BufferLimit(op, size);
  if (rec.ret < 0) {
    if (direct && !env.dio_supported && rec.err == EINVAL) return Signal("dio-unsupported");
    if (mis && rec.err == EINVAL) {
      // iomap checks alignment per extent: extents before the first mapped one (holes,
      // unwritten) are zero-filled into the buffer before the EINVAL (ext4 and xfs on
      // 6.18, docs/known-findings/admitted-misaligned-dread-einval-zeroes-buffer.c). The
      // buffer's contents after a failed read are unspecified: a private buffer's pages
      // are unknown from here on.
      if (direct && IsPrivateBuf(op)) {
        model.MarkCowUnknown(op.buf.slot, BufFileOff(op), limit);
        Signal("misaligned-dread-einval-buffer-unknown");
      }
      return Signal("misaligned-dio-einval");
    }
    if (rec.err == EFAULT && limit < op.len) {
      // The pages pinned before the fault were copied (FOLL_WRITE breaks COW) and may hold
      // what the read reached: their state is unknown from here on.
      if (direct && IsPrivateBuf(op)) model.MarkCowUnknown(op.buf.slot, BufFileOff(op), limit);
      return Signal("efault-past-eof");
    }
    return UnexpectedErrno(id, rec, std::to_string(want) + " bytes");
  }
  if (mis) Signal("misaligned-dio-buffered");
  const uint64_t n = static_cast<uint64_t>(rec.ret);
  const bool short_ok = limit < want && n >= 1 && n <= limit;
  if (n != want && !short_ok) {
    std::string detail = "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") of [" + HexOff(op.off) +
                         ", +" + std::to_string(op.len) + ") returned " + std::to_string(n) +
                         " bytes; with the file's size at " + std::to_string(size) + " it must return " +
                         std::to_string(want) + ".";
    return AddFinding(FindingClass::kSizeMismatch, {id}, "short or long read", detail,
                      {{"ret", n},
                       {"expected", want},
                       {"size", size},
                       {"check", {{"kind", "ret"}, {"when", "op"}, {"op_id", id}, {"step", static_cast<int64_t>(step)},
                                  {"allowed_ret", {want, want}}}}},
                      id);
  }
  if (MissedBufferFault(op, id, n, size) && stopped) return;
  if (rec.data.size() < n) return Inconclusive("trace of op #" + std::to_string(id) + " lacks its data");
  uint8_t* exp = ExpectBuf(n);
  model.data().Expect(op.off, n, exp);
  if (!std::equal(exp, exp + n, rec.data.begin())) {
    next_check = BytesCheck(direct ? "direct" : "buffered", -1, op.off, n, model.data().Segments(op.off, n), model.data());
    next_check["when"] = "op";
    DataMismatch(id, direct ? "direct" : "buffered", op.off, rec.data.data(), exp, n, {});
    if (stopped) return;
    model.data().Assign(op.off, n, model.data().AddLiteral(op.off, rec.data));  // known: go on from what was seen
  }
  if (op.buf.kind == Buf::Kind::kSlot && slots[op.buf.slot] && slots[op.buf.slot]->priv()) {
    // A read into a private mapping copies the pages on write; the file is unchanged.
    const Mapping& m = *slots[op.buf.slot];
    const uint64_t dst = m.off + op.buf.off;
    model.Cow(op.buf.slot, dst, n);
    auto segs = model.data().Shifted(op.off, n, dst);
    for (const auto& g : segs) explain.Remember(g.s);
    model.CowData(op.buf.slot).Apply(segs);
    // O_DIRECT pinned the whole buffer (copying each page) and may have zero-filled past
    // EOF: the pages past the count are copies of unknown contents.
    if (direct && std::min(op.len, limit) > n) {
      model.MarkCowUnknown(op.buf.slot, dst + n, std::min(op.len, limit) - n);
      Signal("dread-private-pinned-unknown");
    }
  }
}

void Checker::Impl::SeqTouch(const Op& op, uint32_t id, const OpRecord& rec) {
  const Mapping& m = *slots[op.slot];
  const uint64_t fsize = m.aux() ? model.aux_size() : model.size();
  const uint64_t eof_end = RoundUp(fsize, kPageSize);
  const uint64_t a = m.off + op.off;  // file offset of the first byte
  const bool want_bus = a + op.len > eof_end;
  const uint64_t want_done = want_bus ? (a >= eof_end ? 0 : eof_end - a) : op.len;
  const bool wrote = op.kind == OpKind::kTouchWrite;
  if (rec.sigbus != want_bus || static_cast<uint64_t>(std::max<int64_t>(rec.ret, 0)) != want_done) {
    const uint64_t at = a + static_cast<uint64_t>(std::max<int64_t>(rec.ret, 0));
    nlohmann::json ev = {{"file_offset", at}, {"size", fsize}, {"expected_done", want_done},
                         {"done", rec.ret}, {"sigbus", rec.sigbus}};
    ev["check"] = {{"kind", "sigbus"}, {"when", "op"}, {"op_id", id}, {"step", static_cast<int64_t>(step)},
                   {"expect_sigbus", want_bus}, {"expect_done", want_done}};
    if (rec.sigbus && (!want_bus || at < eof_end)) {
      std::string detail = "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") took SIGBUS at file offset " +
                           HexOff(at) + ", below the end of the EOF page (" + HexOff(eof_end) + ", size " +
                           std::to_string(fsize) + ").";
      return AddFinding(FindingClass::kUnexpectedSigbus, {id}, "unexpected SIGBUS", detail, ev, id);
    }
    std::string detail = "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") touched file offset " +
                         HexOff(std::max(a, eof_end)) + " in a page wholly past EOF (size " + std::to_string(fsize) +
                         ") without SIGBUS.";
    std::vector<uint32_t> ops = {id};
    if (!m.aux()) detail += RacedStoreNote(std::max(a, eof_end), ops);
    AddFinding(FindingClass::kMissingSigbus, ops, "missing SIGBUS", detail, ev, id);
    if (stopped || !wrote || m.aux()) return;
    // A known finding, checked past: the store happened. Below EOF it is data, in the EOF
    // page junk, past it bytes the file may show once it grows over them; through a
    // private mapping, private copies of those pages.
    const uint64_t stored = static_cast<uint64_t>(std::max<int64_t>(rec.ret, 0));
    explain.Remember(Source{id, 0});
    if (m.priv()) {
      model.Cow(op.slot, a, stored);
      model.CowData(op.slot).Assign(a, stored, Source{id, 0});
      return;
    }
    const uint64_t data_len = a >= fsize ? 0 : std::min(stored, fsize - a);
    const uint64_t junk_end = std::min(a + stored, std::max(eof_end, a + data_len));
    model.data().Assign(a, data_len, Source{id, 0});
    model.AddJunk(a + data_len, junk_end - (a + data_len), Source{id, 0});
    model.NoteStorePastEof(junk_end, a + stored - junk_end, Source{id, 0});
    return;
  }
  const uint64_t done = want_done;
  const uint64_t in_file = a >= fsize ? 0 : std::min(done, fsize - a);
  if (!wrote) {
    if (rec.data.size() < done) return Inconclusive("trace of op #" + std::to_string(id) + " lacks its data");
    uint8_t* exp = ExpectBuf(in_file);
    model.ExpectSlot(op.slot, m, a, in_file, exp);
    if (m.priv()) AcceptUnknownCow(op.slot, a, in_file, rec.data.data(), exp);
    if (!std::equal(exp, exp + in_file, rec.data.begin())) {
      next_check = BytesCheck("mapped", op.slot, a, in_file, model.SlotSources(op.slot, m, a, in_file), model.data());
      next_check["when"] = "op";
      return DataMismatch(id, "mapped", a, rec.data.data(), exp, in_file, {});
    }
    uint64_t bad = BadTail(a + in_file, rec.data.data() + in_file, done - in_file, m.priv() ? op.slot : -1);
    if (bad != UINT64_MAX) {
      std::vector<uint8_t> zeros(done - in_file);
      next_check = TailCheck(op.slot, a + in_file, done - in_file);
      next_check["when"] = "op";
      return DataMismatch(id, "mapped (past EOF)", a + in_file, rec.data.data() + in_file, zeros.data(),
                          done - in_file, {});
    }
    return;
  }
  explain.Remember(Source{id, 0});
  if (m.priv()) {
    model.Cow(op.slot, a, done);
    model.CowData(op.slot).Assign(a, done, Source{id, 0});
    return;
  }
  model.data().Assign(a, in_file, Source{id, 0});
  model.AddJunk(a + in_file, done - in_file, Source{id, 0});
}

void Checker::Impl::SeqOther(const Op& op, uint32_t id, const OpRecord& rec) {
  switch (op.kind) {
    case OpKind::kTruncate:
      if (HandleNoSpace(rec)) return;
      if (rec.ret != 0) return UnexpectedErrno(id, rec, "0");
      model.SetSize(op.size);
      return;
    case OpKind::kFallocate: {
      if (HandleNoSpace(rec)) return;
      const auto mode = static_cast<FallocMode>(op.mode);
      if (rec.ret < 0 && rec.err == EOPNOTSUPP) {
        return Signal(std::string("fallocate-") + std::string(ModeName(op.kind, op.mode)) + "-unsupported");
      }
      if (rec.ret != 0) return UnexpectedErrno(id, rec, "0");
      const uint64_t size = model.size();
      const uint64_t end = op.off + op.len;
      if (mode == FallocMode::kPunch || mode == FallocMode::kZero || mode == FallocMode::kZeroKeep) {
        if (op.off < size) model.data().Zero(op.off, std::min(end, size) - op.off);
        punched.push_back({id, {op.off, op.len}});
      }
      if ((mode == FallocMode::kAlloc || mode == FallocMode::kZero) && end > size) model.SetSize(end);
      return;
    }
    case OpKind::kFsync:
    case OpKind::kFdatasync:
    case OpKind::kMsync: return CheckSyncResult(id, rec, Info(op.kind).name.data());
    case OpKind::kMadvise: {
      const auto mode = static_cast<MadviseMode>(op.mode);
      if (rec.ret < 0) {
        if (rec.err == EINVAL && (mode == MadviseMode::kPageout || mode == MadviseMode::kCold)) {
          return Signal("madvise-unsupported");
        }
        return UnexpectedErrno(id, rec, "0");
      }
      const Mapping& m = *slots[op.slot];
      // MADV_DONTNEED discards private copies: the next access reads the file again.
      if (mode == MadviseMode::kDontneed && m.priv()) model.DropCow(op.slot, m.off + op.off, op.len);
      return;
    }
    case OpKind::kEvict:
      if (rec.ret != 0) return UnexpectedErrno(id, rec, "0");
      return;
    case OpKind::kRemount:
      if (rec.ret != 0) return Inconclusive("remount failed: " + rec.note);
      // Cold cache: junk past EOF is gone, mappings were made anew.
      model.ForgetJunk();
      model.DropAllCow();
      return;
    case OpKind::kCheck: return;
    default: return;
  }
}

}  // namespace fsfuzz
