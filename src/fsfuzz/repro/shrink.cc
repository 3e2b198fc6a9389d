// Candidate edits for the minimizer (see shrink.h).
#include "src/fsfuzz/repro/shrink.h"

#include <algorithm>
#include <array>
#include <set>

#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/prog/units.h"

namespace fsfuzz {
namespace {

// Values below v to try in its place, ascending: page multiples, and the same plus v's
// remainder modulo the page (so a misalignment that matters survives); with granular,
// byte-sized halves too. min is the smallest legal value (1 for lengths).
std::vector<uint64_t> Smaller(uint64_t v, uint64_t min, bool granular) {
  std::set<uint64_t> out;
  const uint64_t rest = v % kPageSize;
  for (uint64_t base : {uint64_t{0}, kPageSize, RoundDown(v / 2, kPageSize), RoundDown(v, kPageSize) - kPageSize}) {
    if (base > v) continue;  // the last one wraps for small v
    out.insert(base + rest);
    out.insert(base);  // an aligned value: a misalignment that does not matter goes
  }
  if (granular) {
    out.insert(min);
    out.insert(v / 2);
  }
  std::vector<uint64_t> r;
  for (uint64_t c : out) {
    if (c >= min && c < v) r.push_back(c);
  }
  return r;
}

std::string OpName(const Op& op) { return PrintOp(op); }

Program WithOp(const Program& p, size_t s, size_t i, const Op& op) {
  Program q = p;
  q.steps[s].ops[i] = op;
  return q;
}

// The bytes of slot `slot` that ops after step s reach, until the slot is unmapped.
uint64_t SlotExtent(const Program& p, size_t s, uint8_t slot) {
  uint64_t end = 0;
  for (size_t k = s + 1; k < p.steps.size(); ++k) {
    for (const Op& op : p.steps[k].ops) {
      if ((op.kind == OpKind::kMunmap || op.kind == OpKind::kMmap) && op.slot == slot) return end;
      if (Uses(op.kind, kArgSlot) && op.slot == slot) end = std::max(end, op.off + op.len);
      if (Uses(op.kind, kArgBuf) && op.buf.kind == Buf::Kind::kSlot && op.buf.slot == slot) {
        end = std::max(end, op.buf.off + op.len);
      }
    }
  }
  return end;
}

}  // namespace

Program RemoveSteps(const Program& p, size_t first, size_t count) {
  Program q = p;
  first = std::min(first, q.steps.size());
  count = std::min(count, q.steps.size() - first);
  q.steps.erase(q.steps.begin() + static_cast<std::ptrdiff_t>(first),
                q.steps.begin() + static_cast<std::ptrdiff_t>(first + count));
  return q;
}

Program RemoveRoundOp(const Program& p, size_t s, size_t i) {
  Program q = p;
  auto& ops = q.steps[s].ops;
  ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(i));
  if (ops.empty()) q.steps.erase(q.steps.begin() + static_cast<std::ptrdiff_t>(s));
  return q;
}

std::vector<Edit> SplitRound(const Program& p, size_t s) {
  std::vector<Edit> out;
  const Step& st = p.steps[s];
  if (!st.round) return out;
  auto sequential = [&](bool reversed) {
    std::vector<Step> seq;
    for (const Op& op : st.ops) seq.push_back(Step{false, {op}});
    if (reversed) std::reverse(seq.begin(), seq.end());
    Program q = p;
    q.steps.erase(q.steps.begin() + static_cast<std::ptrdiff_t>(s));
    q.steps.insert(q.steps.begin() + static_cast<std::ptrdiff_t>(s), seq.begin(), seq.end());
    return q;
  };
  out.push_back({"round at step " + std::to_string(s) + " made sequential", sequential(false)});
  if (st.ops.size() > 1) {
    out.push_back({"round at step " + std::to_string(s) + " made sequential, reversed", sequential(true)});
  }
  if (st.ops.size() < 3) return out;  // hoisting one of two ops is the same as the above
  for (size_t i = 0; i < st.ops.size(); ++i) {
    for (bool before : {true, false}) {
      Program q = p;
      Step rest = st;
      rest.ops.erase(rest.ops.begin() + static_cast<std::ptrdiff_t>(i));
      q.steps[s] = rest;
      q.steps.insert(q.steps.begin() + static_cast<std::ptrdiff_t>(before ? s : s + 1), Step{false, {st.ops[i]}});
      out.push_back({OpName(st.ops[i]) + " hoisted " + (before ? "before" : "after") + " its round", std::move(q)});
    }
  }
  return out;
}

