// Feature extraction from a program and its trace (see features.h).
#include "fuzz/feedback/features.h"

#include <algorithm>
#include <cerrno>

#include "fuzz/feedback/page_state.h"

namespace fsfuzz::fuzz {
namespace {

uint32_t K(OpKind k) { return static_cast<uint32_t>(k); }

bool Overlap(const Range& a, const Range& b) {
  return !a.empty() && !b.empty() && a.off < b.end() && b.off < a.end();
}

bool IsData(OpKind k) {
  return k == OpKind::kWrite || k == OpKind::kRead || k == OpKind::kDWrite || k == OpKind::kDRead;
}

uint32_t DataIndex(OpKind k) {
  switch (k) {
    case OpKind::kWrite: return 0;
    case OpKind::kRead: return 1;
    case OpKind::kDWrite: return 2;
    default: return 3;
  }
}

bool MappedBuf(const Op& op) { return IsData(op.kind) && op.buf.kind == Buf::Kind::kSlot; }

// The state of a mapped source/destination buffer: bit 0 it maps a hole, bit 1 it reaches
// past its file's EOF, bit 2 it overlaps the op's own file range, bit 3 private or aux.
uint32_t BufState(const Op& op, const Slots& slots, const PageState& ps) {
  const auto& m = slots[op.buf.slot];
  if (!m) return 0;
  uint32_t s = 0;
  if (m->aux() || m->priv()) s |= 8;
  if (!m->aux()) {
    const Range src{m->off + op.buf.off, op.len};
    const uint32_t bits = ps.Of(src.off, src.len, slots);
    if (bits & kPageHole) s |= 1;
    if (bits & kPagePastEof) s |= 2;
    if (Overlap(src, Range{op.off, op.len})) s |= 4;
  }
  return s;
}

}  // namespace

Outcome Classify(const Op& op, const OpRecord& rec) {
  if (rec.skipped) return Outcome::kSkipped;
  if (rec.sigbus) return Outcome::kSigbus;
  if (rec.ret < 0) {
    switch (rec.err) {
      case EINVAL: return Outcome::kEinval;
      case EFAULT: return Outcome::kEfault;
      case EIO: return Outcome::kEio;
      default: return Outcome::kOtherErrno;
    }
  }
  const bool counts = IsData(op.kind) || op.kind == OpKind::kTouchRead || op.kind == OpKind::kTouchWrite;
  if (counts && static_cast<uint64_t>(rec.ret) < op.len) return Outcome::kShort;
  return Outcome::kOk;
}

std::vector<uint32_t> ExtractFeatures(const Program& p, const Trace& t) {
  std::vector<uint32_t> out;
  PageState ps(p.header);
  Slots slots;
  const Op* prev = nullptr;
  Range prev_range;
  const size_t n = std::min(p.steps.size(), t.steps.size());
  for (size_t si = 0; si < n; ++si) {
    const Step& st = p.steps[si];
    const StepRecord& sr = t.steps[si];
    if (sr.ops.size() != st.ops.size()) break;
    std::vector<Range> ranges(st.ops.size());
    // Every op of a round starts from the state before the round.
    for (size_t i = 0; i < st.ops.size(); ++i) {
      const Op& op = st.ops[i];
      const OpRecord& rec = sr.ops[i];
      ranges[i] = OpFileRange(op, slots, ps.size());
      const uint32_t state = ps.Of(ranges[i].off, ranges[i].len, slots);
      const uint32_t shape = (st.round ? 2u : 0u) + (MappedBuf(op) ? 1u : 0u);
      const auto outcome = static_cast<uint32_t>(Classify(op, rec));
      out.push_back(((K(op.kind) * kNumOutcomes + outcome) * 32 + state) * kNumShapes + shape);
      if (MappedBuf(op)) {
        out.push_back(kOpFeatures + (DataIndex(op.kind) * kNumOutcomes + outcome) * 16 + BufState(op, slots, ps));
      }
      if (!st.round) {
        if (prev) {
          const uint32_t ov = Overlap(prev_range, ranges[i]) ? 1 : 0;
          out.push_back(kOpFeatures + kBufFeatures + kPairFeatures + (K(prev->kind) * kNumOpKinds + K(op.kind)) * 2 + ov);
        }
        prev = &op;
        prev_range = ranges[i];
      }
    }
    if (st.round) {
      for (size_t i = 0; i < st.ops.size(); ++i) {
        for (size_t j = i + 1; j < st.ops.size(); ++j) {
          const uint32_t a = std::min(K(st.ops[i].kind), K(st.ops[j].kind));
          const uint32_t b = std::max(K(st.ops[i].kind), K(st.ops[j].kind));
          const uint32_t ov = Overlap(ranges[i], ranges[j]) ? 1 : 0;
          out.push_back(kOpFeatures + kBufFeatures + (a * kNumOpKinds + b) * 2 + ov);
        }
      }
      prev = nullptr;
    }
    for (size_t i = 0; i < st.ops.size(); ++i) ps.Apply(st.ops[i], sr.ops[i], slots);
    if (sr.size) ps.SetSize(*sr.size);
    if (!st.round) ApplyToSlots(st.ops[0], slots);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace fsfuzz::fuzz
