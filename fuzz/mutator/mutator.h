// The structure-aware mutator: edits decoded programs (insert, delete, duplicate or swap
// steps, move an op into or out of a round, change one argument within its range, change
// an op's kind or the header, splice two programs) and repairs them so they re-encode
// exactly. libFuzzer (LLVMFuzzerCustomMutator/CrossOver) and AFL++ (a custom mutator
// library) call the same code through MutateBytes/CrossOverBytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/generator.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::fuzz {

struct MutatorOptions {
  DecodeLimits limits;      // the fuzz targets decode with the defaults
  bool fixed_ops = false;   // keep the op count (benchmarks of N-op programs)
  size_t max_ops = 32;      // inserts stop here: long programs are slow and rarely better
};

class Mutator {
 public:
  explicit Mutator(MutatorOptions options = {}) : opt_(options) {}

  // One mutation of p (a valid program within limits); p stays valid, canonical and
  // within limits. Returns the mutation's name ("" when nothing changed).
  std::string_view Mutate(Program& p, Rng& rng) const;
  // A child of a and b: a prefix of one and a suffix of the other, or b's steps inserted
  // into a; repaired.
  Program CrossOver(const Program& a, const Program& b, Rng& rng) const;

  const MutatorOptions& options() const { return opt_; }

 private:
  MutatorOptions opt_;
};

// Byte-level entry points: decode, mutate, re-encode into data (at most max_size bytes).
// Return the new size (never 0 for max_size > 0).
size_t MutateBytes(const Mutator& m, uint8_t* data, size_t size, size_t max_size, uint64_t seed);
size_t CrossOverBytes(const Mutator& m, const uint8_t* a, size_t a_size, const uint8_t* b, size_t b_size,
                      uint8_t* out, size_t max_out, uint64_t seed);

// The options from the environment: $FSFUZZ_FIXED_OPS=1 sets fixed_ops.
MutatorOptions MutatorOptionsFromEnv();

}  // namespace fsfuzz::fuzz
