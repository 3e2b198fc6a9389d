// The random program generator (see generator.h). It keeps the slot table and an
// estimate of the file size as it goes, so every op it emits validates: ops that need a
// mapping get one from an mmap step inserted before them (before the round, in rounds).
#include "src/fsfuzz/prog/generator.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <system_error>

#include "src/fsfuzz/prog/op_table.h"

namespace fsfuzz {
namespace {

// Which mappings may serve an access.
struct Need {
  bool store = false;      // the op writes into the mapping: no aux
  bool in_round = false;   // with store: no private mapping either
  bool same_file = false;  // must map the file under test (no aux)
};

bool Serves(const Mapping& m, Need n) {
  if ((n.store || n.same_file) && m.aux()) return false;
  return !(n.store && n.in_round && m.priv());
}

enum class BufChoice : uint8_t { kRandom, kHeap, kSameFileMap };

class Gen {
 public:
  Gen(Rng& rng, const GenOptions& options);
  Program Run();

 private:
  // Randomness from raw rng() words only, so results do not depend on the library.
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  double Uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }

  uint64_t PickLen(bool aligned);
  uint64_t Overlapping(const Range& h, uint64_t len) {
    uint64_t lo = h.off > len - 1 ? h.off - (len - 1) : 0;
    return lo + Below(h.end() - lo);
  }
  Range PickRange(bool aligned, const Range* focus);

  bool PickKind(bool in_round, OpKind* out);
  bool Allowed(OpKind k) const { return o_.weights[static_cast<size_t>(k)] > 0; }
  uint8_t EnsureMapping(const Range& want, Need need, uint32_t* pinned);
  uint8_t NewMapping(const Range& want, Need need, uint32_t* pinned);
  void Place(const Mapping& m, const Range& want, bool aligned, uint64_t* rel, uint64_t* len);

  bool MakeOp(OpKind k, bool in_round, const Range* focus, uint32_t* pinned, Op* op);
  Op DataOp(OpKind k, bool in_round, const Range* focus, BufChoice bc, uint32_t* pinned);
  bool TouchOp(OpKind k, bool in_round, const Range* focus, uint32_t* pinned, Op* op);
  Op SlotRangeOp(OpKind k, const Range* focus, uint32_t* pinned);
  Op TruncateOp(const Range* focus);
  Op FallocateOp(const Range* focus);

  void GenSequential();
  void GenRound();
  void Push(Step step);
  void DropTemporaryMappings();

