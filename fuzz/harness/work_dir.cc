// Work dir creation, stale sweep and removal (see work_dir.h).
#include "fuzz/harness/work_dir.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "src/fsfuzz/testbed/cleanup.h"
#include "src/fsfuzz/testbed/workdir.h"

// Present when a sanitizer runtime is linked: lets us clean up before it exits on an error.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace fsfuzz::fuzz {
namespace {

// Fixed storage so the crash path needs no allocation.
char g_dir[PATH_MAX];
pid_t g_owner = 0;

void RemoveAtExit() { RemoveWorkDir(); }

}  // namespace

Result<std::string> OpenWorkDir(const std::string& base) {
  if (g_dir[0] != '\0' && g_owner == ::getpid()) return std::string(g_dir);
  const std::string root = base + "/fsfuzz-fuzz.d";
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) return Status::FromErrno("mkdir " + root, errno);
  struct stat st;
  if (::lstat(root.c_str(), &st) != 0) return Status::FromErrno("stat " + root, errno);
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) {
    return Status::Usage("refusing " + root + ": not a directory of ours (a symlink or another user's)");
  }
  // Work dirs of runs that crashed or were killed (engines do both) go first.
  CleanupStale(root);
  Result<std::string> dir = MakeWorkDir(root, "fuzz");
  if (!dir.ok()) return dir.status();
  if (dir->size() >= sizeof g_dir) return Status::Usage("work dir path too long: " + *dir);
  std::strcpy(g_dir, dir->c_str());
  g_owner = ::getpid();
  static bool registered = false;
  if (!registered) {
    registered = true;
    std::atexit(RemoveAtExit);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(RemoveAtExit);
  }
  return *dir;
}

void RemoveWorkDir() {
  // A forked child (AFL's forkserver before our first input never gets here) does not
  // own the parent's directory.
  if (g_dir[0] == '\0' || g_owner != ::getpid()) return;
  if (DIR* d = ::opendir(g_dir)) {
    char path[PATH_MAX + 256];
    while (dirent* e = ::readdir(d)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      if (std::strcmp(e->d_name, kMarkerName) == 0) continue;  // last: it says the dir is ours
      std::snprintf(path, sizeof path, "%s/%s", g_dir, e->d_name);
      ::unlink(path);
    }
    ::closedir(d);
  }
  char marker[PATH_MAX + 64];
  std::snprintf(marker, sizeof marker, "%s/%s", g_dir, kMarkerName);
  ::unlink(marker);
  ::rmdir(g_dir);
  // The shared parent goes too when no other run has a work dir in it.
  if (char* slash = std::strrchr(g_dir, '/')) {
    *slash = '\0';
    ::rmdir(g_dir);
  }
  g_dir[0] = '\0';
}

}  // namespace fsfuzz::fuzz
