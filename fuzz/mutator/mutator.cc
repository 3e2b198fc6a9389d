// The structure-aware mutations (see mutator.h).
#include "fuzz/mutator/mutator.h"

#include <algorithm>
#include <array>

#include "fuzz/mutator/random_op.h"
#include "fuzz/mutator/repair.h"
#include "fuzz/mutator/values.h"

namespace fsfuzz::fuzz {
namespace {

// The slot table before step `at`.
Slots SlotsBefore(const Program& p, size_t at) {
  Slots s;
  for (size_t i = 0; i < at && i < p.steps.size(); ++i) {
    if (!p.steps[i].round) ApplyToSlots(p.steps[i].ops[0], s);
  }
  return s;
}

struct Pos {
  size_t step = 0, op = 0;
};

Pos RandomOpPos(Values& v, const Program& p) {
  Pos at;
  at.step = v.Below(p.steps.size());
  at.op = v.Below(p.steps[at.step].ops.size());
  return at;
}

enum class Kind : uint8_t {
  kInsert, kInsertRound, kDelete, kDuplicate, kSwap, kIntoRound, kOutOfRound, kArg, kKind, kHeader, kAlign,
};
struct Choice {
  Kind kind;
  const char* name;
  int weight;
  bool keeps_count;  // allowed with fixed_ops
};
constexpr Choice kChoices[] = {
    {Kind::kInsert, "insert", 16, false},   {Kind::kInsertRound, "insert-round", 6, false},
    {Kind::kDelete, "delete", 10, false},   {Kind::kDuplicate, "duplicate", 4, false},
    {Kind::kSwap, "swap", 6, true},         {Kind::kIntoRound, "into-round", 7, true},
    {Kind::kOutOfRound, "out-of-round", 6, true}, {Kind::kArg, "arg", 30, true},
    {Kind::kKind, "kind", 6, true},         {Kind::kHeader, "header", 4, true},
    {Kind::kAlign, "align", 8, true},
};

const Choice& Pick(Values& v, bool fixed) {
  int total = 0;
  for (const Choice& c : kChoices) total += (!fixed || c.keeps_count) ? c.weight : 0;
  int r = static_cast<int>(v.Below(static_cast<uint64_t>(total)));
  for (const Choice& c : kChoices) {
    if (fixed && !c.keeps_count) continue;
    if ((r -= c.weight) < 0) return c;
  }
  return kChoices[0];
}

// Applies one mutation of kind c to p (before repair).
void Apply(const Choice& c, Values& v, Program& p, const MutatorOptions& o) {
  const DecodeLimits& l = o.limits;
  auto& steps = p.steps;
  const bool full = p.NumOps() >= o.max_ops;
  switch (c.kind) {
    case Kind::kInsert:
    case Kind::kInsertRound: {
      if (full) return;
      size_t at = v.Below(steps.size() + 1);
      Slots slots = SlotsBefore(p, at);
      if (std::none_of(slots.begin(), slots.end(), [](const auto& m) { return m.has_value(); }) && v.Chance(3)) {
        // Mapped access needs a mapping first: make one (of the file, mostly) in the same edit,
        // or ops that touch or copy through a mapping would take two lucky draws.
        Op map = RandomOp(v, OpKind::kMmap, slots, l);
        map.mode = static_cast<uint8_t>(v.Chance(4) ? v.Below(4) : 0);
        steps.insert(steps.begin() + static_cast<long>(at), Step{false, {map}});
        ApplyToSlots(map, slots);
        ++at;
      }
      Step st;
      st.round = c.kind == Kind::kInsertRound;
      const size_t n = st.round ? 2 + v.Below(3) : 1;
      for (size_t i = 0; i < n; ++i) st.ops.push_back(RandomOp(v, RandomKind(v, st.round), slots, l));
      steps.insert(steps.begin() + static_cast<long>(at), std::move(st));
      return;
    }
    case Kind::kDelete:
      if (!steps.empty()) {
        const Pos at = RandomOpPos(v, p);
        auto& ops = steps[at.step].ops;
        if (ops.size() > 1 && v.Chance(2)) {
          ops.erase(ops.begin() + static_cast<long>(at.op));
        } else {
          steps.erase(steps.begin() + static_cast<long>(at.step));
        }
      }
      return;
    case Kind::kDuplicate:
      if (!steps.empty() && !full) {
        const Step copy = steps[v.Below(steps.size())];
        steps.insert(steps.begin() + static_cast<long>(v.Below(steps.size() + 1)), copy);
      }
      return;
    case Kind::kSwap:
      if (steps.size() >= 2) {
        const size_t i = v.Below(steps.size() - 1);
        const size_t j = v.Chance(2) ? i + 1 : v.Below(steps.size());
        std::swap(steps[i], steps[j]);
      }
      return;
    case Kind::kIntoRound: {
      // A sequential op joins the round next to it, or two sequential neighbours race.
      if (steps.size() < 2) return;
      const size_t i = v.Below(steps.size() - 1);
      Step& a = steps[i];
      Step& b = steps[i + 1];
      if (a.round && b.round) return;
      Step merged;
      merged.round = true;
      merged.ops = a.ops;
      merged.ops.insert(merged.ops.end(), b.ops.begin(), b.ops.end());
      if (merged.ops.size() > static_cast<size_t>(kMaxRoundOps)) return;
      steps[i] = std::move(merged);
      steps.erase(steps.begin() + static_cast<long>(i + 1));
      return;
    }
    case Kind::kOutOfRound: {
      std::vector<size_t> rounds;
      for (size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].round) rounds.push_back(i);
      }
      if (rounds.empty()) return;
      const size_t i = rounds[v.Below(rounds.size())];
      const size_t k = v.Below(steps[i].ops.size());
      Step single{false, {steps[i].ops[k]}};
      steps[i].ops.erase(steps[i].ops.begin() + static_cast<long>(k));
      if (steps[i].ops.size() == 1 && v.Chance(2)) steps[i].round = false;  // a round of one is just a step
      const size_t at = v.Chance(2) ? i : i + 1;
      steps.insert(steps.begin() + static_cast<long>(std::min(at, steps.size())), std::move(single));
      return;
    }
    case Kind::kArg:
    case Kind::kKind:
    case Kind::kAlign: {
      if (steps.empty()) return;
      const Pos at = RandomOpPos(v, p);
      Op& op = steps[at.step].ops[at.op];
      const Slots slots = SlotsBefore(p, at.step);
      if (c.kind == Kind::kArg) {
        ChangeArg(v, op, slots, l);
      } else if (c.kind == Kind::kKind) {
        op.kind = SiblingKind(v, op.kind);
      } else {
        // Line the op up with another one: same offset, or starting where it ends.
        const Pos other = RandomOpPos(v, p);
        const Op& o2 = steps[other.step].ops[other.op];
        if (!Uses(op.kind, kArgOff) || !Uses(o2.kind, kArgOff) || op.kind == OpKind::kMmap) return;
        op.off = v.Chance(2) ? o2.off : o2.off + o2.len;
        if (Uses(op.kind, kArgLen) && Uses(o2.kind, kArgLen) && v.Chance(2)) op.len = o2.len;
      }
      return;
    }
    case Kind::kHeader: ChangeHeader(v, p.header, l); return;
  }
}

}  // namespace

