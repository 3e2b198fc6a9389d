// Small file helpers for the VM runner: whole-file read/write, private temp dirs that
// always go away, an flock()-based lock file, and sparse copies.
#pragma once

#include <cstdint>
#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

Result<std::string> ReadFile(const std::string& path);
Status WriteFile(const std::string& path, const std::string& data, int mode = 0644);
Status MakeDirs(const std::string& path);
bool PathExists(const std::string& path);
bool IsDir(const std::string& path);

// A directory made with mkdtemp under `parent` (default $TMPDIR or /tmp), holding an
// "owner.pid" file flock()ed while the owner lives; removed with everything in it on
// destruction unless Keep() was called.
class ScopedTempDir {
 public:
  ScopedTempDir() = default;
  ScopedTempDir(ScopedTempDir&& o) noexcept
      : path_(std::move(o.path_)), keep_(o.keep_), lock_fd_(o.lock_fd_) {
    o.path_.clear();
    o.lock_fd_ = -1;
  }
  ScopedTempDir& operator=(ScopedTempDir&&) = delete;
  ScopedTempDir(const ScopedTempDir&) = delete;
  ~ScopedTempDir();
  static Result<ScopedTempDir> Create(const std::string& prefix, const std::string& parent = "");
  const std::string& path() const { return path_; }
  void Keep() { keep_ = true; }

 private:
  std::string path_;
  bool keep_ = false;
  int lock_fd_ = -1;
};

// Removes `<parent>/<prefix>*` directories whose owner.pid nobody holds locked any more
// (left behind by a SIGKILLed run). Returns how many it removed.
int RemoveStaleTempDirs(const std::string& prefix, const std::string& parent = "");

// An exclusive flock() on a lock file, held until destruction.
class FileLock {
 public:
  FileLock() = default;
  FileLock(FileLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  ~FileLock();
  static Result<FileLock> Acquire(const std::string& path);  // blocks until free

 private:
  int fd_ = -1;
};

// Copies everything readable from fd into a new sparse file at dst: all-zero 64 KiB runs
// become holes. Returns the bytes copied (the file's size).
Result<uint64_t> SparseCopyFromFd(int fd, const std::string& dst);
// Copies src (a regular file) to a sparse dst.
Result<uint64_t> SparseCopyFile(const std::string& src, const std::string& dst);
// Creates (or truncates) a sparse file of `bytes`.
Status CreateSparseFile(const std::string& path, uint64_t bytes);

}  // namespace fsfuzz::vm
