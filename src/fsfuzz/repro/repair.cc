// Program repair after an edit (see repair.h).
#include "src/fsfuzz/repro/repair.h"

namespace fsfuzz {

Program Repair(const Program& p) {
  Program out;
  out.header = p.header;
  Slots slots;
  for (const Step& st : p.steps) {
    Step kept;
    kept.round = st.round;
    for (const Op& op : st.ops) {
      if (ValidateOp(op, slots, st.round)) continue;
      kept.ops.push_back(op);
    }
    // A sequential step holds one op; a round keeps whatever survived (even one op: the
    // minimizer's thread pass decides whether it may become sequential).
    if (kept.ops.empty()) continue;
    if (!kept.round) {
      for (const Op& op : kept.ops) ApplyToSlots(op, slots);
    }
    out.steps.push_back(std::move(kept));
  }
  return out;
}

}  // namespace fsfuzz
