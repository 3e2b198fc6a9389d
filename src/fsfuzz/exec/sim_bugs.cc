// The simulated bug table (see sim_bugs.h).
#include "src/fsfuzz/exec/sim_bugs.h"

namespace fsfuzz {
namespace {

constexpr SimBugInfo kTable[] = {
#define FSFUZZ_X(id, name, desc) {SimBug::k##id, name, desc},
    FSFUZZ_SIM_BUGS(FSFUZZ_X)
#undef FSFUZZ_X
};
static_assert(sizeof kTable / sizeof kTable[0] == kNumSimBugs);

}  // namespace

const SimBugInfo* SimBugTable() { return kTable; }

std::string_view SimBugName(SimBug b) { return kTable[static_cast<size_t>(b)].name; }

bool SimBugFromName(std::string_view name, SimBug* out) {
  for (const SimBugInfo& i : kTable) {
    if (i.name == name) {
      *out = i.bug;
      return true;
    }
  }
  return false;
}

}  // namespace fsfuzz
