// Directory mode setup (see dir_mode.h).
#include "src/fsfuzz/testbed/dir_mode.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "src/fsfuzz/testbed/probe.h"
#include "src/fsfuzz/testbed/safety.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {

Result<DirTarget> OpenDirMode(const std::string& dir) {
  Status st = CheckTargetDir(dir);
  if (!st.ok()) return st;
  DirTarget t;
  if (::mkdir(dir.c_str(), 0700) == 0) {
    t.created = true;
  } else if (errno != EEXIST) {
    return Status::FromErrno("mkdir " + dir, errno);
  }
  char real[PATH_MAX];
  if (::realpath(dir.c_str(), real) == nullptr) return Status::FromErrno("realpath " + dir, errno);
  t.dir = real;
  // Checked again on the resolved path: a symlink swapped in between must not win.
  st = CheckTargetDir(t.dir);
  if (!st.ok()) return st;
  st = WriteMarker(t.dir, "dir");
  if (!st.ok()) return st;
  ProbeOptions po;
  po.variant = "dir";
  po.dir_mode = true;
  po.can_remount = false;
  Result<Env> env = ProbeEnv(t.dir, po);
  if (!env.ok()) return env.status();
  t.env = std::move(*env);
  return t;
}

}  // namespace fsfuzz
