// Helpers shared by the testbed tests: a scratch work root per test, and checks that
// nothing of ours (mounts, loop devices, work dirs) is left behind.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "src/fsfuzz/testbed/loop_device.h"
#include "src/fsfuzz/testbed/mountinfo.h"

namespace fsfuzz {
namespace testing_util {

// mkdtemp("/tmp/tbtest-XXXXXX"), removed (if empty) at the end. Not named fsfuzz-* so
// cleanup never mistakes it for a work dir.
// Every scratch root this process made, for the end-of-suite leak check.
inline std::vector<std::string>& ScratchRoots() {
  static std::vector<std::string> roots;
  return roots;
}

class ScratchRoot {
 public:
  ScratchRoot() {
    char tmpl[] = "/tmp/tbtest-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
    if (!path_.empty()) ScratchRoots().push_back(path_);
  }
  ~ScratchRoot() {
    if (!path_.empty()) ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

inline bool MountedUnder(const std::string& dir) {
  Result<std::vector<MountEntry>> m = ReadMountInfo();
  return m.ok() && !MountsUnder(*m, dir).empty();
}

inline bool LoopsUnder(const std::string& dir) { return !LoopsBackedUnder(dir).empty(); }

// Polls `pred` until true or `timeout` (teardown that the kernel finishes after a
// process exit is not instantaneous).
inline bool WaitFor(const std::function<bool()>& pred,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

inline bool IsRoot() { return ::geteuid() == 0; }

}  // namespace testing_util
}  // namespace fsfuzz
