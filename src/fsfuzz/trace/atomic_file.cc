// Atomic file writes (see atomic_file.h).
#include "src/fsfuzz/trace/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace fsfuzz {
namespace {

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status WriteAll(int fd, std::string_view data, const std::string& what) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("write " + what, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open directory " + dir, errno);
  int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some filesystems cannot fsync a directory (EINVAL); the rename is then as durable
  // as that filesystem makes it.
  if (rc != 0 && err != EINVAL) return Status::FromErrno("fsync directory " + dir, err);
  return Status::Ok();
}

// Writes and syncs the temp file; the caller removes it on failure.
Status WriteTemp(const std::string& tmp, std::string_view contents) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno("create " + tmp, errno);
  Status s = WriteAll(fd, contents, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Status::FromErrno("fsync " + tmp, errno);
  if (::close(fd) != 0 && s.ok()) s = Status::FromErrno("close " + tmp, errno);
  return s;
}

// Moves tmp to path without replacing an existing file. link() refuses to replace and
// works on the filesystems findings are written to; where hard links are not supported
// fall back to a check and rename (racy, but only against another writer's same name).
Status PlaceNew(const std::string& tmp, const std::string& path, bool* exists) {
  if (::link(tmp.c_str(), path.c_str()) == 0) {
    ::unlink(tmp.c_str());
    return Status::Ok();
  }
  const int err = errno;
  if (err == EEXIST) {
    if (exists) *exists = true;
    return Status::FromErrno("create " + path, err);
  }
  if (err != EPERM && err != EOPNOTSUPP && err != ENOSYS && err != EMLINK)
    return Status::FromErrno("link " + path, err);
  if (::access(path.c_str(), F_OK) == 0) {
    if (exists) *exists = true;
    return Status::FromErrno("create " + path, EEXIST);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::FromErrno("rename to " + path, errno);
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomic(const std::string& path, std::string_view contents, WriteMode mode, bool* exists) {
  static std::atomic<uint64_t> counter{0};
  if (exists) *exists = false;
  const std::string dir = DirOf(path);
  // Hidden and not ending in the final name's suffix, so globs for results skip it.
  const std::string tmp = dir + "/." + BaseOf(path) + ".tmp." + std::to_string(::getpid()) + "." +
                          std::to_string(counter.fetch_add(1));
  Status s = WriteTemp(tmp, contents);
  if (s.ok()) {
    if (mode == WriteMode::kReplace) {
      if (::rename(tmp.c_str(), path.c_str()) != 0) s = Status::FromErrno("rename to " + path, errno);
    } else {
      s = PlaceNew(tmp, path, exists);
    }
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  return SyncDir(dir);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  std::string out;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return Status::FromErrno("read " + path, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace fsfuzz
