// Env assembly for a directory (see probe.h).
#include "src/fsfuzz/testbed/probe.h"

#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/dio_probe.h"
#include "src/fsfuzz/testbed/fs_magic.h"
#include "src/fsfuzz/testbed/mountinfo.h"

namespace fsfuzz {
namespace {

std::string Errno(int e) { return std::strerror(e); }

void AddSkips(Env& env, const ProbeOptions& o) {
  if (!env.root) {
    env.skipped.push_back("drop_caches: not root (evict uses fadvise DONTNEED only)");
  } else if (::access("/proc/sys/vm/drop_caches", W_OK) != 0) {
    env.skipped.push_back("drop_caches: /proc/sys/vm/drop_caches not writable (" +
                          Errno(errno) + ")");
  }
  if (!env.can_remount) {
    env.skipped.push_back(o.dir_mode ? "remount: --dir mode does not own the mount"
                                     : "remount: not root or not our mount");
  }
  int kmsg = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (kmsg < 0) {
    env.skipped.push_back("kernel log: /dev/kmsg not readable (" + Errno(errno) + ")");
  } else {
    ::close(kmsg);
  }
  if (!env.root) {
    env.skipped.push_back("tracefs: not root");
  } else if (!KernelHasFilesystem("tracefs")) {
    env.skipped.push_back("tracefs: not in this kernel");
  }
}

}  // namespace

std::string KernelRelease() {
  utsname u;
  return ::uname(&u) == 0 ? u.release : "unknown";
}

Result<Env> ProbeEnv(const std::string& dir, const ProbeOptions& options) {
  Env env;
  env.backend = "posix";
  env.variant = options.variant;
  env.kernel = KernelRelease();
  env.page_size = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  env.root = ::geteuid() == 0;

  struct statfs sfs;
  if (::statfs(dir.c_str(), &sfs) != 0) return Status::FromErrno("statfs " + dir, errno);
  env.fs = FsNameFromMagic(static_cast<uint32_t>(sfs.f_type));
  env.block_size = static_cast<uint64_t>(sfs.f_bsize);
  char real[PATH_MAX];
  if (::realpath(dir.c_str(), real) != nullptr) {
    Result<std::vector<MountEntry>> mounts = ReadMountInfo();
    if (mounts.ok()) {
      if (const MountEntry* m = FindMountFor(*mounts, real)) {
        env.mount_options = m->AllOptions();
        // mountinfo names ext2/3/4 apart, statfs cannot; trust it when the magic agrees.
        if (FsNameFromMagic(static_cast<uint32_t>(sfs.f_type)) == "ext4" ||
            m->fs_type == env.fs) {
          env.fs = m->fs_type;
        }
      }
    }
  }
  env.can_remount = options.can_remount && env.root;
  env.can_drop_caches = env.root && ::access("/proc/sys/vm/drop_caches", W_OK) == 0;

  if (options.measure_dio) {
    Result<DioFacts> dio = ProbeDio(dir, env.block_size);
    if (!dio.ok()) return dio.status();
    env.dio_supported = dio->supported;
    env.dio_mem_align = dio->mem_align;
    env.dio_offset_align = dio->offset_align;
    env.misaligned_dio = dio->misaligned;
    env.overlap_dwrite = dio->overlap;
    if (!dio->supported) env.skipped.push_back("O_DIRECT: " + dio->note);
  }
  AddSkips(env, options);
  return env;
}

}  // namespace fsfuzz
