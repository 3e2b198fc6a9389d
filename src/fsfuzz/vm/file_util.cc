// File helpers: plain POSIX calls, std::filesystem only with error_code overloads.
#include "src/fsfuzz/vm/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace fsfuzz::vm {
namespace {

std::string TempParent(const std::string& parent) {
  if (!parent.empty()) return parent;
  const char* t = getenv("TMPDIR");
  return (t && *t) ? t : "/tmp";
}

Status WriteAll(int fd, const char* p, size_t n, const std::string& what) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("write " + what, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  std::string s;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      return Status::FromErrno("read " + path, e);
    }
    if (n == 0) break;
    s.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return s;
}

Status WriteFile(const std::string& path, const std::string& data, int mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Status::FromErrno("create " + path, errno);
  Status s = WriteAll(fd, data.data(), data.size(), path);
  if (close(fd) != 0 && s.ok()) s = Status::FromErrno("close " + path, errno);
  return s;
}

Status MakeDirs(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::Io("mkdir -p " + path + ": " + ec.message());
  return Status::Ok();
}

bool PathExists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

bool IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

ScopedTempDir::~ScopedTempDir() {
  if (!path_.empty() && !keep_) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  if (lock_fd_ >= 0) close(lock_fd_);
}

Result<ScopedTempDir> ScopedTempDir::Create(const std::string& prefix, const std::string& parent) {
  std::string base = TempParent(parent);
  if (Status s = MakeDirs(base); !s.ok()) return s;
  std::string tmpl = base + "/" + prefix + "XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return Status::FromErrno("mkdtemp " + tmpl, errno);
  ScopedTempDir d;
  d.path_ = buf.data();
  // Locked before it gets its name, so a cleaner never sees it unlocked.
  const std::string owner = d.path_ + "/owner.pid", tmp = owner + ".new";
  d.lock_fd_ = open(tmp.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (d.lock_fd_ < 0) return Status::FromErrno("create " + tmp, errno);
  if (flock(d.lock_fd_, LOCK_EX) != 0) return Status::FromErrno("flock " + tmp, errno);
  std::string pid = std::to_string(getpid()) + "\n";
  if (Status s = WriteAll(d.lock_fd_, pid.data(), pid.size(), tmp); !s.ok()) return s;
  if (rename(tmp.c_str(), owner.c_str()) != 0) return Status::FromErrno("rename " + tmp, errno);
  return d;
}

int RemoveStaleTempDirs(const std::string& prefix, const std::string& parent) {
  std::string base = TempParent(parent);
  DIR* d = opendir(base.c_str());
  if (!d) return 0;
  std::vector<std::string> stale;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.rfind(prefix, 0) != 0) continue;
    std::string dir = base + "/" + name;
    int fd = open((dir + "/owner.pid").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // not one of ours, or still being created
    // The owner holds the lock while it lives (works across PID namespaces, unlike kill 0).
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) stale.push_back(dir);
    close(fd);
  }
  closedir(d);
  for (const auto& dir : stale) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return static_cast<int>(stale.size());
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);  // releases the flock
}

Result<FileLock> FileLock::Acquire(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno("open lock " + path, errno);
  while (flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int e = errno;
    close(fd);
    return Status::FromErrno("flock " + path, e);
  }
  FileLock l;
  l.fd_ = fd;
  return l;
}

Result<uint64_t> SparseCopyFromFd(int in, const std::string& dst) {
  int out = open(dst.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) return Status::FromErrno("create " + dst, errno);
  constexpr size_t kChunk = 65536;
  std::vector<char> buf(kChunk);
  static const std::vector<char> zero(kChunk, 0);
  uint64_t off = 0;
  Status st;
  for (;;) {
    // Fill a whole chunk (pipes return short reads) so the hole test sees aligned chunks.
    size_t have = 0;
    while (have < kChunk) {
      ssize_t n = read(in, buf.data() + have, kChunk - have);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        st = Status::FromErrno("read into " + dst, errno);
        break;
      }
      if (n == 0) break;
      have += static_cast<size_t>(n);
    }
    if (!st.ok() || have == 0) break;
    if (std::memcmp(buf.data(), zero.data(), have) != 0) {
      if (lseek(out, static_cast<off_t>(off), SEEK_SET) < 0) {
        st = Status::FromErrno("lseek " + dst, errno);
        break;
      }
      st = WriteAll(out, buf.data(), have, dst);
      if (!st.ok()) break;
    }
    off += have;
    if (have < kChunk) break;
  }
  if (st.ok() && ftruncate(out, static_cast<off_t>(off)) != 0) st = Status::FromErrno("ftruncate " + dst, errno);
  if (close(out) != 0 && st.ok()) st = Status::FromErrno("close " + dst, errno);
  if (!st.ok()) return st;
  return off;
}

Result<uint64_t> SparseCopyFile(const std::string& src, const std::string& dst) {
  int in = open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Status::FromErrno("open " + src, errno);
  auto r = SparseCopyFromFd(in, dst);
  close(in);
  return r;
}

Status CreateSparseFile(const std::string& path, uint64_t bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno("create " + path, errno);
  Status s;
  if (ftruncate(fd, static_cast<off_t>(bytes)) != 0) s = Status::FromErrno("ftruncate " + path, errno);
  close(fd);
  return s;
}

}  // namespace fsfuzz::vm
