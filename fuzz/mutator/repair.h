// Repair: turns an edited program back into one the binary codec round-trips (valid,
// canonical, inside DecodeLimits), by clamping arguments into range and retargeting or
// dropping ops whose slot is gone. Every structural mutation ends here.
#pragma once

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::fuzz {

// Clamps op into limits and into the slot table at its position; false when it cannot be
// made valid there (it is then dropped).
bool FixOp(Op& op, const Slots& slots, bool in_round, const DecodeLimits& limits);

// Repairs every step in order (empty steps dropped, rounds capped at 8 ops, steps at
// limits.steps). Afterwards WithinDecodeLimits(p, limits) holds.
void Repair(Program& p, const DecodeLimits& limits);

}  // namespace fsfuzz::fuzz
