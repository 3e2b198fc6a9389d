// Writes a "newc" cpio archive (the initramfs format, see the kernel's
// Documentation/driver-api/early-userspace/buffer-format.rst): files, dirs, symlinks and
// device nodes, all owned by root, without needing root on the host.
#pragma once

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

class CpioWriter {
 public:
  CpioWriter() = default;
  CpioWriter(const CpioWriter&) = delete;
  CpioWriter& operator=(const CpioWriter&) = delete;
  ~CpioWriter();

  Status Open(const std::string& path);
  // Paths are absolute in the guest ("/bin/busybox"); missing parent directories are
  // added first (mode 0755), since the kernel's unpacker does not create them.
  Status AddDir(const std::string& path, uint32_t mode = 0755);
  Status AddFile(const std::string& path, const std::string& data, uint32_t mode = 0644);
  Status AddFileFrom(const std::string& path, const std::string& host_path, uint32_t mode);
  Status AddSymlink(const std::string& path, const std::string& target);
  Status AddCharDev(const std::string& path, uint32_t major, uint32_t minor, uint32_t mode = 0600);
  Status Finish();  // writes the TRAILER!!! record and closes the file

  uint64_t bytes_written() const { return offset_; }
  bool Has(const std::string& path) const { return names_.count(Normalize(path)) > 0; }

 private:
  static std::string Normalize(const std::string& path);  // "/a/b" -> "a/b"
  Status AddParents(const std::string& name);
  Status Entry(const std::string& name, uint32_t mode, uint32_t rdev_major, uint32_t rdev_minor,
               const char* data, uint64_t size);
  Status Put(const void* p, size_t n);
  Status Pad();

  FILE* f_ = nullptr;
  std::string path_;
  uint64_t offset_ = 0;
  uint32_t next_ino_ = 1;
  std::set<std::string> names_;
};

}  // namespace fsfuzz::vm
