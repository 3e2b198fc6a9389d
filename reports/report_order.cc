// Report orderings (see report_order.h).
#include "reports/report_order.h"

#include <algorithm>
#include <set>

namespace fsfuzz::reports {

std::vector<const FsResult*> FilesystemsWithFigures(const Summary& s) {
  std::vector<const FsResult*> out;
  for (const FsResult& f : s.filesystems) {
    if (f.ran()) out.push_back(&f);
  }
  return out;
}

std::vector<std::string> OpKindsOf(const Summary& s) {
  std::vector<std::string> out;
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    for (const OpKindStats& o : f->op_kinds) {
      if (std::find(out.begin(), out.end(), o.op) == out.end()) out.push_back(o.op);
    }
  }
  return out;
}

std::vector<std::string> SignalsOf(const Summary& s) {
  std::set<std::string> names;
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    for (const auto& [name, count] : f->signals) names.insert(name);
  }
  return {names.begin(), names.end()};
}

std::vector<FindingClass> AllClasses() {
  return {
#define FSFUZZ_X(id, name, help) FindingClass::id,
      FSFUZZ_FINDING_CLASSES(FSFUZZ_X)
#undef FSFUZZ_X
  };
}

std::vector<FindingClass> ClassesFound(const Summary& s) {
  std::vector<FindingClass> out;
  for (FindingClass c : AllClasses()) {
    for (const FsResult* f : FilesystemsWithFigures(s)) {
      const FindingStats* st = f->Findings(c);
      if (st != nullptr && st->count > 0) {
        out.push_back(c);
        break;
      }
    }
  }
  return out;
}

const OpKindStats* OpKind(const FsResult& fs, const std::string& op) {
  for (const OpKindStats& o : fs.op_kinds) {
    if (o.op == op) return &o;
  }
  return nullptr;
}

}  // namespace fsfuzz::reports
