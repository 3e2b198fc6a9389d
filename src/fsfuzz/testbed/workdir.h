// Work directories and their marker file: how fsfuzz recognises what it made (and only
// that), and whether the process that made it is still alive.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

inline constexpr char kMarkerName[] = ".fsfuzz-workdir";
inline constexpr char kWorkDirPrefix[] = "fsfuzz-";

struct MarkerInfo {
  pid_t pid = 0;
  uint64_t start_time = 0;  // the owner's start time in clock ticks since boot (proc(5))
  std::string kind;         // "testbed" | "dir"
};

// Clock ticks since boot at which `pid` started (field 22 of /proc/PID/stat); 0 when
// the process does not exist. With the pid it names a process across pid reuse.
uint64_t ProcessStartTime(pid_t pid);

// True when the process the marker names is running (same pid and start time).
bool OwnerAlive(const MarkerInfo& m);

// Writes DIR/.fsfuzz-workdir naming this process (O_EXCL|O_NOFOLLOW; replaces ours).
Status WriteMarker(const std::string& dir, const std::string& kind);

// Reads DIR/.fsfuzz-workdir without following symlinks; nullopt when absent or not ours.
std::optional<MarkerInfo> ReadMarker(const std::string& dir);

// Creates WORK_ROOT/fsfuzz-XXXXXX (mode 0700) with a marker inside; returns its path.
Result<std::string> MakeWorkDir(const std::string& work_root, const std::string& kind);

}  // namespace fsfuzz
