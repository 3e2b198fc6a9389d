// fsfuzz_model: the whole loop against the simulated backend with one of its bugs on,
// to show the fuzzer finds each bug class. The bug is the program's seed modulo the
// number of bugs (part of the program, so `fsfuzz run --bytes CRASH --backend sim
// --bug NAME` replays a crash as is), or $FSFUZZ_MODEL_BUG for every input ("none": no
// bug at all, for speed measurements).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/harness/budget.h"
#include "fuzz/harness/runner.h"
#include "src/fsfuzz/exec/sim_bugs.h"
#include "src/fsfuzz/prog/binary_codec.h"

namespace {

using namespace fsfuzz;

// Fast ops: a short deadline makes dio-map-hang cheap to find.
constexpr std::chrono::milliseconds kDeadline{1000};

int FixedBug() {
  static const int bug = [] {
    const char* name = std::getenv("FSFUZZ_MODEL_BUG");
    if (name == nullptr || *name == '\0') return -1;
    if (std::string(name) == "none") return kNumSimBugs;  // no bug: the simulator's speed
    SimBug b;
    if (!SimBugFromName(name, &b)) {
      std::fprintf(stderr, "fsfuzz_model: unknown FSFUZZ_MODEL_BUG '%s'\n", name);
      std::exit(1);
    }
    return static_cast<int>(b);
  }();
  return bug;
}

fuzz::FuzzRunner& RunnerFor(int bug) {
  static std::array<fuzz::FuzzRunner*, kNumSimBugs + 1> runners{};  // the last: no bug
  if (runners[static_cast<size_t>(bug)] == nullptr) {
    TargetSpec spec;
    spec.kind = TargetSpec::Kind::kSim;
    if (bug < kNumSimBugs) spec.sim.bugs.insert(static_cast<SimBug>(bug));
    runners[static_cast<size_t>(bug)] = &fuzz::RunnerOrDie(spec, kDeadline);
  }
  return *runners[static_cast<size_t>(bug)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Program p = Decode(data, size);
  if (!fuzz::WithinBudget(p)) return -1;
  const int fixed = FixedBug();
  RunnerFor(fixed >= 0 ? fixed : static_cast<int>(p.header.seed % kNumSimBugs)).Run(p);
  return 0;
}
