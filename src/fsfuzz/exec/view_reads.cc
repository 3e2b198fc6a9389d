// Names of the ways a check reads mappings (see view_reads.h).
#include "src/fsfuzz/exec/view_reads.h"

namespace fsfuzz {

bool ViewReadsFromName(std::string_view name, ViewReads* out) {
  if (name == "mapped") {
    *out = ViewReads::kMapped;
  } else if (name == "loads") {
    *out = ViewReads::kLoads;
  } else if (name == "kernel") {
    *out = ViewReads::kKernel;
  } else {
    return false;
  }
  return true;
}

std::string_view ViewReadsName(ViewReads v) {
  switch (v) {
    case ViewReads::kMapped: return "mapped";
    case ViewReads::kLoads: return "loads";
    case ViewReads::kKernel: return "kernel";
  }
  return "?";
}

}  // namespace fsfuzz
