// A loop device over an image file, taken through /dev/loop-control (never a fixed
// number: other programs use loop devices too) and configured in one LOOP_CONFIGURE.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

struct LoopOptions {
  uint32_t sector_size = 4096;  // logical block size of the device (0: kernel default)
  bool direct_io = true;        // LO_FLAGS_DIRECT_IO: no second page cache for the image
  // LO_FLAGS_AUTOCLEAR: the kernel detaches the device when its last user goes (the
  // final umount, or our fd closing because we died before mounting).
  bool autoclear = true;
};

class LoopDevice {
 public:
  LoopDevice() = default;
  LoopDevice(LoopDevice&& other) noexcept;
  LoopDevice& operator=(LoopDevice&& other) noexcept;
  LoopDevice(const LoopDevice&) = delete;
  LoopDevice& operator=(const LoopDevice&) = delete;
  ~LoopDevice();  // Detach() if still attached

  // Binds a free loop device to `image`. Retries when another program takes the free
  // device first (EBUSY). Falls back to LOOP_SET_FD and friends on kernels without
  // LOOP_CONFIGURE, and to buffered loop I/O where the image's filesystem refuses DIO.
  static Result<LoopDevice> Attach(const std::string& image, const LoopOptions& options);

  const std::string& path() const { return path_; }  // "/dev/loop7"
  int number() const { return number_; }
  int fd() const { return fd_; }                     // open until CloseFd()
  bool direct_io() const { return direct_io_; }      // what the kernel accepted
  uint32_t sector_size() const { return sector_size_; }

  // Closes our fd; with autoclear the mount now owns the device's lifetime.
  void CloseFd();

  // Opens the device again (to hold it across an unmount, so autoclear keeps it) after
  // checking it is still bound to our image.
  Status Reopen();

  // LOOP_CLR_FD, only if the device is still bound to our image (the number may have
  // been reused by another program after autoclear). Idempotent.
  Status Detach();

  // True when /dev/loopN is bound to the file with this device and inode.
  static bool BoundTo(int loop_fd, dev_t dev, ino_t ino);

 private:
  std::string path_;
  int number_ = -1;
  int fd_ = -1;
  bool direct_io_ = false;
  uint32_t sector_size_ = 0;
  dev_t image_dev_ = 0;
  ino_t image_ino_ = 0;
  bool attached_ = false;
};

// The backing file of /dev/loopN from sysfs ("" when unbound). A deleted image reads
// "PATH (deleted)"; the suffix is stripped.
std::string LoopBackingFile(int number);

// Every bound loop device number whose backing file lies under `dir`.
std::vector<int> LoopsBackedUnder(const std::string& dir);

}  // namespace fsfuzz
