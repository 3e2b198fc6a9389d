// The structure-aware mutator as an AFL++ custom mutator library
// (AFL_CUSTOM_MUTATOR_LIBRARY=libfsfuzz_afl_mutator.so): the same code libFuzzer calls.
// Built without AFL instrumentation (it is loaded into afl-fuzz, not the target).
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "fuzz/mutator/mutator.h"

namespace {

struct State {
  fsfuzz::fuzz::Mutator mutator{fsfuzz::fuzz::MutatorOptionsFromEnv()};
  fsfuzz::Rng rng;
  std::vector<uint8_t> out;
  const char* last = "";
};

}  // namespace

extern "C" {

// afl_state_t is opaque here: the mutator needs nothing from it.
void* afl_custom_init(void* /*afl*/, unsigned int seed) {
  auto* s = new (std::nothrow) State();
  if (s) s->rng.seed(seed);
  return s;
}

// One mutation of buf; add_buf (another queue entry, when AFL++ offers one) is a splice
// partner now and then.
size_t afl_custom_fuzz(void* data, uint8_t* buf, size_t buf_size, uint8_t** out_buf, uint8_t* add_buf,
                       size_t add_buf_size, size_t max_size) {
  auto* s = static_cast<State*>(data);
  s->out.assign(buf, buf + buf_size);
  s->out.resize(std::max(max_size, buf_size));
  size_t n;
  const uint64_t seed = s->rng();
  if (add_buf != nullptr && add_buf_size > 0 && seed % 5 == 0) {
    n = fsfuzz::fuzz::CrossOverBytes(s->mutator, buf, buf_size, add_buf, add_buf_size, s->out.data(), max_size, seed);
    s->last = "fsfuzz-splice";
  } else {
    n = fsfuzz::fuzz::MutateBytes(s->mutator, s->out.data(), buf_size, max_size, seed);
    s->last = "fsfuzz-mutate";
  }
  *out_buf = s->out.data();
  return n;
}

// Names the last mutation in queue file names.
const char* afl_custom_describe(void* data, size_t /*max_description_len*/) {
  return static_cast<State*>(data)->last;
}

void afl_custom_deinit(void* data) { delete static_cast<State*>(data); }

}  // extern "C"
