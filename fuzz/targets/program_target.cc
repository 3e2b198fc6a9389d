// fsfuzz_program: bytes -> program (binary codec, default limits) -> a real file in a
// private directory under $FSFUZZ_DIR, $TMPDIR or /tmp (directory mode, POSIX backend) ->
// the online checker. Replays with `fsfuzz run --bytes CRASH --dir DIR`.
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "fuzz/harness/budget.h"
#include "fuzz/harness/runner.h"
#include "src/fsfuzz/prog/binary_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fsfuzz;
  static fuzz::FuzzRunner& runner = []() -> fuzz::FuzzRunner& {
    TargetSpec spec;
    spec.kind = TargetSpec::Kind::kDir;
    return fuzz::RunnerOrDie(spec, std::chrono::milliseconds(3000));
  }();
  const Program p = Decode(data, size);
  if (!fuzz::WithinBudget(p)) return -1;  // too much work for one input: not kept
  runner.Run(p);
  return 0;
}
