// Stale work-dir cleanup (see cleanup.h).
#include "src/fsfuzz/testbed/cleanup.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "src/fsfuzz/testbed/loop_device.h"
#include "src/fsfuzz/testbed/mount.h"
#include "src/fsfuzz/testbed/mountinfo.h"
#include "src/fsfuzz/testbed/tracefs.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) out.push_back(e->d_name);
  }
  ::closedir(d);
  return out;
}

void CleanWorkDir(const std::string& dir, CleanupReport& r) {
  Result<std::vector<MountEntry>> mounts = ReadMountInfo();
  if (mounts.ok()) {
    for (const std::string& mp : MountsUnder(*mounts, dir)) {
      Status st = UnmountFs(mp, std::chrono::seconds(1), /*detach=*/true);
      if (st.ok()) {
        r.actions.push_back("umount " + mp);
      } else {
        r.errors.push_back(st.message());
      }
    }
  }
  for (int n : LoopsBackedUnder(dir)) {
    std::string dev = "/dev/loop" + std::to_string(n);
    int fd = ::open(dev.c_str(), O_RDWR | O_CLOEXEC);
    // The binding is checked again through our fd: the number may have changed hands.
    if (fd >= 0 && PathIsUnder(LoopBackingFile(n), dir)) {
      if (::ioctl(fd, LOOP_CLR_FD, 0) == 0 || errno == ENXIO) {
        r.actions.push_back("detach " + dev);
      } else {
        r.errors.push_back("detach " + dev + ": " + std::strerror(errno));
      }
    }
    if (fd >= 0) ::close(fd);
  }
  bool all_gone = true;
  for (const std::string& name : ListDir(dir)) {
    if (name == kMarkerName) continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;
    // Only what a testbed puts there: files (image) and empty dirs (mnt). A non-empty
    // directory would be a mount we could not remove: never recurse into it.
    int rc = S_ISDIR(st.st_mode) ? ::rmdir(path.c_str()) : ::unlink(path.c_str());
    if (rc != 0) {
      r.errors.push_back("remove " + path + ": " + std::strerror(errno));
      all_gone = false;
    }
  }
  if (!all_gone) {
    r.kept.push_back(dir + ": not empty after cleanup (marker kept)");
    return;
  }
  ::unlink((dir + "/" + kMarkerName).c_str());
  if (::rmdir(dir.c_str()) != 0) {
    r.errors.push_back("rmdir " + dir + ": " + std::strerror(errno));
    return;
  }
  r.removed.push_back(dir);
}

// Any tracefs mount will do (they all show the same instances), a dead run's private one
// included, which is why this runs before the work dirs are unmounted.
std::string AnyTracefs() {
  std::string found = FindTracefs();
  Result<std::vector<MountEntry>> mounts = ReadMountInfo();
  if (!found.empty() || !mounts.ok()) return found;
  for (const MountEntry& m : *mounts) {
    if (m.fs_type == "tracefs") return m.mount_point;
  }
  return "";
}

void CleanTraceInstances(CleanupReport& r) {
  std::string mount = AnyTracefs();
  if (mount.empty()) return;  // not mounted anywhere: nothing we could list
  const std::string instances = mount + "/instances";
  for (const std::string& name : ListDir(instances)) {
    if (name.rfind("fsfuzz-", 0) != 0) continue;
    char* end = nullptr;
    long pid = std::strtol(name.c_str() + 7, &end, 10);
    if (pid <= 0 || (*end != '\0' && *end != '-')) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive
    std::string path = instances + "/" + name;
    if (::rmdir(path.c_str()) == 0) {
      r.actions.push_back("rmdir " + path);
    } else if (errno != ENOENT && errno != ENODEV) {  // not gone already (a concurrent cleanup)
      r.errors.push_back("rmdir " + path + ": " + std::strerror(errno));
    }
  }
}

}  // namespace

std::string CleanupReport::ToString() const {
  std::string out;
  for (const std::string& a : actions) out += "done: " + a + "\n";
  for (const std::string& d : removed) out += "removed: " + d + "\n";
  for (const std::string& k : kept) out += "kept: " + k + "\n";
  for (const std::string& e : errors) out += "error: " + e + "\n";
  if (out.empty()) out = "nothing to clean\n";
  return out;
}

CleanupReport CleanupStale(const std::string& work_root) {
  CleanupReport r;
  char real[PATH_MAX];
  if (::realpath(work_root.c_str(), real) == nullptr) {
    r.errors.push_back("realpath " + work_root + ": " + std::strerror(errno));
    return r;
  }
  const std::string root = real;
  CleanTraceInstances(r);
  for (const std::string& name : ListDir(root)) {
    if (name.rfind(kWorkDirPrefix, 0) != 0) continue;
    const std::string dir = (root == "/" ? "" : root) + "/" + name;
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;  // no symlinks
    std::optional<MarkerInfo> marker = ReadMarker(dir);
    if (!marker) continue;  // not ours: not touched, not even reported
    if (OwnerAlive(*marker)) {
      r.kept.push_back(dir + ": owner pid " + std::to_string(marker->pid) + " is alive");
      continue;
    }
    CleanWorkDir(dir, r);
  }
  return r;
}

}  // namespace fsfuzz
