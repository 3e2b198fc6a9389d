// The binary program form (see binary_codec.h). Chosen so that byte mutations mostly
// give meaningful programs and every byte string decodes:
//
//   program := header step*             (decoding stops at the end of input or at
//                                        limits.steps steps; missing bytes read as 0)
//   header  := size:M(initial_size) seed:varint aux:M(aux_size) flags:byte (bit 0: sparse)
//   step    := tag:byte  then (tag & 15) < 8: one op;  else a round of (tag & 15) - 7 ops
//   op      := kind:byte (% kNumOpKinds), then the fields the op table gives the kind, in
//              this order: slot:byte off:varint len:varint size:varint buf mode:byte
//   buf     := b:byte; b & 1 == 0: heap, and if (b >> 1) & 7 == 7 a varint h follows and
//              the heap offset is h % 4096 (else 0); b & 1 == 1: mapping number (b >> 1)
//              among the mapped slots, then its offset as a D number
//
// Numbers are LEB128 varints reduced modulo (limit + 1), so a value within its limit
// encodes as itself. Three classes, t = v & 7 and q = v >> 3:
//   P (page):   v pages                                     (mmap, msync/madvise off)
//   D (direct): t == 7: q bytes exactly; else q pages         (dwrite/dread, mapped bufs)
//   M (mixed):  t >= 4: q bytes exactly; else q pages         (everything else)
// so 7/8 of random O_DIRECT offsets and lengths are aligned and half of the others.
//
// Slots are relative to the slot table the decoder walks: mmap's slot byte picks among
// the unmapped slots (none free: the mmap is dropped), other slot bytes among the mapped
// ones. Repairs, so that every result validates:
//   - an op needing a mapped slot when none is mapped becomes an mmap of its own fields
//     (P numbers, mode 0 unless it has one) in a sequential step, and is dropped in a round;
//   - sequential-only ops inside a round are dropped; an emptied round is dropped;
//   - a mapped buffer with no slot mapped becomes heap; ranges are clamped into their
//     mapping (offset modulo the mapping length, then the length cut at its end);
//   - a zero length becomes one page (D) or one byte (M); mmap lengths of 0 pages, 1 page;
//   - stores Validate rejects (into aux mappings; into private ones in a round) become
//     loads: touch_write -> touch_read, read/dread into the mapping -> write/dwrite from it.
#include "src/fsfuzz/prog/binary_codec.h"

#include <algorithm>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz {
namespace {

enum class NumClass : uint8_t { kPage, kDirect, kMixed };

DecodeLimits Sanitize(const DecodeLimits& in) {
  DecodeLimits l = in;
  l.initial_size = std::min(l.initial_size, kMaxFileSize);
  l.offset = std::min(l.offset, kMaxFileSize);
  l.op_len = std::clamp<uint64_t>(l.op_len, 1, kMaxOpLen);
  l.map_len = RoundDown(std::clamp<uint64_t>(l.map_len, kPageSize, kMaxOpLen), kPageSize);
  l.aux_size = std::min(l.aux_size, kMaxAuxSize);
  l.steps = std::min(l.steps, static_cast<size_t>(kMaxSteps));
  return l;
}

// ---- decoding ----

class Reader {
 public:
  Reader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
  bool done() const { return p_ >= end_; }
  uint8_t Byte() { return p_ < end_ ? *p_++ : 0; }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = Byte();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

uint64_t Reduce(uint64_t v, uint64_t limit) { return limit == UINT64_MAX ? v : v % (limit + 1); }

uint64_t Number(uint64_t v, NumClass c, uint64_t limit) {
  if (c == NumClass::kPage) return Reduce(v, limit / kPageSize) * kPageSize;
  const uint64_t t = v & 7, q = v >> 3;
  const bool exact = c == NumClass::kDirect ? t == 7 : t >= 4;
  return exact ? Reduce(q, limit) : Reduce(q, limit / kPageSize) * kPageSize;
}

// The fields of one op as read, before they are given meaning.
struct RawOp {
  OpKind kind = OpKind::kCheck;
  uint8_t slot = 0;
  uint64_t off = 0, len = 0, size = 0;
  uint8_t buf = 0;
  uint64_t buf_off = 0;
  uint8_t mode = 0;
};

RawOp ReadOp(Reader& r) {
  RawOp o;
  o.kind = static_cast<OpKind>(r.Byte() % kNumOpKinds);
  const uint32_t a = Info(o.kind).args;
  if (a & kArgSlot) o.slot = r.Byte();
  if (a & kArgOff) o.off = r.Varint();
  if (a & kArgLen) o.len = r.Varint();
  if (a & kArgSize) o.size = r.Varint();
  if (a & kArgBuf) {
    o.buf = r.Byte();
    if ((o.buf & 1) || ((o.buf >> 1) & 7) == 7) o.buf_off = r.Varint();
  }
  if (a & kArgMode) o.mode = r.Byte();
  return o;
}

// The slot table as the decoder and encoder see it: which slots are (un)mapped, in order.
struct SlotView {
  uint8_t mapped[kMaxSlots];
  uint8_t unmapped[kMaxSlots];
  int n_mapped = 0, n_unmapped = 0;

