// The edits the minimizer tries: fewer steps, fewer ops in a round, fewer threads, smaller
// arguments and a smaller file. Pure functions from a program to candidate programs; the
// minimizer (minimize.h) decides which ones keep the failure.
#pragma once

#include <string>
#include <vector>

#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

// A candidate program and what the edit was, for the minimizer's log.
struct Edit {
  std::string what;
  Program program;
};

// The program without steps [first, first + count).
Program RemoveSteps(const Program& p, size_t first, size_t count);

// The program without op i of round s (the round keeps its other ops).
Program RemoveRoundOp(const Program& p, size_t s, size_t i);

// Round s run with fewer threads: every op a sequential step (in the round's order, then
// reversed), or one op hoisted out before or after the round.
std::vector<Edit> SplitRound(const Program& p, size_t s);

// Op i of step s with a smaller argument each: lengths, offsets, buffer offsets, truncate
// sizes, a mapping cut to the bytes its slot's users reach, a mapped buffer replaced by
// heap memory. Values are page multiples or keep their remainder modulo the page (so an
// aligned O_DIRECT op stays aligned, and a misaligned one can stay misaligned); ops that
// need no alignment also try byte granular values. Smallest first.
std::vector<Edit> ShrinkOpArgs(const Program& p, size_t s, size_t i);

// The whole program moved down the file: every file offset (data ops, mappings of the
// file) lowered by the same page multiple, truncate sizes and the initial size with them
// (not below 0), so ops that meet at high offsets keep meeting. Deltas: the lowest file
// offset any op uses, rounded down to a page, and its half. Mapping-relative offsets
// (touches, buffers in slots) and the aux file stay as they are.
std::vector<Edit> ShiftFile(const Program& p);

// A smaller file: the initial size and the aux file's size (none when nothing maps it).
std::vector<Edit> ShrinkHeader(const Program& p);

// The same program with its slots numbered m0, m1, ... in the order they are first mapped
// (minimized programs read better); p itself when they already are.
Program RenumberSlots(const Program& p);

}  // namespace fsfuzz
