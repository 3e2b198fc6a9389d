// Program model helpers: slot walking, op ids, static validation, affected ranges.
#include "src/fsfuzz/prog/program.h"

#include <algorithm>

namespace fsfuzz {

size_t Program::NumOps() const {
  size_t n = 0;
  for (const Step& s : steps) n += s.ops.size();
  return n;
}

void ApplyToSlots(const Op& op, Slots& slots) {
  if (op.slot >= kMaxSlots) return;
  if (op.kind == OpKind::kMmap) {
    slots[op.slot] = Mapping{op.off, op.len, static_cast<MapMode>(op.mode)};
  } else if (op.kind == OpKind::kMunmap) {
    slots[op.slot].reset();
  }
}

std::vector<uint32_t> FirstOpIds(const Program& p) {
  std::vector<uint32_t> ids;
  ids.reserve(p.steps.size());
  uint32_t next = 1;
  for (const Step& s : p.steps) {
    ids.push_back(next);
    next += static_cast<uint32_t>(s.ops.size());
  }
  return ids;
}

std::optional<std::string> ValidateHeader(const Header& h) {
  if (h.size > kMaxFileSize) return "file size exceeds 1G";
  if (h.aux_size > kMaxAuxSize) return "aux size exceeds 64M";
  return std::nullopt;
}

namespace {

std::optional<std::string> CheckSlot(const Slots& slots, uint8_t slot) {
  if (slot >= kMaxSlots) return "slot out of range (m0..m7)";
  if (!slots[slot]) return "slot m" + std::to_string(slot) + " is not mapped here";
  return std::nullopt;
}

std::optional<std::string> CheckFileRange(uint64_t off, uint64_t len) {
  if (len == 0) return "len must be at least 1";
  if (len > kMaxOpLen) return "len exceeds 64M";
  if (off > kMaxFileSize || off + len > kMaxFileSize) return "range ends past 1G";
  return std::nullopt;
}

std::optional<std::string> CheckBuf(const Op& op, const Slots& slots, bool in_round,
                                    bool stores) {
  if (op.buf.kind == Buf::Kind::kHeap) {
    if (op.buf.off >= kPageSize) return "heap buffer offset must be below 4K";
    return std::nullopt;
  }
  if (auto e = CheckSlot(slots, op.buf.slot)) return e;
  const Mapping& m = *slots[op.buf.slot];
  if (op.buf.off > m.len || op.len > m.len - op.buf.off) return "buffer runs past the end of its mapping";
  if (stores && m.aux()) return "aux mappings are read-only sources";
  if (stores && in_round && m.priv()) return "stores into a private mapping are not allowed in a round";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ValidateOp(const Op& op, const Slots& slots, bool in_round) {
  const OpInfo& info = Info(op.kind);
  if (in_round && (info.traits & kTrSequential)) return std::string(info.name) + " is not allowed inside a round";
  if ((info.args & kArgMode) && op.mode >= info.num_modes) return "bad mode";
  switch (op.kind) {
    case OpKind::kWrite:
    case OpKind::kDWrite:
    case OpKind::kRead:
    case OpKind::kDRead: {
      if (auto e = CheckFileRange(op.off, op.len)) return e;
      bool stores = op.kind == OpKind::kRead || op.kind == OpKind::kDRead;
      return CheckBuf(op, slots, in_round, stores);
    }
    case OpKind::kMmap: {
      if (op.slot >= kMaxSlots) return "slot out of range (m0..m7)";
      if (slots[op.slot]) return "slot m" + std::to_string(op.slot) + " is already mapped (munmap it first)";
      if (op.off % kPageSize) return "mmap offset must be page aligned";
      if (op.len == 0 || op.len % kPageSize) return "mmap length must be a non-zero page multiple";
      if (op.off + op.len > kMaxFileSize + kMaxOpLen) return "mapping ends too far out";
      return std::nullopt;
    }
    case OpKind::kMunmap: return CheckSlot(slots, op.slot);
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite:
    case OpKind::kMsync:
    case OpKind::kMadvise: {
      if (auto e = CheckSlot(slots, op.slot)) return e;
      const Mapping& m = *slots[op.slot];
      if (op.len == 0) return "len must be at least 1";
      if (op.off > m.len || op.len > m.len - op.off) return "range runs past the end of slot m" + std::to_string(op.slot);
      if ((op.kind == OpKind::kMsync || op.kind == OpKind::kMadvise) && op.off % kPageSize)
        return "offset must be page aligned";
      if (op.kind == OpKind::kTouchWrite && m.aux()) return "aux mappings are read-only sources";
      if (op.kind == OpKind::kTouchWrite && in_round && m.priv())
        return "stores into a private mapping are not allowed in a round";
      return std::nullopt;
    }
    case OpKind::kTruncate:
      if (op.size > kMaxFileSize) return "size exceeds 1G";
      return std::nullopt;
    case OpKind::kFallocate: return CheckFileRange(op.off, op.len);
    default: return std::nullopt;
  }
}

std::vector<ProgramError> Validate(const Program& p) {
  std::vector<ProgramError> errs;
  if (auto e = ValidateHeader(p.header)) errs.push_back({0, 0, *e});
  if (p.steps.size() > static_cast<size_t>(kMaxSteps)) errs.push_back({0, 0, "too many steps"});
  Slots slots;
  for (size_t s = 0; s < p.steps.size(); ++s) {
    const Step& st = p.steps[s];
    if (st.ops.empty()) errs.push_back({s, 0, "empty step"});
    if (st.round && st.ops.size() > static_cast<size_t>(kMaxRoundOps))
      errs.push_back({s, 0, "a round holds at most 8 ops"});
    if (!st.round && st.ops.size() > 1) errs.push_back({s, 0, "a sequential step holds one op"});
    for (size_t i = 0; i < st.ops.size(); ++i) {
      if (auto e = ValidateOp(st.ops[i], slots, st.round)) errs.push_back({s, i, *e});
    }
    if (!st.round) {
      for (const Op& op : st.ops) ApplyToSlots(op, slots);
    }
  }
  return errs;
}

Range AffectedRange(const Op& op, const Slots& slots, uint64_t size_before) {
  switch (op.kind) {
    case OpKind::kWrite:
    case OpKind::kDWrite: return {op.off, op.len};
    case OpKind::kRead:
    case OpKind::kDRead:
      if (op.buf.kind == Buf::Kind::kSlot && slots[op.buf.slot] && !slots[op.buf.slot]->aux() &&
          !slots[op.buf.slot]->priv())
        return {slots[op.buf.slot]->off + op.buf.off, op.len};
      return {};
    case OpKind::kTouchWrite:
      if (slots[op.slot] && !slots[op.slot]->aux() && !slots[op.slot]->priv())
        return {slots[op.slot]->off + op.off, op.len};
      return {};
    case OpKind::kTruncate: {
      uint64_t lo = std::min(op.size, size_before), hi = std::max(op.size, size_before);
      // The partial EOF page is zeroed on both shrink and extend.
      lo = RoundDown(lo, kPageSize);
      return {lo, RoundUp(hi, kPageSize) - lo};
    }
    case OpKind::kFallocate: {
      uint64_t lo = op.off, hi = op.off + op.len;
      if (op.off > size_before) lo = RoundDown(size_before, kPageSize);
      return {lo, hi - lo};
    }
    default: return {};
  }
}

bool NeedsSettle(const Op& op, const Slots& slots) {
  if (!Uses(op.kind, kArgBuf) || op.buf.kind != Buf::Kind::kSlot) return false;
  const auto& m = slots[op.buf.slot];
  if (!m) return false;
  // A write from a mapping: the source may be the target, and a source that faults part
  // way may leave part of the data written behind an EFAULT.
  if (op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) return true;
  return !m->aux() && !m->priv();  // a read into a shared mapping of the file stores file data
}

bool DirectAligned(const Op& op, const Slots& slots, uint64_t align) {
  if (align <= 1) return true;
  if (op.off % align || op.len % align) return false;
  if (op.buf.kind == Buf::Kind::kHeap) return op.buf.off % align == 0;
  // Mappings start page aligned, so the buffer address is aligned iff its slot offset is.
  (void)slots;
  return op.buf.off % align == 0;
}

}  // namespace fsfuzz
