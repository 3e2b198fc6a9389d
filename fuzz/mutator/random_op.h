// Random ops and argument edits for the structure-aware mutator: kinds drawn by the op
// table's weights, arguments from Values (small, aligned, reused from the program).
#pragma once

#include "fuzz/mutator/values.h"
#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::fuzz {

// A kind drawn by the op table's weights (sequential-only kinds excluded from rounds).
OpKind RandomKind(Values& v, bool in_round);
// A mapped slot of the table (any slot number when none is mapped).
uint8_t RandomMappedSlot(Values& v, const Slots& slots);
// An op of this kind with every argument drawn afresh (Repair clamps it afterwards).
Op RandomOp(Values& v, OpKind kind, const Slots& slots, const DecodeLimits& l);
// A kind that takes the same arguments (write/dwrite/read/dread, touch_read/write, ...).
OpKind SiblingKind(Values& v, OpKind k);
// One argument of op, changed within its range.
void ChangeArg(Values& v, Op& op, const Slots& slots, const DecodeLimits& l);
// One header field changed (size mostly small).
void ChangeHeader(Values& v, Header& h, const DecodeLimits& l);

}  // namespace fsfuzz::fuzz
