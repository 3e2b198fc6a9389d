// Keeps edited programs valid: after the minimizer removes a step or changes an argument,
// ops that no longer make sense (a touch of a slot whose mmap is gone) go too.
#pragma once

#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

// Drops every op that ValidateOp rejects given the slot table before it (so removing an
// mmap also removes the touches, msyncs, madvises, munmaps and buf=mK ops of its slot),
// then every emptied step. The result passes Validate unless the header itself is bad.
Program Repair(const Program& p);

}  // namespace fsfuzz