  explicit SlotView(const Slots& s) {
    for (int i = 0; i < kMaxSlots; ++i) {
      if (s[i]) {
        mapped[n_mapped++] = static_cast<uint8_t>(i);
      } else {
        unmapped[n_unmapped++] = static_cast<uint8_t>(i);
      }
    }
  }
  int IndexOf(const uint8_t* list, int n, uint8_t slot) const {
    for (int i = 0; i < n; ++i) {
      if (list[i] == slot) return i;
    }
    return 0;
  }
};

uint64_t NonZeroLen(uint64_t len, NumClass c, uint64_t limit) {
  if (len != 0) return len;
  return c == NumClass::kDirect ? std::min(kPageSize, limit) : 1;
}

Op MmapFrom(const RawOp& raw, const SlotView& view, const DecodeLimits& l) {
  Op op;
  op.kind = OpKind::kMmap;
  op.slot = view.unmapped[raw.slot % view.n_unmapped];
  op.off = Number(raw.off, NumClass::kPage, l.offset);
  op.len = std::max(Number(raw.len, NumClass::kPage, l.map_len), kPageSize);
  op.mode = static_cast<uint8_t>(raw.mode % Info(OpKind::kMmap).num_modes);
  return op;
}

// Gives a raw op its meaning under the slot table; false: the op is dropped.
bool Interpret(const RawOp& raw, const Slots& slots, const SlotView& view, bool in_round,
               const DecodeLimits& l, Op* out) {
  const OpInfo& info = Info(raw.kind);
  if (in_round && (info.traits & kTrSequential)) return false;
  const bool needs_mapping = (info.args & kArgSlot) && raw.kind != OpKind::kMmap;
  if (needs_mapping && view.n_mapped == 0) {
    if (in_round) return false;
    *out = MmapFrom(raw, view, l);
    return true;
  }
  if (raw.kind == OpKind::kMmap) {
    if (view.n_unmapped == 0) return false;
    *out = MmapFrom(raw, view, l);
    return true;
  }
  Op op;
  op.kind = raw.kind;
  if (info.args & kArgMode) op.mode = static_cast<uint8_t>(raw.mode % info.num_modes);
  const Mapping* m = nullptr;
  if (needs_mapping) {
    op.slot = view.mapped[raw.slot % view.n_mapped];
    m = &*slots[op.slot];
  }
  switch (raw.kind) {
    case OpKind::kWrite:
    case OpKind::kRead:
    case OpKind::kDWrite:
    case OpKind::kDRead: {
      const NumClass c = (info.traits & kTrDirect) ? NumClass::kDirect : NumClass::kMixed;
      op.off = Number(raw.off, c, l.offset);
      op.len = NonZeroLen(Number(raw.len, c, l.op_len), c, l.op_len);
      if ((raw.buf & 1) && view.n_mapped > 0) {
        op.buf.kind = Buf::Kind::kSlot;
        op.buf.slot = view.mapped[(raw.buf >> 1) % view.n_mapped];
        const Mapping& bm = *slots[op.buf.slot];
        op.buf.off = Number(raw.buf_off, NumClass::kDirect, l.map_len) % bm.len;
        op.len = std::min(op.len, bm.len - op.buf.off);
        const bool stores = !(info.traits & kTrWrites);
        if (stores && (bm.aux() || (in_round && bm.priv())))
          op.kind = raw.kind == OpKind::kRead ? OpKind::kWrite : OpKind::kDWrite;
      } else if (!(raw.buf & 1) && ((raw.buf >> 1) & 7) == 7) {
        op.buf.off = raw.buf_off % kPageSize;
      }
      if (op.off + op.len > kMaxFileSize) op.off = kMaxFileSize - op.len;
      break;
    }
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite:
      op.off = Number(raw.off, NumClass::kMixed, l.map_len) % m->len;
      op.len = std::min(NonZeroLen(Number(raw.len, NumClass::kMixed, l.op_len), NumClass::kMixed, l.op_len),
                        m->len - op.off);
      if (raw.kind == OpKind::kTouchWrite && (m->aux() || (in_round && m->priv())))
        op.kind = OpKind::kTouchRead;
      break;
    case OpKind::kMsync:
    case OpKind::kMadvise:
      op.off = Number(raw.off, NumClass::kPage, l.map_len) % m->len;
      op.len = std::min(NonZeroLen(Number(raw.len, NumClass::kMixed, l.map_len), NumClass::kMixed, l.map_len),
                        m->len - op.off);
      break;
    case OpKind::kTruncate: op.size = Number(raw.size, NumClass::kMixed, l.offset); break;
    case OpKind::kFallocate:
      op.off = Number(raw.off, NumClass::kMixed, l.offset);
      op.len = NonZeroLen(Number(raw.len, NumClass::kMixed, l.op_len), NumClass::kMixed, l.op_len);
      if (op.off + op.len > kMaxFileSize) op.off = kMaxFileSize - op.len;
      break;
    default:  // munmap (slot only), fsync, fdatasync, evict (mode), remount, check
      break;
  }
  *out = op;
  return true;
}

// ---- encoding ----

void PutVarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// The shortest varint a valid value decodes from, for any class.
uint64_t EncodeNumber(uint64_t value, NumClass c) {
  if (c == NumClass::kPage) return value / kPageSize;
  if (value % kPageSize == 0) return (value / kPageSize) << 3;  // t = 0: pages
  return (value << 3) | 7;                                      // t = 7: exact
}

void PutOp(std::vector<uint8_t>& out, const Op& op, const SlotView& view) {
  const OpInfo& info = Info(op.kind);
  out.push_back(static_cast<uint8_t>(op.kind));
  const uint32_t a = info.args;
  const bool direct = (info.traits & kTrDirect) != 0;
  if (a & kArgSlot) {
    out.push_back(static_cast<uint8_t>(op.kind == OpKind::kMmap
                                           ? view.IndexOf(view.unmapped, view.n_unmapped, op.slot)
                                           : view.IndexOf(view.mapped, view.n_mapped, op.slot)));
  }
  NumClass off_class = direct ? NumClass::kDirect : NumClass::kMixed;
  if (op.kind == OpKind::kMmap || op.kind == OpKind::kMsync || op.kind == OpKind::kMadvise)
    off_class = NumClass::kPage;
  const NumClass len_class = op.kind == OpKind::kMmap ? NumClass::kPage
                             : direct                 ? NumClass::kDirect
                                                      : NumClass::kMixed;
  if (a & kArgOff) PutVarint(out, EncodeNumber(op.off, off_class));
  if (a & kArgLen) PutVarint(out, EncodeNumber(op.len, len_class));
  if (a & kArgSize) PutVarint(out, EncodeNumber(op.size, NumClass::kMixed));
  if (a & kArgBuf) {
    if (op.buf.kind == Buf::Kind::kSlot) {
      out.push_back(static_cast<uint8_t>((view.IndexOf(view.mapped, view.n_mapped, op.buf.slot) << 1) | 1));
      PutVarint(out, EncodeNumber(op.buf.off, NumClass::kDirect));
    } else if (op.buf.off != 0) {
      out.push_back(7 << 1);
      PutVarint(out, op.buf.off);
    } else {
      out.push_back(0);
    }
  }
  if (a & kArgMode) out.push_back(op.mode);
}

bool OpWithinLimits(const Op& op, const DecodeLimits& l) {
  switch (op.kind) {
    case OpKind::kWrite:
    case OpKind::kRead:
    case OpKind::kDWrite:
    case OpKind::kDRead:
    case OpKind::kFallocate: return op.off <= l.offset && op.len <= l.op_len;
    case OpKind::kMmap: return op.off <= l.offset && op.len <= l.map_len;
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite: return op.len <= l.op_len;
    case OpKind::kMsync:
    case OpKind::kMadvise: return op.len <= l.map_len;
    case OpKind::kTruncate: return op.size <= l.offset;
    default: return true;
  }
}

}  // namespace

Program Decode(const uint8_t* data, size_t size, const DecodeLimits& limits) {
  const DecodeLimits l = Sanitize(limits);
  Reader r(data, size);
  Program p;
  p.header.size = Number(r.Varint(), NumClass::kMixed, l.initial_size);
  p.header.seed = r.Varint();
  p.header.aux_size = Number(r.Varint(), NumClass::kMixed, l.aux_size);
  p.header.sparse = (r.Byte() & 1) != 0;
  Slots slots;
  while (!r.done() && p.steps.size() < l.steps) {
    const uint8_t n = r.Byte() & 15;
    const bool round = n >= 8;
    const int count = round ? n - 7 : 1;
    const SlotView view(slots);
    Step step;
    step.round = round;
    step.ops.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
      const RawOp raw = ReadOp(r);
      Op op;
      if (Interpret(raw, slots, view, round, l, &op)) step.ops.push_back(op);
    }
    if (step.ops.empty()) continue;
    if (!round) ApplyToSlots(step.ops[0], slots);
    p.steps.push_back(std::move(step));
  }
  return p;
}

