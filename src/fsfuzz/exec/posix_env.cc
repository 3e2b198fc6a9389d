// The POSIX backend's environment probe (see posix_env.h).
#include "src/fsfuzz/exec/posix_env.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#ifndef STATX_DIOALIGN
#define STATX_DIOALIGN 0x00002000U
#endif

namespace fsfuzz {
namespace {

constexpr unsigned long kBcachefsMagic = 0xca451a4eUL;

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      int v = 0;
      bool ok = true;
      for (size_t j = 1; j <= 3; ++j) {
        char c = s[i + j];
        if (c < '0' || c > '7') ok = false;
        v = v * 8 + (c - '0');
      }
      if (ok) {
        out.push_back(static_cast<char>(v));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool IsPrefixDir(const std::string& mount, const std::string& path) {
  if (mount == "/") return true;
  if (path.compare(0, mount.size(), mount) != 0) return false;
  return path.size() == mount.size() || path[mount.size()] == '/';
}

}  // namespace

MountEntry FindMount(const std::string& path) {
  MountEntry best;
  char real[PATH_MAX];
  if (realpath(path.c_str(), real) == nullptr) return best;
  struct stat st;
  if (stat(real, &st) != 0) return best;
  const std::string want_dev =
      std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));

  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  bool best_dev_match = false;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::vector<std::string> f;
    std::string w;
    while (ls >> w) f.push_back(w);
    // id parent major:minor root mount_point options [optional...] - type source super
    size_t dash = 0;
    for (size_t i = 6; i < f.size(); ++i) {
      if (f[i] == "-") {
        dash = i;
        break;
      }
    }
    if (f.size() < 7 || dash == 0 || dash + 3 > f.size()) continue;
    std::string mp = Unescape(f[4]);
    if (!IsPrefixDir(mp, real)) continue;
    bool dev_match = f[2] == want_dev;
    // Prefer a mount of the same device (btrfs subvolumes report another st_dev, so a
    // longest-prefix match is the fallback); later lines overmount earlier ones.
    bool better = !best.found || (dev_match && !best_dev_match) ||
                  (dev_match == best_dev_match && mp.size() >= best.mount_point.size());
    if (!better) continue;
    best.found = true;
    best_dev_match = dev_match;
    best.mount_point = mp;
    best.fs_type = f[dash + 1];
    best.options = f[5];
    if (dash + 3 < f.size()) best.options += "," + f[dash + 3];
  }
  return best;
}

std::string FsName(const std::string& path) {
  struct statfs sfs;
  if (statfs(path.c_str(), &sfs) != 0) return "unknown";
  const auto type = static_cast<unsigned long>(sfs.f_type);
  switch (type) {
    case TMPFS_MAGIC: return "tmpfs";
    case XFS_SUPER_MAGIC: return "xfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case kBcachefsMagic: return "bcachefs";
    default: break;
  }
  // EXT4_SUPER_MAGIC is ext2/3/4 alike; the mount table names the driver.
  MountEntry m = FindMount(path);
  if (m.found && !m.fs_type.empty()) return m.fs_type;
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%lx", type);
  return hex;
}

Env ProbePosixEnv(const PosixProbeInput& in) {
  Env env;
  env.backend = "posix";
  env.fs = FsName(in.dir);
  MountEntry m = FindMount(in.dir);
  if (m.found) env.mount_options = m.options;

  struct utsname u;
  if (uname(&u) == 0) env.kernel = u.release;
  long page = sysconf(_SC_PAGESIZE);
  env.page_size = page > 0 ? static_cast<uint64_t>(page) : 4096;
  struct statfs sfs;
  if (statfs(in.dir.c_str(), &sfs) == 0) env.block_size = static_cast<uint64_t>(sfs.f_bsize);

  env.dio_supported = in.dio_open_ok;
  if (!in.dio_open_ok) {
    env.skipped.push_back(std::string("direct I/O: open(O_DIRECT) failed: ") +
                          std::strerror(in.dio_open_errno));
  }
  struct statx stx;
  std::memset(&stx, 0, sizeof stx);
  if (statx(in.dir_fd, in.data_name, AT_SYMLINK_NOFOLLOW, STATX_DIOALIGN, &stx) == 0 &&
      (stx.stx_mask & STATX_DIOALIGN) != 0) {
    env.dio_mem_align = stx.stx_dio_mem_align;
    env.dio_offset_align = stx.stx_dio_offset_align;
  }

  env.root = geteuid() == 0;
  if (!in.allow_drop_caches) {
    env.skipped.push_back("drop_caches: disabled by the caller");
  } else if (!env.root) {
    env.skipped.push_back("drop_caches: not root");
  } else if (access("/proc/sys/vm/drop_caches", W_OK) != 0) {
    env.skipped.push_back(std::string("drop_caches: /proc/sys/vm/drop_caches not writable: ") +
                          std::strerror(errno));
  } else {
    env.can_drop_caches = true;
  }
  env.can_remount = false;  // the backend sets it when a testbed gives a remount hook
  return env;
}

}  // namespace fsfuzz
