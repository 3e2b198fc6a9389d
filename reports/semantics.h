// Semantics filesystems legitimately differ on (DESIGN.md, "The oracle"): what a report
// shows for each filesystem, and the words it uses for each value.
#pragma once

#include <optional>
#include <string>

#include "reports/summary.h"

namespace fsfuzz::reports {

// The run's observed semantics when the summary has them; else the probed facts of the
// environment, with collision EIO from the collision signals (yes when any was counted).
Semantics EffectiveSemantics(const FsResult& fs);

// Short cell texts, ASCII: "snapshot", "forward", "EINVAL", "buffered fallback", "yes".
std::string OverlapLabel(const std::string& v);
std::string MisalignedLabel(const std::string& v);
std::string CollisionLabel(const std::optional<bool>& v);

// One sentence per column explaining the values, for the notes under the table.
extern const char* const kOverlapHelp;
extern const char* const kMisalignedHelp;
extern const char* const kCollisionHelp;

}  // namespace fsfuzz::reports
