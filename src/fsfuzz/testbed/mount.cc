// Mount helpers (see mount.h).
#include "src/fsfuzz/testbed/mount.h"

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <thread>

namespace fsfuzz {
namespace {

struct FlagWord {
  const char* word;
  unsigned long flag;
};

constexpr FlagWord kFlagWords[] = {
    {"ro", MS_RDONLY},       {"nosuid", MS_NOSUID},     {"nodev", MS_NODEV},
    {"noexec", MS_NOEXEC},   {"sync", MS_SYNCHRONOUS},  {"dirsync", MS_DIRSYNC},
    {"noatime", MS_NOATIME}, {"nodiratime", MS_NODIRATIME}, {"relatime", MS_RELATIME},
    {"strictatime", MS_STRICTATIME}, {"lazytime", MS_LAZYTIME},
};

}  // namespace

void SplitMountOptions(const std::string& options, unsigned long* flags, std::string* data) {
  *flags = 0;
  data->clear();
  std::stringstream ss(options);
  std::string opt;
  while (std::getline(ss, opt, ',')) {
    if (opt.empty() || opt == "rw") continue;
    bool is_flag = false;
    for (const FlagWord& f : kFlagWords) {
      if (opt == f.word) {
        *flags |= f.flag;
        is_flag = true;
      }
    }
    if (is_flag) continue;
    if (!data->empty()) *data += ',';
    *data += opt;
  }
}

Status MountFs(const MountSpec& spec) {
  unsigned long flags = 0;
  std::string data;
  SplitMountOptions(spec.options, &flags, &data);
  flags |= MS_NOSUID | MS_NODEV;
  if (::mount(spec.source.c_str(), spec.target.c_str(), spec.type.c_str(), flags,
              data.empty() ? nullptr : data.c_str()) != 0) {
    int e = errno;
    return Status::Environment("mount -t " + spec.type + " " + spec.source + " " + spec.target +
                               (data.empty() ? "" : " -o " + data) + ": " + std::strerror(e));
  }
  return Status::Ok();
}

Status RemountInPlace(const MountSpec& spec) {
  unsigned long flags = 0;
  std::string data;
  SplitMountOptions(spec.options, &flags, &data);
  flags |= MS_NOSUID | MS_NODEV | MS_REMOUNT;
  if (::mount(spec.source.c_str(), spec.target.c_str(), spec.type.c_str(), flags,
              data.empty() ? nullptr : data.c_str()) != 0) {
    return Status::FromErrno("remount " + spec.target, errno);
  }
  return Status::Ok();
}

Status UnmountFs(const std::string& target, std::chrono::milliseconds busy_wait, bool detach) {
  const auto deadline = std::chrono::steady_clock::now() + busy_wait;
  while (true) {
    if (::umount2(target.c_str(), UMOUNT_NOFOLLOW) == 0) return Status::Ok();
    int e = errno;
    if (e == EINVAL || e == ENOENT) return Status::Ok();  // not (or no longer) mounted
    if (e != EBUSY) return Status::FromErrno("umount " + target, e);
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!detach) return Status::Io("umount " + target + ": still busy (files open?)");
  if (::umount2(target.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0 && errno != EINVAL) {
    return Status::FromErrno("umount -l " + target, errno);
  }
  return Status::Ok();
}

}  // namespace fsfuzz
