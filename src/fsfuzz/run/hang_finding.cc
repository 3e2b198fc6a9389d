// Hang findings (see hang_finding.h).
#include "src/fsfuzz/run/hang_finding.h"

#include <string>

#include "src/fsfuzz/prog/op_table.h"

namespace fsfuzz {

Finding MakeHangFinding(const HangReport& r, const Program* p, const Env& env) {
  Finding f;
  f.cls = FindingClass::kHang;
  f.fs = env.variant.empty() || env.variant == "dir" ? env.fs : env.variant;
  std::string kind = "?";
  if (p != nullptr && r.op_id) {
    uint32_t k = 0;
    for (const Step& s : p->steps) {
      for (const Op& op : s.ops) {
        if (++k != r.op_id) continue;
        kind = std::string(Info(op.kind).name);
        if (Uses(op.kind, kArgBuf) && op.buf.kind == Buf::Kind::kSlot) kind += "(buf=map)";
      }
    }
  }
  f.op_kinds = {kind};
  f.title = "INFO: task hung in " + kind + " on " + f.fs;
  f.step = static_cast<int64_t>(r.step);
  f.op_id = r.op_id;
  f.detail = "op #" + std::to_string(r.op_id) + " (" + kind + ") on thread " + std::to_string(r.thread) +
             " did not finish within " + std::to_string(r.elapsed.count()) + " ms.\n" + r.stacks;
  f.evidence = {{"elapsed_ms", r.elapsed.count()}, {"thread", r.thread}, {"stacks", r.stacks}};
  return f;
}

}  // namespace fsfuzz
