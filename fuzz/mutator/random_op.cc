// Random ops and argument edits (see random_op.h).
#include "fuzz/mutator/random_op.h"

#include <array>

#include "src/fsfuzz/prog/generator.h"

namespace fsfuzz::fuzz {

OpKind RandomKind(Values& v, bool in_round) {
  static const std::array<int, kNumOpKinds> w = DefaultWeights();
  int total = 0;
  for (int k = 0; k < kNumOpKinds; ++k) {
    if (!(in_round && Has(static_cast<OpKind>(k), kTrSequential))) total += w[k];
  }
  int pick = static_cast<int>(v.Below(static_cast<uint64_t>(total)));
  for (int k = 0; k < kNumOpKinds; ++k) {
    if (in_round && Has(static_cast<OpKind>(k), kTrSequential)) continue;
    if ((pick -= w[k]) < 0) return static_cast<OpKind>(k);
  }
  return OpKind::kWrite;
}

uint8_t RandomMappedSlot(Values& v, const Slots& slots) {
  uint8_t mapped[kMaxSlots];
  int n = 0;
  for (int i = 0; i < kMaxSlots; ++i) {
    if (slots[i]) mapped[n++] = static_cast<uint8_t>(i);
  }
  return n ? mapped[v.Below(static_cast<uint64_t>(n))] : static_cast<uint8_t>(v.Below(kMaxSlots));
}

Op RandomOp(Values& v, OpKind kind, const Slots& slots, const DecodeLimits& l) {
  Op op;
  op.kind = kind;
  const bool direct = Has(kind, kTrDirect);
  const uint8_t slot = RandomMappedSlot(v, slots);
  if (Uses(kind, kArgSlot)) op.slot = kind == OpKind::kMmap ? static_cast<uint8_t>(v.Below(kMaxSlots)) : slot;
  if (kind == OpKind::kMmap) {
    op.off = RoundDown(v.Offset(l.offset, true), kPageSize);
    op.len = v.PageLength(l.map_len);
  } else if (Uses(kind, kArgSlot) && slots[op.slot]) {
    // Slot-relative: aim at the mapping's own bytes (file offset hints minus its start).
    const Mapping& m = *slots[op.slot];
    const uint64_t fo = v.Offset(l.offset, false);
    op.off = fo >= m.off ? fo - m.off : v.Below(m.len);
    op.len = v.Length(l.op_len, false);
  } else {
    if (Uses(kind, kArgOff)) op.off = v.Offset(l.offset, direct);
    if (Uses(kind, kArgLen)) op.len = v.Length(l.op_len, direct);
  }
  if (Uses(kind, kArgSize)) op.size = v.Offset(l.offset, false);
  if (Uses(kind, kArgBuf) && v.Chance(3)) {
    op.buf.kind = Buf::Kind::kSlot;
    op.buf.slot = slot;
    op.buf.off = slots[slot] ? RoundDown(v.Below(slots[slot]->len), v.Chance(4) ? 1 : kPageSize) : 0;
  } else if (Uses(kind, kArgBuf) && direct && v.Chance(12)) {
    op.buf.off = 1 + v.Below(kPageSize - 1);  // a misaligned heap buffer
  }
  if (Uses(kind, kArgMode)) op.mode = static_cast<uint8_t>(v.Below(static_cast<uint64_t>(Info(kind).num_modes)));
  // Shared mappings of the file itself are where DIO and page faults meet: favour them.
  if (kind == OpKind::kMmap && v.Chance(2)) op.mode = static_cast<uint8_t>(MapMode::kShared);
  return op;
}

OpKind SiblingKind(Values& v, OpKind k) {
  static constexpr OpKind kData[] = {OpKind::kWrite, OpKind::kRead, OpKind::kDWrite, OpKind::kDRead};
  switch (k) {
    case OpKind::kWrite:
    case OpKind::kRead:
    case OpKind::kDWrite:
    case OpKind::kDRead: return kData[v.Below(4)];
    case OpKind::kTouchRead: return OpKind::kTouchWrite;
    case OpKind::kTouchWrite: return OpKind::kTouchRead;
    case OpKind::kFsync: return OpKind::kFdatasync;
    case OpKind::kFdatasync: return OpKind::kFsync;
    case OpKind::kMsync: return OpKind::kMadvise;
    case OpKind::kMadvise: return OpKind::kMsync;
    default: return k;
  }
}

void ChangeArg(Values& v, Op& op, const Slots& slots, const DecodeLimits& l) {
  const bool direct = Has(op.kind, kTrDirect);
  std::array<int, 6> args{};
  int n = 0;
  for (int a : {kArgSlot, kArgOff, kArgLen, kArgSize, kArgBuf, kArgMode}) {
    if (Uses(op.kind, static_cast<ArgBits>(a))) args[n++] = a;
  }
  if (n == 0) return;
  switch (args[v.Below(static_cast<uint64_t>(n))]) {
    case kArgSlot: op.slot = op.kind == OpKind::kMmap ? static_cast<uint8_t>(v.Below(kMaxSlots)) : RandomMappedSlot(v, slots); break;
    case kArgOff:
      op.off = op.kind == OpKind::kMmap ? RoundDown(v.Tweak(op.off, l.offset, true), kPageSize) : v.Tweak(op.off, l.offset, direct);
      break;
    case kArgLen:
      op.len = op.kind == OpKind::kMmap ? v.PageLength(l.map_len)
                                        : (v.Chance(2) ? v.Length(l.op_len, direct) : v.Tweak(op.len, l.op_len, direct));
      break;
    case kArgSize: op.size = v.Tweak(op.size, l.offset, false); break;
    case kArgBuf:
      if (op.buf.kind == Buf::Kind::kSlot && v.Chance(3)) {
        op.buf = Buf{};
      } else {
        op.buf.kind = Buf::Kind::kSlot;
        op.buf.slot = RandomMappedSlot(v, slots);
        op.buf.off = v.Tweak(op.buf.off, l.map_len, direct);
      }
      break;
    case kArgMode: op.mode = static_cast<uint8_t>(v.Below(static_cast<uint64_t>(Info(op.kind).num_modes))); break;
  }
}

void ChangeHeader(Values& v, Header& h, const DecodeLimits& l) {
  switch (v.Below(4)) {
    case 0: h.size = v.Chance(4) ? v.Tweak(h.size, l.initial_size, false) : v.Offset(64u << 10, false); break;
    case 1: h.seed = v.Chance(2) ? h.seed + 1 : v.Below(1u << 16); break;
    case 2: h.aux_size = v.Chance(3) ? 0 : v.Length(l.aux_size, false); break;
    default: h.sparse = !h.sparse; break;
  }
}

}  // namespace fsfuzz::fuzz
