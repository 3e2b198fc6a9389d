// Program repair after mutation (see repair.h).
#include "fuzz/mutator/repair.h"

#include <algorithm>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::fuzz {
namespace {

const Mapping* SlotOf(const Slots& slots, uint8_t slot) {
  return slot < kMaxSlots && slots[slot] ? &*slots[slot] : nullptr;
}

// A mapped slot to use instead of a missing one (the nearest number, for stability).
int MappedNear(const Slots& slots, uint8_t want) {
  for (int d = 0; d < kMaxSlots; ++d) {
    for (int s : {want + d, want - d}) {
      if (s >= 0 && s < kMaxSlots && slots[s]) return s;
    }
  }
  return -1;
}

int FreeNear(const Slots& slots, uint8_t want) {
  for (int d = 0; d < kMaxSlots; ++d) {
    for (int s : {want + d, want - d}) {
      if (s >= 0 && s < kMaxSlots && !slots[s]) return s;
    }
  }
  return -1;
}

// [off, off+len) clamped into a mapping of length mlen, len >= 1.
void IntoMapping(uint64_t& off, uint64_t& len, uint64_t mlen) {
  off %= mlen;
  len = std::clamp<uint64_t>(len, 1, mlen - off);
}

}  // namespace

bool FixOp(Op& op, const Slots& slots, bool in_round, const DecodeLimits& l) {
  const OpInfo& info = Info(op.kind);
  if (in_round && (info.traits & kTrSequential)) return false;
  op = CanonicalOp(op);
  if (info.args & kArgMode) op.mode = static_cast<uint8_t>(op.mode % info.num_modes);
  switch (op.kind) {
    case OpKind::kWrite:
    case OpKind::kRead:
    case OpKind::kDWrite:
    case OpKind::kDRead: {
      op.off = std::min(op.off, l.offset);
      op.len = std::clamp<uint64_t>(op.len, 1, l.op_len);
      if (op.buf.kind == Buf::Kind::kSlot) {
        const int s = MappedNear(slots, op.buf.slot);
        if (s < 0) {
          op.buf = Buf{};
        } else {
          op.buf.slot = static_cast<uint8_t>(s);
          const Mapping& m = *slots[s];
          op.buf.off = std::min(op.buf.off, l.map_len) % m.len;
          op.len = std::min(op.len, m.len - op.buf.off);
          const bool stores = !(info.traits & kTrWrites);
          if (stores && (m.aux() || (in_round && m.priv())))
            op.kind = op.kind == OpKind::kRead ? OpKind::kWrite : OpKind::kDWrite;
        }
      }
      if (op.buf.kind == Buf::Kind::kHeap) op.buf.off %= kPageSize;
      break;
    }
    case OpKind::kMmap: {
      const int s = slots[op.slot % kMaxSlots] ? FreeNear(slots, op.slot % kMaxSlots) : op.slot % kMaxSlots;
      if (s < 0) return false;
      op.slot = static_cast<uint8_t>(s);
      op.off = RoundDown(std::min(op.off, l.offset), kPageSize);
      op.len = std::clamp<uint64_t>(RoundDown(op.len, kPageSize), kPageSize, l.map_len);
      break;
    }
    case OpKind::kMunmap:
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite:
    case OpKind::kMsync:
    case OpKind::kMadvise: {
      const int s = SlotOf(slots, op.slot) ? op.slot : MappedNear(slots, op.slot % kMaxSlots);
      if (s < 0) return false;
      op.slot = static_cast<uint8_t>(s);
      if (op.kind == OpKind::kMunmap) break;
      const Mapping& m = *slots[s];
      if (op.kind == OpKind::kTouchRead || op.kind == OpKind::kTouchWrite) {
        op.len = std::min(op.len, l.op_len);
        IntoMapping(op.off, op.len, m.len);
        if (op.kind == OpKind::kTouchWrite && (m.aux() || (in_round && m.priv()))) op.kind = OpKind::kTouchRead;
      } else {
        op.len = std::min(op.len, l.map_len);
        IntoMapping(op.off, op.len, m.len);
        op.off = RoundDown(op.off, kPageSize);
        op.len = std::min(op.len, m.len - op.off);
      }
      break;
    }
    case OpKind::kTruncate: op.size = std::min(op.size, l.offset); break;
    case OpKind::kFallocate:
      op.off = std::min(op.off, l.offset);
      op.len = std::clamp<uint64_t>(op.len, 1, l.op_len);
      break;
    default: break;
  }
  return !ValidateOp(op, slots, in_round).has_value();
}

void Repair(Program& p, const DecodeLimits& l) {
  p.header.size = std::min(p.header.size, l.initial_size);
  p.header.aux_size = std::min(p.header.aux_size, l.aux_size);
  Slots slots;
  std::vector<Step> out;
  out.reserve(p.steps.size());
  for (Step& st : p.steps) {
    if (out.size() >= l.steps) break;
    Step kept;
    kept.round = st.round;
    for (Op& op : st.ops) {
      if (st.round && kept.ops.size() >= static_cast<size_t>(kMaxRoundOps)) break;
      if (!st.round && !kept.ops.empty()) {
        // A sequential step holds one op: the rest become steps of their own.
        ApplyToSlots(kept.ops[0], slots);
        out.push_back(std::move(kept));
        kept = Step{};
        if (FixOp(op, slots, false, l)) kept.ops.push_back(op);
        continue;
      }
      if (FixOp(op, slots, st.round, l)) kept.ops.push_back(op);
    }
    if (kept.ops.empty()) continue;
    if (!kept.round) ApplyToSlots(kept.ops[0], slots);
    out.push_back(std::move(kept));
  }
  if (out.size() > l.steps) out.resize(l.steps);
  p.steps = std::move(out);
}

}  // namespace fsfuzz::fuzz
