// The simulated backend's switchable bugs: one table (name, description) that drives the
// enum, name lookup and the --help list. Each bug is observable by a short program.
#pragma once

#include <cstdint>
#include <set>
#include <string_view>

namespace fsfuzz {

//  X(Id, name, description)
#define FSFUZZ_SIM_BUGS(X)                                                                    \
  X(StalePage, "stale-page", "an O_DIRECT write does not invalidate cached pages of its range") \
  X(LostWrite, "lost-write",                                                                  \
    "a buffered write into a page mapped by a slot reports success but is dropped")           \
  X(ExtendNoZero, "extend-no-zero",                                                           \
    "shrinking keeps the bytes past the new EOF and extending re-exposes them (also junk "   \
    "stored past EOF through a mapping)")                                                      \
  X(TornWrite, "torn-write",                                                                  \
    "a write of more than one page writes only its first half but returns the full length")   \
  X(MissingSigbus, "missing-sigbus",                                                          \
    "loads, stores and read/write copies on pages wholly past EOF do not fault: loads read "  \
    "zeros, stores vanish")                                                                    \
  X(WrongSize, "wrong-size", "an extending write sets st_size to its end rounded up to 4K")    \
  X(DioMapHang, "dio-map-hang",                                                               \
    "an O_DIRECT read or write whose buffer maps the same file blocks until released")        \
  X(SpuriousSigbus, "spurious-sigbus",                                                        \
    "a load through a mapping of the last page below EOF takes SIGBUS")                       \
  X(DioEinval, "dio-einval", "an aligned O_DIRECT write that extends the file fails with EINVAL") \
  X(EvictDropsDirty, "evict-drops-dirty", "evict discards dirty cached pages without writing them back")

enum class SimBug : uint8_t {
#define FSFUZZ_X(id, name, desc) k##id,
  FSFUZZ_SIM_BUGS(FSFUZZ_X)
#undef FSFUZZ_X
};

inline constexpr int kNumSimBugs = 0
#define FSFUZZ_X(id, name, desc) +1
    FSFUZZ_SIM_BUGS(FSFUZZ_X)
#undef FSFUZZ_X
    ;

struct SimBugInfo {
  SimBug bug;
  std::string_view name;
  std::string_view description;
};

// Every bug, in table order (for --help and for tests that try them all).
const SimBugInfo* SimBugTable();  // kNumSimBugs entries
std::string_view SimBugName(SimBug b);
// Returns false when no bug has that name.
bool SimBugFromName(std::string_view name, SimBug* out);

using SimBugSet = std::set<SimBug>;

}  // namespace fsfuzz
