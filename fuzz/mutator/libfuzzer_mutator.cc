// libFuzzer's hooks for the structure-aware mutator (LLVMFuzzerCustomMutator and
// LLVMFuzzerCustomCrossOver). AFL++'s libFuzzer driver never calls them; AFL++ gets the
// same mutations from afl_mutator.cc. $FSFUZZ_MUTATOR=bytes leaves mutation to libFuzzer.
#include <cstdlib>
#include <cstring>

#include "fuzz/mutator/mutator.h"

// The engine's byte-level mutator (absent in replay binaries).
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size) __attribute__((weak));

namespace {

const fsfuzz::fuzz::Mutator& TheMutator() {
  static const fsfuzz::fuzz::Mutator m(fsfuzz::fuzz::MutatorOptionsFromEnv());
  return m;
}

bool BytesOnly() {
  static const bool b = [] {
    const char* v = std::getenv("FSFUZZ_MUTATOR");
    return v != nullptr && std::strcmp(v, "bytes") == 0;
  }();
  return b;
}

}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  const auto& m = TheMutator();
  // One call in eight (or all, when asked) goes to the byte mutator: it reaches the
  // decoder's repairs and values the structured mutations never draw.
  if (LLVMFuzzerMutate != nullptr && (BytesOnly() || (!m.options().fixed_ops && seed % 8 == 0))) {
    const size_t n = LLVMFuzzerMutate(data, size, max_size);
    if (n != 0 || BytesOnly()) return n;
  }
  return fsfuzz::fuzz::MutateBytes(m, data, size, max_size, seed);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1, const uint8_t* data2, size_t size2,
                                            uint8_t* out, size_t max_out_size, unsigned int seed) {
  return fsfuzz::fuzz::CrossOverBytes(TheMutator(), data1, size1, data2, size2, out, max_out_size, seed);
}