std::vector<uint8_t> Encode(const Program& p,
                            const DecodeLimits& /*limits: the encoding does not depend on them*/) {
  std::vector<uint8_t> out;
  out.reserve(8 + p.NumOps() * 8);
  PutVarint(out, EncodeNumber(p.header.size, NumClass::kMixed));
  PutVarint(out, p.header.seed);
  PutVarint(out, EncodeNumber(p.header.aux_size, NumClass::kMixed));
  out.push_back(p.header.sparse ? 1 : 0);
  Slots slots;
  for (const Step& s : p.steps) {
    out.push_back(static_cast<uint8_t>(s.round ? 7 + s.ops.size() : 0));
    const SlotView view(slots);
    for (const Op& op : s.ops) PutOp(out, op, view);
    if (!s.round && !s.ops.empty()) ApplyToSlots(s.ops[0], slots);
  }
  return out;
}

bool WithinDecodeLimits(const Program& p, const DecodeLimits& limits) {
  const DecodeLimits l = Sanitize(limits);
  if (!Validate(p).empty() || !IsCanonical(p)) return false;
  if (p.header.size > l.initial_size || p.header.aux_size > l.aux_size) return false;
  if (p.steps.size() > l.steps) return false;
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) {
      if (!OpWithinLimits(op, l)) return false;
    }
  }
  return true;
}

}  // namespace fsfuzz
