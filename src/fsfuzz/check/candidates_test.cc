// CandidateSet's run-based matching against the straightforward per-byte definition
// (the implementation before it became run-based), on random candidate sets and data.
#include "src/fsfuzz/check/candidates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {
namespace {

using Seg = SourceMap::Seg;

// Reference: per byte, the index of the first admissible candidate equal to it, or -1.
std::vector<int32_t> MatchRef(const std::vector<Candidate>& cands, const std::vector<Range>& definite_ranges,
                              const SourceMap& filler, uint64_t off, const uint8_t* data, size_t n,
                              bool use_definite) {
  std::vector<int32_t> choice(n, -1);
  std::vector<bool> definite;
  if (use_definite && !definite_ranges.empty()) {
    definite.assign(n, false);
    for (const Range& r : definite_ranges) {
      uint64_t a = std::max(r.off, off), b = std::min(r.end(), off + n);
      for (uint64_t o = a; o < b; ++o) definite[o - off] = true;
    }
  }
  std::vector<uint8_t> exp;
  for (size_t ci = 0; ci < cands.size(); ++ci) {
    const Candidate& c = cands[ci];
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

std::vector<uint8_t> BestExpectedRef(const std::vector<Candidate>& cands, const std::vector<Range>& definite_ranges,
                                     const SourceMap& filler, uint64_t off, size_t n, bool use_definite) {
  auto is_definite = [&](uint64_t o) {
    for (const Range& r : definite_ranges) {
      if (o >= r.off && o < r.end()) return true;
    }
    return false;
  };
  std::vector<uint8_t> out(n, 0);
  std::vector<bool> set(n, false);
  std::vector<uint8_t> exp;
  for (const Candidate& c : cands) {
    if (c.kind == Candidate::Kind::kAny) continue;
    uint64_t a = std::max(c.seg.off, off), b = std::min(c.seg.off + c.seg.len, off + n);
    if (a >= b) continue;
    exp.resize(b - a);
    filler.Fill(c.seg.s, a, b - a, exp.data());
    for (uint64_t o = a; o < b; ++o) {
      if (set[o - off]) continue;
      if (use_definite && c.kind == Candidate::Kind::kPre && is_definite(o)) continue;
      out[o - off] = exp[o - a];
      set[o - off] = true;
    }
  }
  return out;
}

// The per-byte runs: maximal runs of one choice value.
std::vector<ChoiceRun> RunsOf(const std::vector<int32_t>& choice) {
  std::vector<ChoiceRun> out;
  size_t i = 0;
  while (i < choice.size()) {
    size_t j = i;
    while (j < choice.size() && choice[j] == choice[i]) ++j;
    out.push_back({i, j - i, choice[i]});
    i = j;
  }
  return out;
}

struct Fixture {
  SourceMap filler{0};
  CandidateSet set;
  std::vector<Candidate> cands;
  std::vector<Range> definite;
  uint64_t off = 0;
  std::vector<uint8_t> data;
};

// A random candidate set over a window, and observed data built from pieces of the
// candidates' values, zeros, noise and near-misses, so runs of every kind occur.
Fixture Random(std::mt19937_64& rng) {
  Fixture f;
  f.filler = SourceMap(rng());
  auto uni = [&](uint64_t lo, uint64_t hi) { return std::uniform_int_distribution<uint64_t>(lo, hi)(rng); };
  // Sizes from a few bytes to past the matcher's 16 KiB chunk.
  const uint64_t n = uni(0, 3) == 0 ? uni(16000, 40000) : uni(0, 600);
  f.off = uni(0, 5000);
  std::vector<Source> sources = {Source{kSrcZero, 0}, Source{kSrcInit, 0}, Source{1, 0}, Source{2, 37},
                                 Source{3, -static_cast<int64_t>(uni(0, 100))}};
  {
    std::vector<uint8_t> blob(n + 200);
    for (auto& b : blob) b = static_cast<uint8_t>(uni(0, 3));  // small values: chance matches
    sources.push_back(f.filler.AddLiteral(f.off > 100 ? f.off - 100 : 0, std::move(blob)));
  }
  const int ncands = static_cast<int>(uni(0, 12));
  for (int i = 0; i < ncands; ++i) {
    uint64_t a = f.off + uni(0, n + 20) - std::min<uint64_t>(f.off, 10);
    uint64_t len = uni(0, 3) == 0 ? n + 40 : uni(1, std::max<uint64_t>(n / 2, 1));
    if (a > 10 && uni(0, 1)) a -= 10;
    const auto kind = static_cast<Candidate::Kind>(uni(0, 9) == 0 ? 4 : uni(0, 3));
    Seg seg{a, len, sources[uni(0, sources.size() - 1)]};
    f.set.Add(seg, kind, static_cast<uint32_t>(i));
    if (seg.len) f.cands.push_back(Candidate{seg, kind, static_cast<uint32_t>(i)});
  }
  const int ndef = static_cast<int>(uni(0, 4));
  for (int i = 0; i < ndef; ++i) {
    Range r{f.off + uni(0, n + 10) - std::min<uint64_t>(f.off, 5), uni(0, n / 2 + 1)};
    f.set.MarkDefinite(r.off, r.len);
    if (r.len) f.definite.push_back(r);
  }
  f.data.resize(n);
  uint64_t i = 0;
  while (i < n) {
    const uint64_t len = std::min<uint64_t>(n - i, uni(0, 3) == 0 ? uni(1, 8) : uni(1, 3000));
    const uint64_t mode = uni(0, 4);
    if (mode == 0 || sources.empty()) {
      for (uint64_t k = 0; k < len; ++k) f.data[i + k] = static_cast<uint8_t>(uni(0, 255));
    } else if (mode == 1) {
      for (uint64_t k = 0; k < len; ++k) f.data[i + k] = static_cast<uint8_t>(uni(0, 2));
    } else {
      f.filler.Fill(sources[uni(0, sources.size() - 1)], f.off + i, len, f.data.data() + i);
      if (mode == 2 && len > 2) f.data[i + uni(0, len - 1)] ^= 0x5a;  // a near-miss
    }
    i += len;
  }
  return f;
}

TEST(CandidateSet, MatchEqualsPerByteReference) {
  std::mt19937_64 rng(20261206);
  for (int iter = 0; iter < 1000; ++iter) {
    Fixture f = Random(rng);
    for (bool use_definite : {false, true}) {
      const size_t n = f.data.size();
      auto ref = MatchRef(f.cands, f.definite, f.filler, f.off, f.data.data(), n, use_definite);
      Choice got = f.set.Match(f.filler, f.off, f.data.data(), n, use_definite);
      ASSERT_EQ(got, RunsOf(ref)) << "iteration " << iter << " use_definite " << use_definite;

      // Unmatched: the runs of -1.
      std::vector<Range> bad_ref;
      for (const ChoiceRun& r : RunsOf(ref)) {
        if (r.cand < 0) bad_ref.push_back({r.off, r.len});
      }
      ASSERT_EQ(Unmatched(got), bad_ref) << "iteration " << iter;

      ASSERT_EQ(f.set.BestExpected(f.filler, f.off, n, use_definite),
                BestExpectedRef(f.cands, f.definite, f.filler, f.off, n, use_definite))
          << "iteration " << iter;

      // Adopt: one segment per run, a literal of the observed bytes where no candidate
      // (or kAny) was chosen.
      SourceMap model = f.filler;
      auto segs = f.set.Adopt(model, f.off, f.data.data(), n, got);
      const auto runs = RunsOf(ref);
      ASSERT_EQ(segs.size(), runs.size());
      for (size_t k = 0; k < segs.size(); ++k) {
        ASSERT_EQ(segs[k].off, f.off + runs[k].off);
        ASSERT_EQ(segs[k].len, runs[k].len);
        const bool literal = runs[k].cand < 0 || f.cands[static_cast<size_t>(runs[k].cand)].kind ==
                                                     Candidate::Kind::kAny;
        if (!literal) {
          ASSERT_EQ(segs[k].s, f.cands[static_cast<size_t>(runs[k].cand)].seg.s);
        }
        std::vector<uint8_t> bytes(segs[k].len);
        model.Fill(segs[k].s, segs[k].off, segs[k].len, bytes.data());
        ASSERT_TRUE(std::equal(bytes.begin(), bytes.end(), f.data.begin() + static_cast<std::ptrdiff_t>(runs[k].off)));
      }
    }
  }
}

TEST(CandidateSet, EmptyObservationHasNoRuns) {
  SourceMap filler(1);
  CandidateSet cs;
  cs.Add(Seg{0, 100, Source{1, 0}}, Candidate::Kind::kWriter, 1);
  EXPECT_TRUE(cs.Match(filler, 0, nullptr, 0, true).empty());
}

TEST(CandidateSet, WholeRangeOfOneCandidateIsOneRun) {
  SourceMap filler(3);
  std::vector<uint8_t> data(50000);
  filler.Fill(Source{2, 5}, 1000, data.size(), data.data());
  CandidateSet cs;
  cs.Add(Seg{0, 1000, Source{1, 0}}, Candidate::Kind::kWriter, 1);
  cs.Add(Seg{0, 100000, Source{2, 5}}, Candidate::Kind::kPre, 0);
  Choice c = cs.Match(filler, 1000, data.data(), data.size(), true);
  EXPECT_EQ(c, (Choice{{0, data.size(), 1}}));
}

}  // namespace
}  // namespace fsfuzz
