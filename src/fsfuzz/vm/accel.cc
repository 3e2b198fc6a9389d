// /dev/kvm probe and the broken-KVM marker file.
#include "src/fsfuzz/vm/accel.h"

#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "src/fsfuzz/vm/file_util.h"

namespace fsfuzz::vm {

std::string KvmMarkerPath(const std::string& cache_dir) {
  utsname u;
  uname(&u);
  return cache_dir + "/kvm-broken-" + u.release;
}

bool KvmWorthTrying(const std::string& cache_dir) {
  int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  close(fd);
  return !PathExists(KvmMarkerPath(cache_dir));
}

void MarkKvmBroken(const std::string& cache_dir, const std::string& why) {
  if (MakeDirs(cache_dir).ok()) (void)WriteFile(KvmMarkerPath(cache_dir), why + "\n");
}

}  // namespace fsfuzz::vm
