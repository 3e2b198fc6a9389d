// Hands feature ids to the engines as coverage: each id runs its own instrumented
// function (a distinct basic block both libFuzzer's and AFL++'s instrumentation count),
// so no engine-specific API (extra counters) is needed.
#pragma once

#include <cstdint>
#include <vector>

namespace fsfuzz::fuzz {

// Runs the instrumented block of every id (ids >= kNumFeatures are folded into range).
void EmitFeatures(const std::vector<uint32_t>& ids);

}  // namespace fsfuzz::fuzz
