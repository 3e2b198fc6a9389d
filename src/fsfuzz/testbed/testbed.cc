// Testbed setup, remount and teardown (see testbed.h).
#include "src/fsfuzz/testbed/testbed.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/kmsg.h"
#include "src/fsfuzz/testbed/probe.h"
#include "src/fsfuzz/testbed/process.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

constexpr auto kMkfsTimeout = std::chrono::minutes(5);

Status MakeSparseImage(const std::string& path, uint64_t bytes) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno("create " + path, errno);
  Status st;
  if (::ftruncate(fd, static_cast<off_t>(bytes)) != 0) st = Status::FromErrno("truncate " + path, errno);
  ::close(fd);
  return st;
}

// Kernel lines logged while a mount failed usually say why ("F2FS-fs (loop3): ...").
std::string KernelHint(KmsgTail& tail, const std::string& device, const std::string& type) {
  std::string dev = device.substr(device.rfind('/') + 1);
  std::string hint;
  for (const std::string& line : tail.ReadNew()) {
    if (line.find(dev) == std::string::npos && line.find(type) == std::string::npos) continue;
    hint = line;  // the last one is usually the verdict
  }
  return hint.empty() ? "" : "; kernel: " + hint;
}

}  // namespace

Testbed::Testbed(const Variant& v, std::string work_dir)
    : variant_(v),
      work_dir_(std::move(work_dir)),
      mount_dir_(work_dir_ + "/mnt"),
      marker_(work_dir_ + "/" + kMarkerName) {}

Result<std::unique_ptr<Testbed>> Testbed::Create(const Variant& variant,
                                                 const TestbedOptions& options) {
  if (std::optional<std::string> why = SkipReason(variant)) return Status::Environment(*why);
  Result<std::string> work = MakeWorkDir(options.work_root, "testbed");
  if (!work.ok()) return work.status();
  std::unique_ptr<Testbed> tb(new Testbed(variant, *work));
  if (variant.loop) tb->image_ = tb->work_dir_ + "/image";
  // Everything teardown needs is fixed now, before anything exists to undo.
  std::vector<TeardownAction> actions = {
      {TeardownOp::kUmount, tb->mount_dir_}, {TeardownOp::kLoopClear, ""},
      {TeardownOp::kRmdir, tb->mount_dir_},  {TeardownOp::kMarker, tb->marker_},
      {TeardownOp::kRmdir, tb->work_dir_},
  };
  if (variant.loop) actions.insert(actions.begin() + 2, {TeardownOp::kUnlink, tb->image_});
  tb->handle_ = RegisterTeardown(actions);
  if (!tb->handle_.valid()) {
    ::unlink(tb->marker_.c_str());
    ::rmdir(tb->work_dir_.c_str());
    tb->torn_down_ = true;
    return Status::Internal("teardown registry full or path too long: " + tb->work_dir_);
  }
  Status st = tb->Build(options);
  if (!st.ok()) {
    Status td = tb->Teardown();
    if (!td.ok()) std::fprintf(stderr, "fsfuzz: teardown after failed setup: %s\n", td.ToString().c_str());
    return st;
  }
  return tb;
}

MountSpec Testbed::Spec() const {
  return MountSpec{variant_.loop ? loop_path_ : "tmpfs", mount_dir_, std::string(variant_.fs_type),
                   mount_options_};
}

