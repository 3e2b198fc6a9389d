// For each simulated bug, a short program whose trace the bug changes: the exec tests
// assert the change, and checker tests can assert a finding with the bug and none without.
#pragma once

#include "src/fsfuzz/exec/sim_bugs.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

// The demo for `bug` (seed 1, 16K file unless the bug needs otherwise; see the .cc for each
// program in text form). dio-map-hang's demo blocks until SimBackend::ReleaseHangs().
Program SimBugDemo(SimBug bug);

}  // namespace fsfuzz
