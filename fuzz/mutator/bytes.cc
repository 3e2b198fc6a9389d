// The mutator's byte-level entry points (see mutator.h): decode, mutate, re-encode.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "fuzz/mutator/mutator.h"

namespace fsfuzz::fuzz {

namespace {

// Encodes p into out; steps are dropped from the end until it fits.
size_t EncodeInto(Program p, uint8_t* out, size_t max, const DecodeLimits& l) {
  for (;;) {
    const std::vector<uint8_t> bytes = Encode(p, l);
    if (bytes.size() <= max || p.steps.empty()) {
      const size_t n = std::min(bytes.size(), max);
      std::memcpy(out, bytes.data(), n);
      return n;
    }
    p.steps.pop_back();
  }
}

}  // namespace

size_t MutateBytes(const Mutator& m, uint8_t* data, size_t size, size_t max_size, uint64_t seed) {
  if (max_size == 0) return 0;
  Program p = Decode(data, size, m.options().limits);
  Rng rng(seed);
  // Rounds of mutations: several small edits per call now and then, like havoc.
  const int n = 1 + static_cast<int>((rng() % 8 == 0) ? rng() % 4 : 0);
  for (int i = 0; i < n; ++i) m.Mutate(p, rng);
  return EncodeInto(std::move(p), data, max_size, m.options().limits);
}

size_t CrossOverBytes(const Mutator& m, const uint8_t* a, size_t a_size, const uint8_t* b, size_t b_size,
                      uint8_t* out, size_t max_out, uint64_t seed) {
  if (max_out == 0) return 0;
  const DecodeLimits& l = m.options().limits;
  Rng rng(seed);
  Program child = m.CrossOver(Decode(a, a_size, l), Decode(b, b_size, l), rng);
  return EncodeInto(std::move(child), out, max_out, l);
}

MutatorOptions MutatorOptionsFromEnv() {
  MutatorOptions o;
  const char* f = std::getenv("FSFUZZ_FIXED_OPS");
  o.fixed_ops = f != nullptr && f[0] == '1';
  return o;
}

}  // namespace fsfuzz::fuzz