  Rng& rng_;
  GenOptions o_;
  uint64_t map_limit_;
  Program p_;
  Slots slots_;
  uint64_t size_;  // estimate of the file size (exact without rounds)
  std::vector<Range> hot_;
  uint32_t temp_ = 0;    // map_per_op: slots to unmap after the current step
  uint32_t stored_ = 0;  // ... of which the step stored into (msync them first)
};

GenOptions Sanitized(GenOptions o) {
  o.max_file_size = std::clamp<uint64_t>(o.max_file_size, kPageSize, kMaxFileSize);
  o.file_size = std::min(o.file_size, kMaxFileSize);
  o.max_op_len = std::clamp<uint64_t>(o.max_op_len, 1, kMaxOpLen);
  o.op_size = std::min(o.op_size, kMaxOpLen);
  o.max_round_ops = std::clamp(o.max_round_ops, 1, kMaxRoundOps);
  o.aux_size = std::min(o.aux_size, kMaxAuxSize);
  o.num_steps = std::clamp(o.num_steps, 0, kMaxSteps);
  for (int& w : o.weights) w = std::max(w, 0);
  return o;
}

Gen::Gen(Rng& rng, const GenOptions& options)
    : rng_(rng),
      o_(Sanitized(options)),
      map_limit_(std::min(kMaxOpLen, RoundUp(o_.max_file_size, kPageSize))),
      size_(o_.file_size) {}

uint64_t Gen::PickLen(bool aligned) {
  if (o_.op_size != 0) return o_.op_size;
  // Log-uniform: short ops are as likely as long ones of each power of two.
  uint64_t unit = aligned && o_.max_op_len >= kPageSize ? kPageSize : 1;
  uint64_t max = o_.max_op_len / unit;
  uint64_t lo = uint64_t{1} << Below(static_cast<uint64_t>(std::bit_width(max)));
  uint64_t hi = std::min(2 * lo - 1, max);
  return (lo + Below(hi - lo + 1)) * unit;
}

Range Gen::PickRange(bool aligned, const Range* focus) {
  Range r;
  r.len = PickLen(aligned);
  if (focus != nullptr && Chance(0.8)) {
    r.off = Overlapping(*focus, r.len);
  } else if (!hot_.empty() && Chance(o_.hot_prob)) {
    r.off = Overlapping(hot_[Below(hot_.size())], r.len);
  } else if (Chance(0.15)) {  // around EOF: appends, extensions, the partial last page
    r.off = (size_ > r.len ? size_ - r.len : 0) + Below(2 * r.len);
  } else {
    r.off = Below(o_.max_file_size);
  }
  r.off = std::min(r.off, o_.max_file_size - 1);
  if (aligned) r.off = RoundDown(r.off, kPageSize);
  if (r.off + r.len > kMaxFileSize) r.off = kMaxFileSize - r.len;
  return r;
}

bool Gen::PickKind(bool in_round, OpKind* out) {
  int total = 0;
  std::array<int, kNumOpKinds> w = o_.weights;
  for (int k = 0; k < kNumOpKinds; ++k) {
    const OpKind kind = static_cast<OpKind>(k);
    if ((in_round && Has(kind, kTrSequential)) || (kind == OpKind::kRemount && !o_.allow_remount) ||
        (o_.map_per_op && (kind == OpKind::kMmap || kind == OpKind::kMunmap)))
      w[k] = 0;
    total += w[k];
  }
  if (total == 0) return false;
  int x = static_cast<int>(Below(static_cast<uint64_t>(total)));
  for (int k = 0; k < kNumOpKinds; ++k) {
    if (x < w[k]) {
      *out = static_cast<OpKind>(k);
      return true;
    }
    x -= w[k];
  }
  return false;
}

uint8_t Gen::EnsureMapping(const Range& want, Need need, uint32_t* pinned) {
  if (o_.map_per_op) return NewMapping(want, need, pinned);
  uint8_t near[kMaxSlots], any[kMaxSlots];
  int n_near = 0, n_any = 0;
  for (int s = 0; s < kMaxSlots; ++s) {
    if (!slots_[s] || !Serves(*slots_[s], need)) continue;
    const Mapping& m = *slots_[s];
    any[n_any++] = static_cast<uint8_t>(s);
    if (!m.aux() && m.off < want.end() && want.off < m.off + m.len) near[n_near++] = static_cast<uint8_t>(s);
  }
  uint8_t slot;
  if (n_near > 0 && Chance(0.85)) {
    slot = near[Below(static_cast<uint64_t>(n_near))];
  } else if (n_any > 0 && Chance(0.5)) {
    slot = any[Below(static_cast<uint64_t>(n_any))];
  } else {
    return NewMapping(want, need, pinned);
  }
  *pinned |= 1u << slot;
  return slot;
}

uint8_t Gen::NewMapping(const Range& want, Need need, uint32_t* pinned) {
  uint8_t free_slots[kMaxSlots], victims[kMaxSlots];
  int n_free = 0, n_victims = 0;
  for (int s = 0; s < kMaxSlots; ++s) {
    if (!slots_[s]) {
      free_slots[n_free++] = static_cast<uint8_t>(s);
    } else if (!(*pinned & (1u << s))) {
      victims[n_victims++] = static_cast<uint8_t>(s);
    }
  }
  uint8_t slot;
  if (n_free > 0) {
    // map_per_op takes the lowest free slot, like fsx's one mapping at a time.
    slot = o_.map_per_op ? free_slots[0] : free_slots[Below(static_cast<uint64_t>(n_free))];
  } else {
    // At most 7 slots are pinned: a round has at most 8 ops and each uses one slot.
    slot = victims[Below(static_cast<uint64_t>(n_victims))];
    Op un;
    un.kind = OpKind::kMunmap;
    un.slot = slot;
    Push(Step{false, {un}});
  }
  Op mm;
  mm.kind = OpKind::kMmap;
  mm.slot = slot;
  MapMode mode = MapMode::kShared;
  if (!o_.map_per_op) {
    const double r = Uniform();
    if (!need.store && !need.same_file && o_.aux_size > 0 && r < 0.2) {
      mode = Chance(0.5) ? MapMode::kAuxShared : MapMode::kAuxPrivate;
    } else if (!(need.store && need.in_round) && r > 0.75) {
      mode = MapMode::kPrivate;
    }
  }
  mm.mode = static_cast<uint8_t>(mode);
  if (mode == MapMode::kAuxShared || mode == MapMode::kAuxPrivate) {
    // Sometimes one page past the aux file's EOF: a source buffer that faults.
    mm.len = RoundUp(o_.aux_size, kPageSize) + (Chance(0.1) ? kPageSize : 0);
  } else if (!o_.map_per_op && Chance(0.35)) {
    mm.len = map_limit_;
  } else {
    const uint64_t pad = o_.map_per_op ? 0 : kPageSize;
    uint64_t lo = RoundDown(want.off, kPageSize), hi = RoundUp(want.end(), kPageSize);
    lo -= std::min(lo, pad * Below(4));
    hi += pad * Below(4);
    mm.off = lo;
    mm.len = std::min(hi - lo, kMaxOpLen);
  }
  Push(Step{false, {mm}});
  *pinned |= 1u << slot;
  if (o_.map_per_op) temp_ |= 1u << slot;
  return slot;
}

// Moves a slot-relative offset back so that `len` bytes fit in a mapping of `map_len`
// (when they can), so op_size lengths survive landing near a mapping's end.
void Fit(uint64_t map_len, bool aligned, uint64_t len, uint64_t* rel) {
  if (len > map_len || *rel + len <= map_len) return;
  *rel = aligned ? RoundDown(map_len - len, kPageSize) : map_len - len;
}

// Where an access of `want` lands in mapping m: the overlap when there is one, else a
// random place; slot-relative offset and length (at least 1, inside the mapping).
void Gen::Place(const Mapping& m, const Range& want, bool aligned, uint64_t* rel, uint64_t* len) {
  if (!m.aux() && m.off < want.end() && want.off < m.off + m.len) {
    const uint64_t s = std::max(want.off, m.off), e = std::min(want.end(), m.off + m.len);
    *rel = s - m.off;
    *len = e - s;
    return;
  }
  *rel = Below(m.len);
  if (aligned) *rel = RoundDown(*rel, kPageSize);
  *len = std::min(want.len, m.len - *rel);
}

Op Gen::DataOp(OpKind k, bool in_round, const Range* focus, BufChoice bc, uint32_t* pinned) {
  const bool direct = Has(k, kTrDirect);
  const bool misaligned = direct && Chance(o_.misaligned_dio_prob);
  const bool aligned = direct || !Chance(o_.unaligned_prob);
  const Range r = PickRange(aligned, focus);
  Op op;
  op.kind = k;
  op.off = r.off;
  op.len = r.len;
  const bool store = !Has(k, kTrWrites);  // read/dread store into their buffer
  const bool use_map = bc == BufChoice::kSameFileMap || (bc == BufChoice::kRandom && Chance(o_.map_buf_prob));
  if (use_map) {
    // The buffer overlaps the target range half of the time (the seed deadlock).
    Range want = Chance(0.5) ? r : PickRange(aligned, nullptr);
    // Mostly keep the buffer below EOF: a buffer in pages wholly past EOF only faults
    // (EFAULT), and that path is cheap to reach anyway.
    if (size_ > 0 && want.end() > size_ && Chance(0.85)) {
      want.len = std::min(want.len, size_);
      want.off = size_ - want.len;
      if (aligned) want.off = RoundDown(want.off, kPageSize);
    }
    Need need{store, in_round, bc == BufChoice::kSameFileMap};
    const uint8_t slot = EnsureMapping(want, need, pinned);
    const Mapping& m = *slots_[slot];
    uint64_t rel = 0, len = 0;
    Place(m, want, aligned, &rel, &len);
    Fit(m.len, aligned, op.len, &rel);
    op.buf = Buf{Buf::Kind::kSlot, slot, rel};
    op.len = std::min(op.len, m.len - rel);
    if (store) stored_ |= 1u << slot;
  }
  if (misaligned) {
    switch (Below(3)) {
      case 0: op.off = std::min(op.off + 1 + Below(kPageSize - 1), kMaxFileSize - op.len); break;
      case 1:
        if (o_.op_size == 0)
          op.len = op.len > kPageSize ? op.len - 1 - Below(kPageSize - 1) : 1 + Below(kPageSize - 1);
        break;
      default:
        if (op.buf.kind == Buf::Kind::kHeap) {
          op.buf.off = 1 + Below(kPageSize - 1);
          break;
        }
        {
          // Move the buffer by a sub-page amount, keeping the length where possible.
          const uint64_t shift = 1 + Below(kPageSize - 1), mlen = slots_[op.buf.slot]->len;
          if (op.buf.off + shift + op.len <= mlen) {
            op.buf.off += shift;
          } else if (op.buf.off >= kPageSize) {
            op.buf.off -= kPageSize - shift;
          } else if (o_.op_size == 0 && op.len > shift) {
            op.buf.off += shift;
            op.len -= shift;
          }
        }
        break;
    }
    if (op.buf.kind == Buf::Kind::kSlot) op.len = std::min(op.len, slots_[op.buf.slot]->len - op.buf.off);
  }
  return op;
}

bool Gen::TouchOp(OpKind k, bool in_round, const Range* focus, uint32_t* pinned, Op* op) {
  const bool store = k == OpKind::kTouchWrite;
  const bool aligned = !Chance(o_.unaligned_prob);
  Range want = PickRange(aligned, focus);
  if (o_.map_per_op) {
    // fsx keeps mapped reads inside the file and extends the file before a mapped write.
    if (!store) {
      if (size_ == 0) return false;
      want.off = std::min(want.off, aligned ? RoundDown(size_ - 1, kPageSize) : size_ - 1);
      want.len = std::min(want.len, size_ - want.off);
    } else if (want.end() > size_ && !in_round) {
      Op t;
      t.kind = OpKind::kTruncate;
      t.size = want.end();
      Push(Step{false, {t}});
    }
  }
  const uint8_t slot = EnsureMapping(want, Need{store, in_round, false}, pinned);
  op->kind = k;
  op->slot = slot;
  const Mapping& m = *slots_[slot];
  Place(m, want, aligned, &op->off, &op->len);
  if (o_.op_size != 0) {
    Fit(m.len, aligned, o_.op_size, &op->off);
    op->len = std::min(o_.op_size, m.len - op->off);
  }
  if (store) stored_ |= 1u << slot;
  return true;
}

Op Gen::SlotRangeOp(OpKind k, const Range* focus, uint32_t* pinned) {
  const Range want = PickRange(true, focus);
  Op op;
  op.kind = k;
  op.slot = EnsureMapping(want, Need{}, pinned);
  const Mapping& m = *slots_[op.slot];
  Place(m, want, true, &op.off, &op.len);
  op.off = RoundDown(op.off, kPageSize);
  if (Chance(0.3)) op.len = m.len - op.off;  // the rest of the mapping
  op.len = std::min(op.len, m.len - op.off);
  const double r = Uniform();
  if (k == OpKind::kMsync) {
    op.mode = static_cast<uint8_t>(r < 0.6   ? MsyncMode::kSync
                                   : r < 0.8 ? MsyncMode::kAsync
                                             : MsyncMode::kInvalidate);
  } else {
    op.mode = static_cast<uint8_t>(Below(4));
  }
  return op;
}

Op Gen::TruncateOp(const Range* focus) {
  const bool aligned = !Chance(o_.unaligned_prob);
  const Range r = PickRange(aligned, focus);
  Op op;
  op.kind = OpKind::kTruncate;
  const double x = Uniform();
  op.size = x < 0.45 ? r.off : x < 0.9 ? r.end() : 0;  // cut into, past, or all of a range
  op.size = std::min(op.size, o_.max_file_size);
  if (aligned) op.size = RoundDown(op.size, kPageSize);
  return op;
}

Op Gen::FallocateOp(const Range* focus) {
  const Range r = PickRange(!Chance(o_.unaligned_prob), focus);
  Op op;
  op.kind = OpKind::kFallocate;
  op.off = r.off;
  op.len = r.len;
  const double x = Uniform();
  op.mode = static_cast<uint8_t>(x < 0.35   ? FallocMode::kPunch
                                 : x < 0.55 ? FallocMode::kZero
                                 : x < 0.65 ? FallocMode::kZeroKeep
                                 : x < 0.85 ? FallocMode::kAlloc
                                            : FallocMode::kKeep);
  return op;
}

// Ops that may run in a round (and sequentially).
bool Gen::MakeOp(OpKind k, bool in_round, const Range* focus, uint32_t* pinned, Op* op) {
  switch (k) {
    case OpKind::kWrite:
    case OpKind::kRead:
    case OpKind::kDWrite:
    case OpKind::kDRead: *op = DataOp(k, in_round, focus, BufChoice::kRandom, pinned); return true;
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite: return TouchOp(k, in_round, focus, pinned, op);
    case OpKind::kMsync:
    case OpKind::kMadvise: *op = SlotRangeOp(k, focus, pinned); return true;
    case OpKind::kTruncate: *op = TruncateOp(focus); return true;
    case OpKind::kFallocate: *op = FallocateOp(focus); return true;
    case OpKind::kFsync:
    case OpKind::kFdatasync:
      *op = Op{};
      op->kind = k;
      return true;
    default: return false;
  }
}

void Gen::Push(Step step) {
  for (const Op& op : step.ops) {
    if (!step.round) ApplyToSlots(op, slots_);
    switch (op.kind) {
      case OpKind::kWrite:
      case OpKind::kDWrite: size_ = std::max(size_, op.off + op.len); break;
      case OpKind::kTruncate: size_ = op.size; break;
      case OpKind::kFallocate:
        if (op.mode == static_cast<uint8_t>(FallocMode::kAlloc) ||
            op.mode == static_cast<uint8_t>(FallocMode::kZero))
          size_ = std::max(size_, op.off + op.len);
        break;
      default: break;
    }
  }
  p_.steps.push_back(std::move(step));
}

void Gen::DropTemporaryMappings() {
  for (int s = 0; s < kMaxSlots; ++s) {
    if (!(temp_ & (1u << s)) || !slots_[s]) continue;
    if (stored_ & (1u << s)) {
      Op ms;
      ms.kind = OpKind::kMsync;
      ms.slot = static_cast<uint8_t>(s);
      ms.len = slots_[s]->len;
      ms.mode = static_cast<uint8_t>(MsyncMode::kSync);
      Push(Step{false, {ms}});
    }
    Op un;
    un.kind = OpKind::kMunmap;
    un.slot = static_cast<uint8_t>(s);
    Push(Step{false, {un}});
  }
  temp_ = stored_ = 0;
}

void Gen::GenSequential() {
  for (int attempt = 0; attempt < 8; ++attempt) {
    OpKind k;
    if (!PickKind(false, &k)) break;
    uint32_t pinned = 0;
    Op op;
    op.kind = k;
    switch (k) {
      case OpKind::kMmap: NewMapping(PickRange(true, nullptr), Need{}, &pinned); return;
      case OpKind::kMunmap: {
        uint8_t mapped[kMaxSlots];
        int n = 0;
        for (int s = 0; s < kMaxSlots; ++s) {
          if (slots_[s]) mapped[n++] = static_cast<uint8_t>(s);
        }
        if (n == 0) continue;
        op.slot = mapped[Below(static_cast<uint64_t>(n))];
        break;
      }
      case OpKind::kEvict:
        op.mode = static_cast<uint8_t>(o_.allow_drop_caches && Chance(0.5) ? EvictMode::kDrop
                                                                           : EvictMode::kFadvise);
        break;
      case OpKind::kRemount:
      case OpKind::kCheck: break;
      default:
        if (!MakeOp(k, false, nullptr, &pinned, &op)) continue;
        break;
    }
    Push(Step{false, {op}});
    DropTemporaryMappings();
    return;
  }
  Op check;
  check.kind = OpKind::kCheck;
  Push(Step{false, {check}});
}

void Gen::GenRound() {
  const int n = 2 + static_cast<int>(Below(static_cast<uint64_t>(o_.max_round_ops - 1)));
  const Range hot = hot_.empty() ? PickRange(true, nullptr) : hot_[Below(hot_.size())];
  uint32_t pinned = 0;
  std::vector<Op> ops;
  // Scenarios only use op kinds the mix allows; otherwise the round is a random mix.
  uint64_t scenario = Below(4);
  if ((scenario <= 1 && !Allowed(OpKind::kDWrite)) || (scenario == 1 && o_.map_buf_prob <= 0) ||
      (scenario == 2 && !Allowed(OpKind::kTruncate)))
    scenario = 3;
  if (scenario == 0) {  // O_DIRECT write vs stores and loads through a mapping
    ops.push_back(DataOp(OpKind::kDWrite, true, &hot, BufChoice::kHeap, &pinned));
  } else if (scenario == 1) {  // O_DIRECT from a mapping of the same file
    ops.push_back(DataOp(OpKind::kDWrite, true, &hot, BufChoice::kSameFileMap, &pinned));
  } else if (scenario == 2) {  // truncate vs faults on the same range
    ops.push_back(TruncateOp(&hot));
  }
  const bool touches = Allowed(OpKind::kTouchWrite) || Allowed(OpKind::kTouchRead);
  for (int tries = 0; static_cast<int>(ops.size()) < n && tries < 4 * n; ++tries) {
    OpKind k;
    if (scenario != 3 && touches && Chance(0.5)) {
      k = Allowed(OpKind::kTouchWrite) && (!Allowed(OpKind::kTouchRead) || Chance(0.6)) ? OpKind::kTouchWrite
                                                                                        : OpKind::kTouchRead;
    } else if (!PickKind(true, &k)) {
      break;
    }
    Op op;
    if (MakeOp(k, true, &hot, &pinned, &op)) ops.push_back(op);
  }
  if (ops.empty()) return;
  for (size_t i = ops.size() - 1; i > 0; --i) std::swap(ops[i], ops[Below(i + 1)]);
  Push(Step{true, std::move(ops)});
  DropTemporaryMappings();
}

Program Gen::Run() {
  p_.header.size = o_.file_size;
  p_.header.seed = rng_();
  p_.header.aux_size = o_.aux_size;
  p_.header.sparse = Chance(o_.sparse_prob);
  const int n_hot = 1 + static_cast<int>(Below(3));
  for (int i = 0; i < n_hot; ++i) {
    Range h;
    h.off = RoundDown(Below(o_.max_file_size), kPageSize);
    h.len = std::min(kPageSize * (1 + Below(16)), o_.max_file_size - h.off);
    hot_.push_back(h);
  }
  if (Chance(0.5)) {  // the initial EOF page and its neighbours
    const uint64_t eof = std::min(o_.file_size, o_.max_file_size - 1);
    const uint64_t off = RoundDown(eof, kPageSize) - std::min(RoundDown(eof, kPageSize), 2 * kPageSize);
    hot_.push_back(Range{off, std::min(4 * kPageSize, o_.max_file_size - off)});
  }
  while (p_.steps.size() < static_cast<size_t>(o_.num_steps)) {
    if (Chance(o_.check_prob)) {
      Op c;
      c.kind = OpKind::kCheck;
      Push(Step{false, {c}});
    } else if (o_.max_round_ops >= 2 && Chance(o_.round_prob)) {
      const size_t before = p_.steps.size();
      GenRound();
      if (p_.steps.size() == before) GenSequential();
    } else {
      GenSequential();
    }
  }
  // Setup steps can overshoot; any prefix of a valid program is valid.
  p_.steps.resize(static_cast<size_t>(o_.num_steps));
  return std::move(p_);
}

}  // namespace

