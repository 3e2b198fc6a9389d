// Safety rules for directories fsfuzz writes into: never a system directory (or a bind
// mount of one), never someone's non-empty directory, never through a symlink that
// leads out of the work dir.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

// Why `path` is a dangerous target ("/etc is a system directory"), or nullopt. The path
// is resolved (realpath of it, or of its nearest existing ancestor); it is refused when
// it is one of /, /proc, /sys, /dev, /boot, /etc, /usr, /bin, /sbin, /lib*, /home,
// /root, /var, /run, /tmp, /opt, /srv, /mnt, /media, ... or the same directory as one
// of them (a bind mount or a symlink to it).
std::optional<std::string> DangerousTarget(const std::string& path);

// All rules for a user-named directory (`--dir`): not dangerous; if it exists, a
// directory that is empty or carries our marker. A missing directory is accepted (the
// caller creates it and so owns it).
Status CheckTargetDir(const std::string& path);

// The path `path` resolves to must lie inside `work_dir` (both resolved with realpath;
// for a path that does not exist yet its parent is resolved). Refuses symlinks and ".."
// that lead outside.
Status CheckInside(const std::string& work_dir, const std::string& path);

// Opens WORK_DIR/REL walking one component at a time with O_NOFOLLOW, so no symlink
// anywhere below work_dir is followed (and ".." is refused). Returns the fd
// (O_CLOEXEC added) or an Io/Usage error naming the offending component.
Result<int> OpenUnder(const std::string& work_dir, const std::string& rel, int flags,
                      mode_t mode = 0600);

}  // namespace fsfuzz
