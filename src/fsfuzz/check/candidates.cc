// CandidateSet (see candidates.h).
#include "src/fsfuzz/check/candidates.h"

#include <algorithm>

namespace fsfuzz {

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

std::vector<int32_t> CandidateSet::Match(const SourceMap& filler, uint64_t off, const uint8_t* data,
                                         size_t n, bool use_definite) const {
  std::vector<int32_t> choice(n, -1);
  // Bytes where kPre is not admissible.
  std::vector<bool> definite;
  if (use_definite && !definite_.empty()) {
    definite.assign(n, false);
    for (const Range& r : definite_) {
      uint64_t a = std::max(r.off, off), b = std::min(r.end(), off + n);
      for (uint64_t o = a; o < b; ++o) definite[o - off] = true;
    }
  }
  std::vector<uint8_t> exp;
  for (size_t ci = 0; ci < cands_.size(); ++ci) {
    const Candidate& c = cands_[ci];
    uint64_t a = std::max(c.seg.off, off), b = std::min(c.seg.off + c.seg.len, off + n);
    if (a >= b) continue;
    if (c.kind == Candidate::Kind::kAny) {
      for (uint64_t o = a; o < b; ++o) {
        if (choice[o - off] < 0) choice[o - off] = static_cast<int32_t>(ci);
      }
      continue;
    }
    exp.resize(b - a);
    filler.Fill(c.seg.s, a, b - a, exp.data());
    const bool pre = c.kind == Candidate::Kind::kPre;
    for (uint64_t o = a; o < b; ++o) {
      size_t i = o - off;
      if (choice[i] >= 0) continue;
      if (pre && !definite.empty() && definite[i]) continue;
      if (exp[o - a] == data[i]) choice[i] = static_cast<int32_t>(ci);
    }
  }
  return choice;
}

std::vector<SourceMap::Seg> CandidateSet::Adopt(SourceMap& model, uint64_t off, const uint8_t* data,
                                                size_t n, const std::vector<int32_t>& choice) const {
  std::vector<SourceMap::Seg> out;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && choice[j] == choice[i]) ++j;
    const int32_t c = choice[i];
    if (c < 0 || cands_[static_cast<size_t>(c)].kind == Candidate::Kind::kAny) {
      Source lit = model.AddLiteral(off + i, std::vector<uint8_t>(data + i, data + j));
      out.push_back({off + i, j - i, lit});
    } else {
      out.push_back({off + i, j - i, cands_[static_cast<size_t>(c)].seg.s});
    }
    i = j;
  }
  return out;
}

std::vector<uint8_t> CandidateSet::BestExpected(const SourceMap& filler, uint64_t off, size_t n,
                                                bool use_definite) const {
  std::vector<uint8_t> out(n, 0);
  std::vector<bool> set(n, false);
  std::vector<uint8_t> exp;
  for (const Candidate& c : cands_) {
    if (c.kind == Candidate::Kind::kAny) continue;
    uint64_t a = std::max(c.seg.off, off), b = std::min(c.seg.off + c.seg.len, off + n);
    if (a >= b) continue;
    exp.resize(b - a);
    filler.Fill(c.seg.s, a, b - a, exp.data());
    for (uint64_t o = a; o < b; ++o) {
      if (set[o - off]) continue;
      if (use_definite && c.kind == Candidate::Kind::kPre && Definite(o)) continue;
      out[o - off] = exp[o - a];
      set[o - off] = true;
    }
  }
  return out;
}

std::vector<Range> Unmatched(const std::vector<int32_t>& choice) {
  std::vector<Range> out;
  size_t i = 0;
  while (i < choice.size()) {
    if (choice[i] >= 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < choice.size() && choice[j] < 0) ++j;
    out.push_back({i, j - i});
    i = j;
  }
  return out;
}

}  // namespace fsfuzz