Status Testbed::Build(const TestbedOptions& options) {
  if (::mkdir(mount_dir_.c_str(), 0700) != 0) return Status::FromErrno("mkdir " + mount_dir_, errno);
  uint64_t mib = options.image_mib;
  if (mib < variant_.min_image_mib) mib = variant_.min_image_mib;
  mount_options_ = std::string(variant_.mount_options);
  if (variant_.loop) {
    Status st = MakeSparseImage(image_, mib << 20);
    if (!st.ok()) return st;
    LoopOptions lo;
    lo.sector_size = options.loop_sector != 0 ? options.loop_sector : variant_.loop_sector;
    lo.direct_io = options.loop_direct_io;
    Result<LoopDevice> loop = LoopDevice::Attach(image_, lo);
    if (!loop.ok()) return loop.status();
    loop_ = std::move(*loop);
    loop_path_ = loop_.path();
    loop_direct_io_ = loop_.direct_io();
    SetTeardownFd(handle_, loop_.fd());

    std::vector<std::string> argv = {std::string(variant_.mkfs)};
    for (std::string& a : SplitArgs(variant_.mkfs_args)) argv.push_back(std::move(a));
    argv.push_back(loop_path_);
    Result<CommandResult> mkfs = RunCommand(argv, kMkfsTimeout);
    if (!mkfs.ok()) return mkfs.status();
    if (!mkfs->ok()) return Status::Environment(mkfs->Describe(argv[0] + " " + loop_path_));
  } else {
    mount_options_ = "size=" + std::to_string(mib) + "m" +
                     (mount_options_.empty() ? "" : "," + mount_options_);
  }

  KmsgTail tail;  // opened before the mount: what the kernel says about a refusal
  Status st = MountFs(Spec());
  if (!st.ok()) {
    return Status::Environment(st.message() + KernelHint(tail, loop_path_, std::string(variant_.fs_type)));
  }
  mounted_ = true;
  if (variant_.loop) {
    // From here the mount holds the device; autoclear detaches it after the last umount,
    // even if we die without running any teardown.
    SetTeardownFd(handle_, -1);
    loop_.CloseFd();
  }
  dir_ = mount_dir_ + "/" + options.subdir;
  if (::mkdir(dir_.c_str(), 0700) != 0) return Status::FromErrno("mkdir " + dir_, errno);
  if (options.probe) {
    ProbeOptions po;
    po.variant = std::string(variant_.name);
    po.can_remount = true;
    Result<Env> env = ProbeEnv(dir_, po);
    if (!env.ok()) return env.status();
    env_ = std::move(*env);
  } else {
    env_.variant = std::string(variant_.name);
    env_.fs = std::string(variant_.fs_type);
    env_.root = true;
    env_.can_remount = true;
  }
  return Status::Ok();
}

Status Testbed::Remount() {
  if (torn_down_) return Status::Internal("remount of a torn-down testbed");
  if (!variant_.loop) return RemountInPlace(Spec());
  Status st = loop_.Reopen();  // an opener of our own keeps autoclear away
  if (!st.ok()) return st;
  SetTeardownFd(handle_, loop_.fd());
  st = UnmountFs(mount_dir_, std::chrono::seconds(2), /*detach=*/false);
  if (st.ok()) {
    mounted_ = false;
    st = MountFs(Spec());
    if (st.ok()) mounted_ = true;
  }
  SetTeardownFd(handle_, -1);
  if (mounted_) loop_.CloseFd();  // unmounted: keep it; Teardown detaches explicitly
  return st;
}

Status Testbed::Teardown() {
  if (torn_down_) return Status::Ok();
  torn_down_ = true;
  // A signal handler or TeardownAll() got here first: nothing is left to do.
  if (!TeardownArmed(handle_)) {
    UnregisterTeardown(handle_);
    return Status::Ok();
  }
  Status first;
  auto note = [&first](const Status& s) {
    if (first.ok() && !s.ok()) first = s;
  };
  note(UnmountFs(mount_dir_));
  mounted_ = false;
  SetTeardownFd(handle_, -1);
  note(loop_.Detach());
  loop_.CloseFd();
  if (!image_.empty() && ::unlink(image_.c_str()) != 0 && errno != ENOENT) {
    note(Status::FromErrno("unlink " + image_, errno));
  }
  bool dirs_ok = ::rmdir(mount_dir_.c_str()) == 0 || errno == ENOENT;
  if (!dirs_ok) note(Status::FromErrno("rmdir " + mount_dir_, errno));
  // The marker goes last, so a work dir we could not empty stays visible to cleanup.
  if (dirs_ok) {
    ::unlink(marker_.c_str());
    if (::rmdir(work_dir_.c_str()) != 0 && errno != ENOENT) {
      note(Status::FromErrno("rmdir " + work_dir_, errno));
    }
  }
  UnregisterTeardown(handle_);
  return first;
}

Testbed::~Testbed() {
  Status st = Teardown();
  if (!st.ok()) std::fprintf(stderr, "fsfuzz: testbed teardown: %s\n", st.ToString().c_str());
}

Status DropCaches() {
  ::sync();
  int fd = ::open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::Environment(std::string("drop_caches: ") + std::strerror(errno));
  ssize_t n = ::write(fd, "3", 1);
  int e = errno;
  ::close(fd);
  if (n != 1) return Status::FromErrno("write drop_caches", e);
  return Status::Ok();
}

}  // namespace fsfuzz
