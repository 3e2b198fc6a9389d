// One instrumented function per feature id, instantiated from a template into a table.
#include "fuzz/feedback/signal.h"

#include <array>
#include <utility>

#include "fuzz/feedback/features.h"

namespace fsfuzz::fuzz {
namespace {

// Read at run time, so the branch below cannot be folded away; always true.
volatile bool g_on = true;

// Two blocks per id (entry and the taken branch): some instrumentations skip functions
// of one block. The asm names the id so no two instances are identical code.
template <uint32_t N>
__attribute__((noinline)) void Hit() {
  if (g_on) asm volatile("" : : "i"(N) : "memory");
}

using HitFn = void (*)();

template <uint32_t... I>
constexpr std::array<HitFn, sizeof...(I)> MakeTable(std::integer_sequence<uint32_t, I...>) {
  return {&Hit<I>...};
}

const std::array<HitFn, kNumFeatures> kTable = MakeTable(std::make_integer_sequence<uint32_t, kNumFeatures>{});

}  // namespace

void EmitFeatures(const std::vector<uint32_t>& ids) {
  for (uint32_t id : ids) kTable[id % kNumFeatures]();
}

}  // namespace fsfuzz::fuzz
