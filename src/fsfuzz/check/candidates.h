// Candidate sources for bytes whose value the model cannot predict exactly (inside a
// round, or a copy between the file and a mapping of it): per byte, the observed value
// must equal one admissible candidate; the chosen candidates become the new model.
#pragma once

#include <cstdint>
#include <vector>

#include "src/fsfuzz/check/source_map.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

struct Candidate {
  enum class Kind : uint8_t {
    kPre,     // the model before the step
    kWriter,  // data an op of the step wrote (or may have written)
    kZero,    // zero from a truncate, punch, zero range or extension
    kJunk,    // a store past EOF through a mapping (tail bytes only)
    kAny,     // anything (an unbounded overlap chain): adopted literally
  };
  SourceMap::Seg seg;
  Kind kind = Kind::kPre;
  uint32_t op_id = 0;  // the op that produced it (0: none)
};

// The outcome of a match: runs tiling the observation [0, n) in order, each with the
// index of the candidate chosen for its bytes (-1: none admissible); adjacent runs have
// different candidates. (Runs, not one int per byte: observations are up to megabytes and
// most of them match one or two candidates wholesale.)
struct ChoiceRun {
  uint64_t off = 0;  // relative to the observation
  uint64_t len = 0;
  int32_t cand = -1;
  bool operator==(const ChoiceRun&) const = default;
};
using Choice = std::vector<ChoiceRun>;

class CandidateSet {
 public:
  void Add(const SourceMap::Seg& seg, Candidate::Kind kind, uint32_t op_id);
  void Add(const std::vector<SourceMap::Seg>& segs, Candidate::Kind kind, uint32_t op_id);
  // Marks [off, off+len) as definitely changed by the step: kPre is not admissible there.
  void MarkDefinite(uint64_t off, uint64_t len);

  // Matches observed bytes [off, off+n): each byte gets the index of the first
  // admissible candidate (in the order added) equal to it, or -1, as runs. When
  // use_definite, kPre candidates do not count on definite ranges (after a step: a
  // completed write must have happened). A kAny candidate is equal to every byte.
  Choice Match(const SourceMap& filler, uint64_t off, const uint8_t* data, size_t n, bool use_definite) const;
  // The model segments for a match (runs of one candidate); unmatched bytes become a
  // literal blob registered in `model`.
  std::vector<SourceMap::Seg> Adopt(SourceMap& model, uint64_t off, const uint8_t* data, size_t n,
                                    const Choice& choice) const;

  // For reports: per byte the first admissible candidate's value (0 where none covers).
  std::vector<uint8_t> BestExpected(const SourceMap& filler, uint64_t off, size_t n, bool use_definite) const;

  const Candidate& at(int32_t i) const { return cands_[static_cast<size_t>(i)]; }
  size_t size() const { return cands_.size(); }
  bool Definite(uint64_t off) const;
  const std::vector<Range>& definite() const { return definite_; }

 private:
  std::vector<Candidate> cands_;
  std::vector<Range> definite_;
};

// Runs of unmatched bytes (cand == -1) as ranges relative to the observation.
std::vector<Range> Unmatched(const Choice& choice);

}  // namespace fsfuzz
