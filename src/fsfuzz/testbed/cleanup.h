// `fsfuzz cleanup`: removes what killed runs left behind (mounts, loop devices, images,
// work dirs, tracefs instances), recognised by our marker and a dead owner, nothing else.
#pragma once

#include <string>
#include <vector>

namespace fsfuzz {

struct CleanupReport {
  std::vector<std::string> actions;  // "umount /tmp/fsfuzz-ab12/mnt", "detach /dev/loop3", ...
  std::vector<std::string> removed;  // work dirs removed
  std::vector<std::string> kept;     // "… : owner pid 123 is alive"
  std::vector<std::string> errors;   // what could not be undone, and why
  bool ok() const { return errors.empty(); }
  std::string ToString() const;      // one line per item, for printing
};

// Looks at WORK_ROOT/fsfuzz-* directories (not following symlinks). One that carries
// our marker and whose owner (pid + start time) is gone is cleaned: everything mounted
// inside it unmounted (from /proc/self/mountinfo, deepest first), loop devices whose
// backing file is inside it detached (/sys/block/loopN/loop/backing_file), its files
// removed, the marker last, then the directory. Directories without our marker are not
// touched. Also removes tracefs instances named fsfuzz-PID whose PID is dead.
CleanupReport CleanupStale(const std::string& work_root);

}  // namespace fsfuzz