std::string_view Mutator::Mutate(Program& p, Rng& rng) const {
  const Program before = p;
  const std::vector<uint64_t> hints = Hints(p);
  Values v(rng, hints);
  for (int attempt = 0; attempt < 16; ++attempt) {
    const Choice& c = Pick(v, opt_.fixed_ops);
    Apply(c, v, p, opt_);
    Repair(p, opt_.limits);
    if (!(p == before) && (!opt_.fixed_ops || p.NumOps() == before.NumOps())) return c.name;
    p = before;
  }
  return "";
}

Program Mutator::CrossOver(const Program& a, const Program& b, Rng& rng) const {
  const std::vector<uint64_t> hints;
  Values v(rng, hints);
  Program child = a;
  if (opt_.fixed_ops) {
    // Same shape: b's step replaces a's step at the same index, when both are sequential.
    if (a.steps.empty() || b.steps.empty()) return child;
    const size_t i = v.Below(std::min(a.steps.size(), b.steps.size()));
    if (a.steps[i].ops.size() == b.steps[i].ops.size()) child.steps[i] = b.steps[i];
  } else if (v.Chance(2)) {
    // Prefix of a, suffix of b.
    const size_t i = v.Below(a.steps.size() + 1), j = v.Below(b.steps.size() + 1);
    child.steps.resize(i);
    child.steps.insert(child.steps.end(), b.steps.begin() + static_cast<long>(j), b.steps.end());
  } else {
    // A run of b's steps inserted into a.
    const size_t j = v.Below(b.steps.size() + 1);
    const size_t n = std::min<size_t>(b.steps.size() - j, 1 + v.Below(4));
    child.steps.insert(child.steps.begin() + static_cast<long>(v.Below(a.steps.size() + 1)),
                       b.steps.begin() + static_cast<long>(j), b.steps.begin() + static_cast<long>(j + n));
  }
  if (v.Chance(4)) child.header = b.header;
  Repair(child, opt_.limits);
  if (opt_.fixed_ops && child.NumOps() != a.NumOps()) return a;
  return child;
}

}  // namespace fsfuzz::fuzz
