// The bulk of FillPattern: whole pattern words, in a loop the compiler vectorizes.
// Built at -O3 without sanitizer checks (src/fsfuzz/CMakeLists.txt): at the presets' -O2
// GCC does not vectorize it, nor does clang under ASan+UBSan, and then it ran at 1.4 GB/s
// and took a fifth of a checking stress run (the checker fills the model's expected bytes
// of every view). Vectorized with AVX-512DQ (64-bit multiplies) it is about 10x faster;
// one clone per ISA, picked at load time. It writes only to `out`, which callers keep on
// their stack and copy from with memcpy (checked by ASan), so no check is lost.
#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {

#if defined(__x86_64__) && defined(__clang__)
#define FSFUZZ_PATTERN_CLONES __attribute__((target_clones("avx512dq", "avx2", "default")))
#elif defined(__x86_64__) && defined(__GNUC__)
#define FSFUZZ_PATTERN_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define FSFUZZ_PATTERN_CLONES
#endif

FSFUZZ_PATTERN_CLONES
void PatternWords(uint64_t key, uint64_t word, uint64_t* out, size_t n) {
  for (size_t k = 0; k < n; ++k) out[k] = PatternWord(key, word + k);
}

}  // namespace fsfuzz