std::vector<Edit> ShrinkOpArgs(const Program& p, size_t s, size_t i) {
  std::vector<Edit> out;
  const Op& op = p.steps[s].ops[i];
  const bool direct = Has(op.kind, kTrDirect);
  // msync/madvise/mmap need page-aligned offsets: the remainder rule keeps them aligned.
  const bool granular = !direct && op.kind != OpKind::kMsync && op.kind != OpKind::kMadvise &&
                        op.kind != OpKind::kMmap;
  auto add = [&](const std::string& what, Op changed) {
    out.push_back({OpName(op) + ": " + what, WithOp(p, s, i, changed)});
  };
  if (op.kind == OpKind::kMmap) {
    // A mapping as long as its users need; the rest only costs view reads.
    const uint64_t need = RoundUp(SlotExtent(p, s, op.slot), kPageSize);
    std::set<uint64_t> lens = {std::max(need, kPageSize)};
    if (op.len / 2 >= kPageSize) lens.insert(RoundDown(op.len / 2, kPageSize));
    for (uint64_t l : lens) {
      if (l >= op.len) continue;
      Op c = op;
      c.len = l;
      add("len=" + FormatSize(l), c);
    }
    // A mapping of a lower part of the file (page multiples: mmap needs them).
    for (uint64_t o : Smaller(op.off, 0, false)) {
      if (o % kPageSize) continue;
      Op c = op;
      c.off = o;
      add("off=" + FormatSize(o), c);
    }
    return out;
  }
  if (Uses(op.kind, kArgLen) && op.kind != OpKind::kMunmap) {
    for (uint64_t l : Smaller(op.len, 1, granular)) {
      Op c = op;
      c.len = l;
      add("len=" + FormatSize(l), c);
    }
  }
  if (Uses(op.kind, kArgOff)) {
    for (uint64_t o : Smaller(op.off, 0, granular)) {
      Op c = op;
      c.off = o;
      add("off=" + FormatSize(o), c);
    }
  }
  if (Uses(op.kind, kArgSize)) {
    for (uint64_t z : Smaller(op.size, 0, true)) {
      Op c = op;
      c.size = z;
      add("size=" + FormatSize(z), c);
    }
  }
  if (Uses(op.kind, kArgBuf)) {
    if (op.buf.kind == Buf::Kind::kSlot) {
      Op c = op;
      c.buf = Buf{};
      add("buf=heap", c);
    }
    for (uint64_t b : Smaller(op.buf.off, 0, !direct)) {
      Op c = op;
      c.buf.off = b;
      add("buffer offset " + FormatSize(b), c);
    }
  }
  return out;
}

namespace {

bool IsAuxMapping(const Op& op) {
  return op.kind == OpKind::kMmap && (static_cast<MapMode>(op.mode) == MapMode::kAuxShared ||
                                      static_cast<MapMode>(op.mode) == MapMode::kAuxPrivate);
}

// Ops whose off= is a file offset of the file under test.
bool HasFileOffset(const Op& op) {
  if (op.kind == OpKind::kMmap) return !IsAuxMapping(op);
  return Uses(op.kind, kArgOff) && !Uses(op.kind, kArgSlot);
}

}  // namespace

std::vector<Edit> ShiftFile(const Program& p) {
  std::vector<Edit> out;
  uint64_t low = UINT64_MAX;
  for (const Step& st : p.steps) {
    for (const Op& op : st.ops) {
      if (HasFileOffset(op)) low = std::min(low, op.off);
    }
  }
  if (low == UINT64_MAX) return out;
  std::set<uint64_t> deltas;
  for (uint64_t d : {RoundDown(low, kPageSize), RoundDown(low / 2, kPageSize)}) {
    if (d > 0) deltas.insert(d);
  }
  for (auto it = deltas.rbegin(); it != deltas.rend(); ++it) {  // the largest move first
    const uint64_t d = *it;
    auto down = [d](uint64_t v) { return v > d ? v - d : 0; };
    Program q = p;
    q.header.size = down(q.header.size);
    for (Step& st : q.steps) {
      for (Op& op : st.ops) {
        if (HasFileOffset(op)) op.off -= d;
        if (Uses(op.kind, kArgSize)) op.size = down(op.size);
      }
    }
    out.push_back({"every file offset lowered by " + FormatSize(d), std::move(q)});
  }
  return out;
}

std::vector<Edit> ShrinkHeader(const Program& p) {
  std::vector<Edit> out;
  for (uint64_t z : Smaller(p.header.size, 0, true)) {
    Program q = p;
    q.header.size = z;
    out.push_back({"file size=" + FormatSize(z), std::move(q)});
  }
  bool aux_mapped = false;
  for (const Step& st : p.steps) {
    for (const Op& op : st.ops) aux_mapped |= IsAuxMapping(op);
  }
  if (p.header.aux_size && !aux_mapped) {
    Program q = p;
    q.header.aux_size = 0;
    out.push_back({"no aux file", std::move(q)});
  } else {
    for (uint64_t z : Smaller(p.header.aux_size, 0, true)) {
      Program q = p;
      q.header.aux_size = z;
      out.push_back({"aux=" + FormatSize(z), std::move(q)});
    }
  }
  return out;
}

Program RenumberSlots(const Program& p) {
  std::array<int, kMaxSlots> to;
  to.fill(-1);
  int next = 0;
  for (const Step& st : p.steps) {
    for (const Op& op : st.ops) {
      if (op.kind == OpKind::kMmap && op.slot < kMaxSlots && to[op.slot] < 0) to[op.slot] = next++;
    }
  }
  // Slots used but never mapped keep a number of their own (the program is invalid anyway).
  for (int& t : to) {
    if (t < 0) t = next++;
  }
  Program q = p;
  for (Step& st : q.steps) {
    for (Op& op : st.ops) {
      if (Uses(op.kind, kArgSlot) && op.slot < kMaxSlots) op.slot = static_cast<uint8_t>(to[op.slot]);
      if (Uses(op.kind, kArgBuf) && op.buf.kind == Buf::Kind::kSlot && op.buf.slot < kMaxSlots) {
        op.buf.slot = static_cast<uint8_t>(to[op.buf.slot]);
      }
    }
  }
  return q;
}

}  // namespace fsfuzz
