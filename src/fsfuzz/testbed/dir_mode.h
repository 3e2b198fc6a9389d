// Directory mode (`--dir DIR`, no root; OSS-Fuzz-style machines where only /tmp is
// writable and /dev is missing): a user-named directory, checked by the safety rules,
// with the Env probed in it and every root-only feature listed as skipped.
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

struct DirTarget {
  std::string dir;     // the resolved directory the executor works in
  bool created = false;  // we made it (and so may remove it)
  Env env;
};

// Validates DIR (not a system directory, empty or ours, no symlink leading out), creates
// it (mode 0700) when missing, puts our marker in it, and probes the Env (variant "dir").
// Usage error when a safety rule refuses it.
Result<DirTarget> OpenDirMode(const std::string& dir);

}  // namespace fsfuzz
