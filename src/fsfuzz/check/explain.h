// Says whose data a run of bytes is ("op #12's dwrite data", "zeros", "initial data"),
// so every mismatch reads like "bytes 0x3000-0x3fff hold op #12's dwrite data; op #15's
// touch_write data was due".
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "src/fsfuzz/check/source_map.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

class Explainer {
 public:
  explicit Explainer(const Program& p);

  // The op with id k (1-based), or nullptr.
  const Op* OpById(uint32_t k) const;
  // "write", "dwrite(buf=map)", ...: the op kind as findings name it.
  std::string OpDesc(uint32_t k) const;
  // "op #12's dwrite data", "zeros", "initial data", "aux file data", "adopted bytes".
  std::string Describe(Source s) const;
  // Remembers a source that existed in the file at some point (copies, junk stores).
  void Remember(Source s);
  // Notes that op k failed with errno err (its data should be nowhere).
  void NoteFailure(uint32_t k, int err);
  // The most likely source of observed bytes at [off, off+n), tried against every
  // remembered source and every op's own data; "unexplained bytes" when none matches.
  std::string Identify(const SourceMap& filler, uint64_t off, const uint8_t* data, size_t n,
                       uint32_t* op_id, Source* found = nullptr) const;
  // Every shift a copy may have made: the program's copies (chained ones included) and
  // those of remembered sources. Byte o of a destination holds source byte o + delta.
  std::vector<int64_t> Deltas() const;

 private:
  std::vector<const Op*> ops_;  // index k-1
  std::vector<Source> history_;
  std::set<std::pair<uint32_t, int64_t>> seen_;  // history_ as a set
  // The shifts the program's copies between the file and a mapping of it can make
  // (dwrite/write from a mapping, dread/read into one), chained forward copies included.
  static constexpr uint64_t kMaxCopyGenerations = 64;
  static constexpr size_t kMaxCopyDeltas = 256;
  std::vector<int64_t> copy_deltas_;
  std::vector<std::pair<uint32_t, int>> failed_;
};

std::string Hex(const uint8_t* data, size_t n);
std::string HexOff(uint64_t v);

}  // namespace fsfuzz
