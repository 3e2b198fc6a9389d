// The machine-readable "check" of a finding: exactly what was compared, so a standalone C
// reproducer (repro/cprog) can test the same condition without fsfuzz. Format in
// docs/finding-format.md.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/fsfuzz/check/candidates.h"
#include "src/fsfuzz/check/source_map.h"

namespace fsfuzz {

// kind "bytes": every byte of [off, off+len) read through `view` must equal one covering
// candidate; candidates marked "pre" do not count inside "definite" ranges.
nlohmann::json BytesCheck(const std::string& view, int slot, uint64_t off, uint64_t len,
                          const std::vector<SourceMap::Seg>& exact, const SourceMap& filler);
nlohmann::json BytesCheck(const std::string& view, int slot, uint64_t off, uint64_t len, const CandidateSet& cands,
                          bool use_definite, const SourceMap& filler);

}  // namespace fsfuzz