std::array<int, kNumOpKinds> DefaultWeights() {
  std::array<int, kNumOpKinds> w{};
  for (int k = 0; k < kNumOpKinds; ++k) w[k] = Info(static_cast<OpKind>(k)).weight;
  return w;
}

Program Generate(Rng& rng, const GenOptions& options) { return Gen(rng, options).Run(); }

std::vector<std::string_view> GenPresetNames() { return {"default", "seed", "fsx"}; }

bool GenPreset(std::string_view name, GenOptions* o) {
  if (name == "default") {
    *o = GenOptions{};
    return true;
  }
  auto set = [](GenOptions* g, OpKind k, int w) { g->weights[static_cast<size_t>(k)] = w; };
  if (name == "seed") {
    GenOptions g;
    g.round_prob = 0.6;
    g.max_round_ops = 4;
    g.map_buf_prob = 0.6;
    g.hot_prob = 0.8;
    g.weights.fill(0);
    set(&g, OpKind::kDWrite, 12);
    set(&g, OpKind::kDRead, 6);
    set(&g, OpKind::kTouchWrite, 10);
    set(&g, OpKind::kTouchRead, 8);
    set(&g, OpKind::kTruncate, 6);
    set(&g, OpKind::kWrite, 3);
    set(&g, OpKind::kRead, 3);
    set(&g, OpKind::kMmap, 3);
    set(&g, OpKind::kMunmap, 1);
    set(&g, OpKind::kFallocate, 2);
    set(&g, OpKind::kMsync, 2);
    set(&g, OpKind::kMadvise, 1);
    set(&g, OpKind::kFsync, 1);
    set(&g, OpKind::kEvict, 2);
    set(&g, OpKind::kCheck, 1);
    *o = g;
    return true;
  }
  if (name == "fsx") {
    // fsx -Z -r 4096 -w 4096 -t 4096: O_DIRECT reads and writes, mapped reads and
    // writes (map, access, msync, unmap), truncates; one thread, 4K granules.
    GenOptions g;
    g.file_size = 0;
    g.max_file_size = 256ull << 10;  // fsx's default maximum file length
    g.round_prob = 0;
    g.map_per_op = true;
    g.op_size = 4096;
    g.misaligned_dio_prob = 0;
    g.unaligned_prob = 0;
    g.map_buf_prob = 0;
    g.sparse_prob = 0;
    g.aux_size = 0;
    g.check_prob = 0.02;
    g.weights.fill(0);
    set(&g, OpKind::kDWrite, 10);
    set(&g, OpKind::kDRead, 10);
    set(&g, OpKind::kTouchWrite, 6);
    set(&g, OpKind::kTouchRead, 6);
    set(&g, OpKind::kTruncate, 4);
    *o = g;
    return true;
  }
  return false;
}

Status ParseMix(std::string_view mix, GenOptions* options) {
  std::array<int, kNumOpKinds> w = options->weights;
  while (!mix.empty()) {
    const size_t comma = mix.find(',');
    const std::string_view item = mix.substr(0, comma);
    mix = comma == std::string_view::npos ? std::string_view{} : mix.substr(comma + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string_view name = item.substr(0, eq);
    OpKind k;
    if (!OpKindFromName(name, &k)) return Status::Usage("unknown op '" + std::string(name) + "' in mix");
    if (eq == std::string_view::npos)
      return Status::Usage("mix item '" + std::string(item) + "' needs =WEIGHT");
    const std::string_view num = item.substr(eq + 1);
    int v = 0;
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
    if (ec != std::errc() || end != num.data() + num.size() || v < 0)
      return Status::Usage("bad weight '" + std::string(num) + "' for " + std::string(name) + " in mix");
    w[static_cast<size_t>(k)] = v;
  }
  options->weights = w;
  return Status::Ok();
}

}  // namespace fsfuzz
