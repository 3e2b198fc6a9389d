// Loop device setup and teardown (see loop_device.h and loop(4)).
#include "src/fsfuzz/testbed/loop_device.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

#include "src/fsfuzz/testbed/mountinfo.h"

namespace fsfuzz {
namespace {

constexpr int kAttempts = 20;

// The older three-step setup, for kernels before 5.8 (no LOOP_CONFIGURE).
int LegacyConfigure(int loop_fd, int image_fd, const loop_config& cfg) {
  if (::ioctl(loop_fd, LOOP_SET_FD, image_fd) != 0) return -1;
  loop_info64 info = cfg.info;
  info.lo_flags &= LO_FLAGS_AUTOCLEAR;  // the only flag LOOP_SET_STATUS64 may set
  if (::ioctl(loop_fd, LOOP_SET_STATUS64, &info) != 0 ||
      (cfg.block_size != 0 && ::ioctl(loop_fd, LOOP_SET_BLOCK_SIZE, cfg.block_size) != 0)) {
    int e = errno;
    ::ioctl(loop_fd, LOOP_CLR_FD, 0);
    errno = e;
    return -1;
  }
  if (cfg.info.lo_flags & LO_FLAGS_DIRECT_IO) ::ioctl(loop_fd, LOOP_SET_DIRECT_IO, 1UL);
  return 0;
}

}  // namespace

LoopDevice::LoopDevice(LoopDevice&& other) noexcept { *this = std::move(other); }

LoopDevice& LoopDevice::operator=(LoopDevice&& other) noexcept {
  if (this != &other) {
    if (attached_) Detach();
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    number_ = other.number_;
    fd_ = other.fd_;
    direct_io_ = other.direct_io_;
    sector_size_ = other.sector_size_;
    image_dev_ = other.image_dev_;
    image_ino_ = other.image_ino_;
    attached_ = other.attached_;
    other.fd_ = -1;
    other.attached_ = false;
  }
  return *this;
}

LoopDevice::~LoopDevice() {
  if (attached_) Detach();
  CloseFd();
}

Result<LoopDevice> LoopDevice::Attach(const std::string& image, const LoopOptions& options) {
  int image_fd = ::open(image.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (image_fd < 0) return Status::FromErrno("open " + image, errno);
  struct stat st;
  if (::fstat(image_fd, &st) != 0) {
    int e = errno;
    ::close(image_fd);
    return Status::FromErrno("fstat " + image, e);
  }
  int ctl = ::open("/dev/loop-control", O_RDWR | O_CLOEXEC);
  if (ctl < 0) {
    int e = errno;
    ::close(image_fd);
    return Status::Environment(std::string("cannot open /dev/loop-control: ") +
                               std::strerror(e));
  }

  loop_config cfg;
  std::memset(&cfg, 0, sizeof cfg);
  cfg.fd = static_cast<__u32>(image_fd);
  cfg.block_size = options.sector_size;
  cfg.info.lo_flags = (options.autoclear ? LO_FLAGS_AUTOCLEAR : 0) |
                      (options.direct_io ? LO_FLAGS_DIRECT_IO : 0);
  std::strncpy(reinterpret_cast<char*>(cfg.info.lo_file_name), image.c_str(),
               LO_NAME_SIZE - 1);

  Status last = Status::Environment("no free loop device");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    int n = ::ioctl(ctl, LOOP_CTL_GET_FREE);
    if (n < 0) {
      last = Status::Environment(std::string("LOOP_CTL_GET_FREE: ") + std::strerror(errno));
      break;
    }
    std::string path = "/dev/loop" + std::to_string(n);
    int fd = -1;
    // devtmpfs creates the node of a new device; give it a moment if it is not there yet.
    for (int wait = 0; wait < 50 && fd < 0; ++wait) {
      fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
      if (fd < 0 && errno != ENOENT) break;
      if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (fd < 0) {
      last = Status::FromErrno("open " + path, errno);
      continue;
    }
    int rc = ::ioctl(fd, LOOP_CONFIGURE, &cfg);
    if (rc != 0 && errno == EINVAL && (cfg.info.lo_flags & LO_FLAGS_DIRECT_IO)) {
      // The image's filesystem cannot do DIO at this sector size: buffered loop I/O.
      cfg.info.lo_flags &= ~static_cast<__u32>(LO_FLAGS_DIRECT_IO);
      rc = ::ioctl(fd, LOOP_CONFIGURE, &cfg);
    }
    // Kernels before 5.8 answer an unknown loop ioctl with EINVAL (or ENOTTY).
    if (rc != 0 && (errno == EINVAL || errno == ENOTTY)) rc = LegacyConfigure(fd, image_fd, cfg);
    if (rc != 0) {
      int e = errno;
      ::close(fd);
      if (e == EBUSY) {  // another program bound it between GET_FREE and CONFIGURE
        last = Status::Environment("loop devices kept being taken by other programs");
        continue;
      }
      ::close(ctl);
      ::close(image_fd);
      return Status::Environment("cannot configure " + path + " over " + image + ": " +
                                 std::strerror(e));
    }
    ::close(ctl);
    ::close(image_fd);  // the loop device holds its own reference to the file
    LoopDevice dev;
    dev.path_ = path;
    dev.number_ = n;
    dev.fd_ = fd;
    dev.attached_ = true;
    dev.image_dev_ = st.st_dev;
    dev.image_ino_ = st.st_ino;
    loop_info64 info;
    if (::ioctl(fd, LOOP_GET_STATUS64, &info) == 0) {
      dev.direct_io_ = (info.lo_flags & LO_FLAGS_DIRECT_IO) != 0;
    }
    std::ifstream bs("/sys/block/loop" + std::to_string(n) + "/queue/logical_block_size");
    if (!(bs >> dev.sector_size_)) dev.sector_size_ = options.sector_size;
    return dev;
  }
  ::close(ctl);
  ::close(image_fd);
  return last;
}

void LoopDevice::CloseFd() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status LoopDevice::Reopen() {
  if (fd_ >= 0) return Status::Ok();
  int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path_, errno);
  if (!BoundTo(fd, image_dev_, image_ino_)) {
    ::close(fd);
    return Status::Io(path_ + " is no longer bound to our image");
  }
  fd_ = fd;
  return Status::Ok();
}

bool LoopDevice::BoundTo(int loop_fd, dev_t dev, ino_t ino) {
  loop_info64 info;
  if (::ioctl(loop_fd, LOOP_GET_STATUS64, &info) != 0) return false;
  return info.lo_device == dev && info.lo_inode == ino;
}

Status LoopDevice::Detach() {
  if (!attached_) return Status::Ok();
  attached_ = false;
  int fd = fd_;
  bool opened_here = false;
  if (fd < 0) {
    fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return Status::Ok();  // gone with the device
    opened_here = true;
  }
  Status st = Status::Ok();
  // Holding an fd keeps autoclear from detaching underneath us, so the check and the
  // clear see the same binding.
  if (BoundTo(fd, image_dev_, image_ino_) && ::ioctl(fd, LOOP_CLR_FD, 0) != 0 && errno != ENXIO) {
    st = Status::FromErrno("LOOP_CLR_FD " + path_, errno);
  }
  if (opened_here) ::close(fd);
  return st;
}

std::string LoopBackingFile(int number) {
  std::ifstream in("/sys/block/loop" + std::to_string(number) + "/loop/backing_file");
  std::string line;
  if (!in || !std::getline(in, line)) return "";
  const std::string deleted = " (deleted)";
  if (line.size() > deleted.size() &&
      line.compare(line.size() - deleted.size(), deleted.size(), deleted) == 0) {
    line.resize(line.size() - deleted.size());
  }
  return line;
}

std::vector<int> LoopsBackedUnder(const std::string& dir) {
  std::vector<int> out;
  DIR* d = ::opendir("/sys/block");
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    if (std::strncmp(e->d_name, "loop", 4) != 0) continue;
    char* end = nullptr;
    long n = std::strtol(e->d_name + 4, &end, 10);
    if (end == e->d_name + 4 || *end != '\0') continue;
    std::string backing = LoopBackingFile(static_cast<int>(n));
    if (!backing.empty() && PathIsUnder(backing, dir)) out.push_back(static_cast<int>(n));
  }
  ::closedir(d);
  return out;
}

}  // namespace fsfuzz
