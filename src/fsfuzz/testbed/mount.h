// mount(2) and umount2(2) with the testbed's conventions: option strings split into
// MS_* flags and filesystem data, and unmounts that wait out a brief EBUSY.
#pragma once

#include <chrono>
#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

struct MountSpec {
  std::string source;   // "/dev/loop7", or "tmpfs"
  std::string target;   // absolute directory
  std::string type;     // "ext4"
  std::string options;  // "noatime,dioread_nolock": flag words become MS_* flags
};

// Splits `options` into MS_* flags (ro, noatime, nosuid, ...) and the remaining
// filesystem-specific data string.
void SplitMountOptions(const std::string& options, unsigned long* flags, std::string* data);

// mount(2) with MS_NOSUID|MS_NODEV added (a fuzzing scratch filesystem needs neither).
// Failure is an Environment error: the filesystem cannot be had here.
Status MountFs(const MountSpec& spec);

// MS_REMOUNT with the same options (keeps contents; tmpfs would lose them to umount).
Status RemountInPlace(const MountSpec& spec);

// umount2(target): retries while EBUSY for up to `busy_wait`, then, if `detach` is set,
// MNT_DETACH (the mount leaves the namespace; the filesystem goes when its last file
// closes). Not mounted is success.
Status UnmountFs(const std::string& target,
                 std::chrono::milliseconds busy_wait = std::chrono::seconds(2),
                 bool detach = true);

}  // namespace fsfuzz
