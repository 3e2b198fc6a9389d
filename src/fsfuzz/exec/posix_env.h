// Probes the Env of a directory on a real filesystem: fs type, kernel, sizes, DIO
// alignment, privileges, and what will be skipped there.
#pragma once

#include <string>

#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

// The mount that holds `path`, from /proc/self/mountinfo.
struct MountEntry {
  std::string mount_point;
  std::string fs_type;       // as mountinfo names it (ext4, ext3, xfs, ...)
  std::string options;       // per-mount options, then the superblock's
  bool found = false;
};
MountEntry FindMount(const std::string& path);

// The filesystem name of `path`: from statfs f_type for the types fsfuzz knows, from
// mountinfo otherwise (and for the ext2/3/4 magic they share). "unknown" on failure.
std::string FsName(const std::string& path);

struct PosixProbeInput {
  std::string dir;            // the directory under test
  int dir_fd = -1;            // open on dir
  const char* data_name = ""; // the data file inside dir (exists)
  bool dio_open_ok = true;    // whether open(O_DIRECT) worked
  int dio_open_errno = 0;
  bool allow_drop_caches = true;
};

// Fills everything the backend can know without running ops (can_remount is set later,
// from the presence of a remount hook).
Env ProbePosixEnv(const PosixProbeInput& in);

}  // namespace fsfuzz
