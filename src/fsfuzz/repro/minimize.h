// Delta debugging over programs. The minimizer takes a predicate ("does this program still
// fail the same way?") and runs nothing itself, so its tests use fake predicates.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

// True when the candidate keeps the failure (for races: reproduces at a high enough rate).
using FailPredicate = std::function<bool(const Program&)>;

struct MinimizeOptions {
  // Stop trying new candidates after this long (measured with `now`) or this many
  // predicate calls; the best program so far is the answer.
  std::chrono::milliseconds budget{std::chrono::minutes(10)};
  size_t max_tests = 100000;
  // Passes, in order; all on by default.
  bool steps = true;    // remove steps (delta debugging over chunks, halving)
  bool ops = true;      // remove ops inside rounds
  bool threads = true;  // split rounds into sequential steps
  bool args = true;     // smaller lengths, offsets, mappings and file
  std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
  // Progress lines ("steps: removed 4 at 12 -> 9 ops"); unset: quiet.
  std::function<void(const std::string&)> log;
};

struct MinimizeResult {
  Program program;
  size_t tests = 0;       // predicate calls
  size_t duplicates = 0;  // candidates skipped because an equal program was tried
  size_t invalid = 0;     // candidates that did not validate even after repair
  bool out_of_budget = false;
  // Every candidate the predicate kept, in order (the last is `program`).
  std::vector<Program> accepted;
};

// Minimizes p (which must satisfy pred; it is not re-tested) to a program that still
// does, trying candidates until a whole round of passes changes nothing or the budget
// runs out. Every candidate is repaired (repair.h) and validated before pred sees it;
// programs seen before (by the hash of their text) are not tried again.
MinimizeResult Minimize(const Program& p, const FailPredicate& pred, const MinimizeOptions& options = {});

// The answer to hand over: `r.program` if `confirm` says it still fails, else the accepted
// programs before it, latest first, then the original, at most `tries` of them confirmed
// (the original is returned unconfirmed past that). A race's candidate is kept at a few
// hits in K runs, and a lucky few (or a run that inherited another's kernel state) can keep
// one that does not reproduce; the program handed over must (collision itest, 2026-12-07: a
// 5-op candidate kept at 2 of 10 reproduced 0 of 1,220 times later).
Program ConfirmedResult(const MinimizeResult& r, const Program& original, const FailPredicate& confirm,
                        size_t tries = 8);

}  // namespace fsfuzz
