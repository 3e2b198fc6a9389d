// CandidateSet (see candidates.h).
#include "src/fsfuzz/check/candidates.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>

namespace fsfuzz {
namespace {

static_assert(std::endian::native == std::endian::little, "byte k of a loaded word is offset k");

inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Number of leading bytes where a and b are equal.
size_t EqualPrefix(const uint8_t* a, const uint8_t* b, size_t n) {
  size_t i = 0;
  // Long equal runs are the common case (the right candidate): blocks by memcmp first.
  constexpr size_t kBlock = 256;
  while (i + kBlock <= n && std::memcmp(a + i, b + i, kBlock) == 0) i += kBlock;
  for (; i + 8 <= n; i += 8) {
    const uint64_t x = Load64(a + i) ^ Load64(b + i);
    if (x != 0) return i + static_cast<size_t>(std::countr_zero(x) >> 3);
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Number of leading bytes where a and b differ.
size_t UnequalPrefix(const uint8_t* a, const uint8_t* b, size_t n) {
  constexpr uint64_t kLo = 0x0101010101010101ull, kHi = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t x = Load64(a + i) ^ Load64(b + i);
    // The lowest set bit of z is bit 7 of x's first zero byte (higher bits may be false
    // positives from the borrow; the lowest one never is).
    const uint64_t z = (x - kLo) & ~x & kHi;
    if (z != 0) return i + static_cast<size_t>(std::countr_zero(z) >> 3);
  }
  while (i < n && a[i] != b[i]) ++i;
  return i;
}

// The bytes of [0, n) still to decide: sorted, disjoint, never adjacent (so a candidate
// that covers none of them costs a binary search, not a pass over its bytes).
class OpenRanges {
 public:
  explicit OpenRanges(uint64_t n) {
    if (n) open_.push_back({0, n});
  }
  bool empty() const { return open_.empty(); }
  const std::vector<Range>& ranges() const { return open_; }

  // Visits the open bytes of [a, b) in order, each piece once as visit(p, q), except
  // those inside `skip` (sorted, disjoint), which stay open. A visit decides its bytes,
  // leaving open (in order) those it passes to Keep(p, q).
  template <class Visit>
  void Sweep(uint64_t a, uint64_t b, const std::vector<Range>& skip, Visit&& visit) {
    auto first = std::upper_bound(open_.begin(), open_.end(), a,
                                  [](uint64_t v, const Range& r) { return v < r.end(); });
    if (first == open_.end() || first->off >= b) return;
    auto last = first;
    while (last != open_.end() && last->off < b) ++last;
    repl_.clear();
    for (auto it = first; it != last; ++it) {
      const uint64_t lo = std::max(it->off, a), hi = std::min(it->end(), b);
      Keep(it->off, lo);
      uint64_t pos = lo;
      auto s = std::upper_bound(skip.begin(), skip.end(), lo, [](uint64_t v, const Range& r) { return v < r.end(); });
      for (; s != skip.end() && s->off < hi; ++s) {
        if (s->off > pos) visit(pos, s->off);
        const uint64_t se = std::min(s->end(), hi);
        Keep(std::max(pos, s->off), se);
        pos = se;
      }
      if (pos < hi) visit(pos, hi);
      Keep(hi, it->end());
    }
    const auto at = first - open_.begin();
    open_.erase(first, last);
    open_.insert(open_.begin() + at, repl_.begin(), repl_.end());
  }

  // During a visit: [p, q) stays open (calls in increasing order).
  void Keep(uint64_t p, uint64_t q) {
    if (p >= q) return;
    if (!repl_.empty() && repl_.back().end() == p) {
      repl_.back().len += q - p;
    } else {
      repl_.push_back({p, q - p});
    }
  }

 private:
  std::vector<Range> open_;
  std::vector<Range> repl_;
};

// The definite ranges within [off, off+n), relative, sorted and merged.
std::vector<Range> ClipDefinite(const std::vector<Range>& definite, uint64_t off, size_t n) {
  std::vector<Range> out;
  for (const Range& r : definite) {
    const uint64_t a = std::max(r.off, off), b = std::min(r.end(), off + n);
    if (a < b) out.push_back({a - off, b - a});
  }
  std::sort(out.begin(), out.end(), [](const Range& x, const Range& y) { return x.off < y.off; });
  std::vector<Range> merged;
  for (const Range& r : out) {
    if (!merged.empty() && r.off <= merged.back().end()) {
      merged.back().len = std::max(merged.back().end(), r.end()) - merged.back().off;
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace

void CandidateSet::Add(const SourceMap::Seg& seg, Candidate::Kind kind, uint32_t op_id) {
  if (seg.len == 0) return;
  cands_.push_back(Candidate{seg, kind, op_id});
}

void CandidateSet::Add(const std::vector<SourceMap::Seg>& segs, Candidate::Kind kind, uint32_t op_id) {
  for (const auto& s : segs) Add(s, kind, op_id);
}

void CandidateSet::MarkDefinite(uint64_t off, uint64_t len) {
  if (len) definite_.push_back({off, len});
}

bool CandidateSet::Definite(uint64_t off) const {
  for (const Range& r : definite_) {
    if (off >= r.off && off < r.end()) return true;
  }
  return false;
}

// Candidate by candidate, only the bytes no earlier candidate took are compared (the
// first admissible equal candidate wins, so a decided byte never changes); each piece is
// filled in cache-sized chunks and compared a word at a time.
Choice CandidateSet::Match(const SourceMap& filler, uint64_t off, const uint8_t* data, size_t n,
                           bool use_definite) const {
  Choice runs;
  if (n == 0) return runs;
  OpenRanges open(n);
  const std::vector<Range> defin = use_definite ? ClipDefinite(definite_, off, n) : std::vector<Range>{};
  const std::vector<Range> none;
  constexpr size_t kChunk = 16384;
  std::unique_ptr<uint8_t[]> exp;  // no zero fill: every byte used is filled first
  for (size_t ci = 0; ci < cands_.size() && !open.empty(); ++ci) {
    const Candidate& c = cands_[ci];
    const uint64_t ca = std::max(c.seg.off, off), cb = std::min(c.seg.off + c.seg.len, off + n);
    if (ca >= cb) continue;
    const int32_t idx = static_cast<int32_t>(ci);
    if (c.kind == Candidate::Kind::kAny) {
      open.Sweep(ca - off, cb - off, none, [&](uint64_t p, uint64_t q) { runs.push_back({p, q - p, idx}); });
      continue;
    }
    if (!exp) exp.reset(new uint8_t[kChunk]);
    const bool pre = c.kind == Candidate::Kind::kPre;
    open.Sweep(ca - off, cb - off, pre ? defin : none, [&](uint64_t p, uint64_t q) {
      while (p < q) {
        const size_t len = static_cast<size_t>(std::min<uint64_t>(q - p, kChunk));
        filler.Fill(c.seg.s, off + p, len, exp.get());
        const uint8_t* d = data + p;
        size_t i = 0;
        while (i < len) {
          const size_t e = EqualPrefix(exp.get() + i, d + i, len - i);
          if (e) runs.push_back({p + i, e, idx});
          i += e;
          if (i >= len) break;
          const size_t u = UnequalPrefix(exp.get() + i, d + i, len - i);
          open.Keep(p + i, p + i + u);
          i += u;
        }
        p += len;
      }
    });
  }
  for (const Range& r : open.ranges()) runs.push_back({r.off, r.len, -1});
  std::sort(runs.begin(), runs.end(), [](const ChoiceRun& x, const ChoiceRun& y) { return x.off < y.off; });
  // Adjacent runs of one candidate (split by chunks or by earlier candidates) are one run.
  size_t w = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (w > 0 && runs[w - 1].cand == runs[i].cand && runs[w - 1].off + runs[w - 1].len == runs[i].off) {
      runs[w - 1].len += runs[i].len;
    } else {
      runs[w++] = runs[i];
    }
  }
  runs.resize(w);
  return runs;
}

std::vector<SourceMap::Seg> CandidateSet::Adopt(SourceMap& model, uint64_t off, const uint8_t* data,
                                                size_t n, const Choice& choice) const {
  std::vector<SourceMap::Seg> out;
  for (const ChoiceRun& r : choice) {
    if (r.off >= n) break;
    const uint64_t len = std::min<uint64_t>(r.len, n - r.off);
    const int32_t c = r.cand;
    if (c < 0 || cands_[static_cast<size_t>(c)].kind == Candidate::Kind::kAny) {
      Source lit = model.AddLiteral(off + r.off, std::vector<uint8_t>(data + r.off, data + r.off + len));
      out.push_back({off + r.off, len, lit});
    } else {
      out.push_back({off + r.off, len, cands_[static_cast<size_t>(c)].seg.s});
    }
  }
  return out;
}

std::vector<uint8_t> CandidateSet::BestExpected(const SourceMap& filler, uint64_t off, size_t n,
                                                bool use_definite) const {
  std::vector<uint8_t> out(n, 0);
  OpenRanges open(n);
  const std::vector<Range> defin = use_definite ? ClipDefinite(definite_, off, n) : std::vector<Range>{};
  const std::vector<Range> none;
  for (const Candidate& c : cands_) {
    if (open.empty()) break;
    if (c.kind == Candidate::Kind::kAny) continue;
    const uint64_t a = std::max(c.seg.off, off), b = std::min(c.seg.off + c.seg.len, off + n);
    if (a >= b) continue;
    open.Sweep(a - off, b - off, c.kind == Candidate::Kind::kPre ? defin : none,
               [&](uint64_t p, uint64_t q) { filler.Fill(c.seg.s, off + p, q - p, out.data() + p); });
  }
  return out;
}

std::vector<Range> Unmatched(const Choice& choice) {
  std::vector<Range> out;
  for (const ChoiceRun& r : choice) {
    if (r.cand < 0) out.push_back({r.off, r.len});
  }
  return out;
}

}  // namespace fsfuzz
