// The minimizer's passes and bookkeeping (see minimize.h): each pass proposes candidates
// (shrink.h), keeps the first that still fails, and the passes repeat until none helps.
#include "src/fsfuzz/repro/minimize.h"

#include <unordered_set>

#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/repro/repair.h"
#include "src/fsfuzz/repro/shrink.h"

namespace fsfuzz {
namespace {

uint64_t Hash(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

class Minimizer {
 public:
  Minimizer(const Program& p, const FailPredicate& pred, const MinimizeOptions& o)
      : pred_(pred), opt_(o), end_(o.now() + o.budget) {
    res_.program = p;
    seen_.insert(Hash(PrintProgram(p)));
  }

  MinimizeResult Run() {
    bool changed = true;
    while (changed && !OutOfBudget()) {
      changed = false;
      if (opt_.steps) changed |= PassSteps();
      if (opt_.ops) changed |= PassRoundOps();
      if (opt_.threads) changed |= PassThreads();
      if (opt_.args) changed |= PassArgs();
    }
    return res_;
  }

 private:
  const Program& cur() const { return res_.program; }

  bool OutOfBudget() {
    if (res_.tests >= opt_.max_tests || opt_.now() >= end_) res_.out_of_budget = true;
    return res_.out_of_budget;
  }

  // Repairs, validates and deduplicates a candidate, then asks the predicate; a candidate
  // that keeps the failure becomes the current program.
  bool Try(const Program& candidate, const std::string& what) {
    if (OutOfBudget()) return false;
    Program c = Repair(candidate);
    if (c.steps.empty() || !Validate(c).empty()) {
      ++res_.invalid;
      return false;
    }
    if (!seen_.insert(Hash(PrintProgram(c))).second) {
      ++res_.duplicates;
      return false;
    }
    ++res_.tests;
    if (!pred_(c)) return false;
    res_.program = std::move(c);
    res_.accepted.push_back(res_.program);
    if (opt_.log) opt_.log(what + " -> " + std::to_string(cur().NumOps()) + " ops");
    return true;
  }

  // Chunks of steps, halving the chunk size down to one step.
  bool PassSteps() {
    bool changed = false;
    size_t chunk = std::max<size_t>(1, cur().steps.size() / 2);
    for (;;) {
      size_t i = 0;
      while (i < cur().steps.size() && !OutOfBudget()) {
        const size_t n = std::min(chunk, cur().steps.size() - i);
        if (Try(RemoveSteps(cur(), i, n), "removed " + std::to_string(n) + " step(s) at " + std::to_string(i))) {
          changed = true;  // the next chunk now starts at i
        } else {
          i += chunk;
        }
      }
      if (chunk == 1 || OutOfBudget()) break;
      chunk /= 2;
    }
    return changed;
  }

  bool PassRoundOps() {
    bool changed = false;
    for (size_t s = 0; s < cur().steps.size() && !OutOfBudget(); ++s) {
      for (size_t i = cur().steps[s].ops.size(); i-- > 0 && !OutOfBudget();) {
        if (s >= cur().steps.size() || !cur().steps[s].round || cur().steps[s].ops.size() < 2) break;
        if (i >= cur().steps[s].ops.size()) continue;
        const std::string what = "removed " + PrintOp(cur().steps[s].ops[i]) + " from the round at step " +
                                 std::to_string(s);
        changed |= Try(RemoveRoundOp(cur(), s, i), what);
      }
    }
    return changed;
  }

  bool PassThreads() {
    bool changed = false;
    for (size_t s = 0; s < cur().steps.size() && !OutOfBudget(); ++s) {
      for (const Edit& e : SplitRound(cur(), s)) {
        if (Try(e.program, e.what)) {
          changed = true;
          break;
        }
      }
    }
    return changed;
  }

  // One op (or the header) at a time, shrinking it again after every success: the
  // candidates come smallest first, so this converges like a binary search.
  template <typename Gen>
  bool ShrinkWhile(Gen gen) {
    bool any = false;
    for (bool progress = true; progress && !OutOfBudget();) {
      progress = false;
      for (const Edit& e : gen()) {
        if (Try(e.program, e.what)) {
          progress = any = true;
          break;
        }
      }
    }
    return any;
  }

  bool PassArgs() {
    bool changed = false;
    if (Program r = RenumberSlots(cur()); !(r == cur())) changed |= Try(r, "slots renumbered from m0");
    changed |= ShrinkWhile([&] { return ShiftFile(cur()); });
    changed |= ShrinkWhile([&] { return ShrinkHeader(cur()); });
    for (size_t s = 0; s < cur().steps.size() && !OutOfBudget(); ++s) {
      for (size_t i = 0; i < cur().steps[s].ops.size() && !OutOfBudget(); ++i) {
        changed |= ShrinkWhile([&] {
          // A success may have let repair drop ops: the position can be gone.
          if (s >= cur().steps.size() || i >= cur().steps[s].ops.size()) return std::vector<Edit>{};
          return ShrinkOpArgs(cur(), s, i);
        });
        if (s >= cur().steps.size()) break;
      }
    }
    return changed;
  }

  const FailPredicate& pred_;
  const MinimizeOptions& opt_;
  const std::chrono::steady_clock::time_point end_;
  MinimizeResult res_;
  std::unordered_set<uint64_t> seen_;
};

}  // namespace

MinimizeResult Minimize(const Program& p, const FailPredicate& pred, const MinimizeOptions& options) {
  return Minimizer(p, pred, options).Run();
}

Program ConfirmedResult(const MinimizeResult& r, const Program& original, const FailPredicate& confirm,
                        size_t tries) {
  for (size_t i = r.accepted.size(); i-- > 0 && tries > 0; --tries) {
    if (confirm(r.accepted[i])) return r.accepted[i];
  }
  return original;
}

}  // namespace fsfuzz
