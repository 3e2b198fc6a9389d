// Safety rules for target directories (see safety.h).
#include "src/fsfuzz/testbed/safety.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "src/fsfuzz/testbed/mountinfo.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

constexpr const char* kDangerous[] = {
    "/",      "/proc",  "/sys",   "/dev",     "/dev/shm", "/boot",    "/etc",   "/usr",
    "/usr/local", "/bin", "/sbin", "/lib",    "/lib32",   "/lib64",   "/libx32", "/home",
    "/root",  "/var",   "/var/tmp", "/var/lib", "/run",   "/tmp",     "/opt",   "/srv",
    "/mnt",   "/media", "/snap",  "/lost+found", "/nix",  "/efi",
};

std::optional<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

std::string Parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// realpath of `path`, or of its nearest existing ancestor with the rest appended. A
// dangling symlink is followed by hand (realpath fails on it, and it is exactly what
// could point out of the work dir once its target is created).
std::string Resolve(const std::string& path, int depth = 0) {
  std::string p = path.empty() ? "." : path;
  std::string rest;
  for (int i = 0; i < 64; ++i) {
    if (std::optional<std::string> r = RealPath(p)) {
      if (rest.empty()) return *r;
      return (*r == "/" ? "" : *r) + "/" + rest;
    }
    struct stat st;
    if (depth < 16 && ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = ::readlink(p.c_str(), target, sizeof target - 1);
      if (n > 0) {
        std::string t(target, static_cast<size_t>(n));
        if (t[0] != '/') t = Parent(p) + "/" + t;
        std::string resolved = Resolve(t, depth + 1);
        return rest.empty() ? resolved : resolved + "/" + rest;
      }
    }
    size_t slash = p.find_last_of('/');
    std::string base = slash == std::string::npos ? p : p.substr(slash + 1);
    rest = rest.empty() ? base : base + "/" + rest;
    p = Parent(p);
  }
  return path;
}

bool SameDir(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Number of entries other than . and .. (up to 2; we only need "empty or not").
int CountEntries(const std::string& dir, bool* has_marker) {
  *has_marker = false;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return -1;
  int n = 0;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    if (std::strcmp(e->d_name, kMarkerName) == 0) *has_marker = true;
    ++n;
  }
  ::closedir(d);
  return n;
}

}  // namespace

std::optional<std::string> DangerousTarget(const std::string& path) {
  const std::string resolved = Resolve(path);
  struct stat target;
  const bool exists = ::stat(resolved.c_str(), &target) == 0;
  for (const char* d : kDangerous) {
    if (resolved == d) return resolved + " is a system directory";
    struct stat ds;
    if (exists && ::stat(d, &ds) == 0 && SameDir(ds, target)) {
      return path + " is the same directory as " + d + " (a bind mount or link of it)";
    }
  }
  return std::nullopt;
}

Status CheckTargetDir(const std::string& path) {
  if (std::optional<std::string> why = DangerousTarget(path)) {
    return Status::Usage("refusing " + path + ": " + *why);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();  // we create it, so it is ours
    return Status::FromErrno("stat " + path, errno);
  }
  if (!S_ISDIR(st.st_mode)) return Status::Usage("refusing " + path + ": not a directory");
  bool has_marker = false;
  int n = CountEntries(path, &has_marker);
  if (n < 0) return Status::FromErrno("read " + path, errno);
  if (n > 0 && !has_marker) {
    return Status::Usage("refusing " + path + ": not empty and not made by fsfuzz (no " +
                         kMarkerName + " in it); name an empty or new directory");
  }
  return Status::Ok();
}

Status CheckInside(const std::string& work_dir, const std::string& path) {
  std::optional<std::string> root = RealPath(work_dir);
  if (!root) return Status::FromErrno("realpath " + work_dir, errno);
  const std::string resolved = Resolve(path);
  if (!PathIsUnder(resolved, *root)) {
    return Status::Usage("refusing " + path + ": it resolves to " + resolved + ", outside " +
                         *root + " (a symlink or '..' leads out of the work dir)");
  }
  return Status::Ok();
}

Result<int> OpenUnder(const std::string& work_dir, const std::string& rel, int flags,
                      mode_t mode) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < rel.size()) {
    size_t j = rel.find('/', i);
    if (j == std::string::npos) j = rel.size();
    std::string part = rel.substr(i, j - i);
    if (part == "..") return Status::Usage("refusing " + rel + ": '..' leaves the work dir");
    if (!part.empty() && part != ".") parts.push_back(part);
    i = j + 1;
  }
  if (parts.empty()) return Status::Usage("OpenUnder: empty relative path");
  int dfd = ::open(work_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return Status::FromErrno("open " + work_dir, errno);
  std::string walked = work_dir;
  for (size_t k = 0; k < parts.size(); ++k) {
    walked += "/" + parts[k];
    const bool last = k + 1 == parts.size();
    int fd = last ? ::openat(dfd, parts[k].c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode)
                  : ::openat(dfd, parts[k].c_str(),
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int e = errno;
    if (fd < 0) {
      struct stat st;
      bool is_link = ::fstatat(dfd, parts[k].c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                     S_ISLNK(st.st_mode);
      ::close(dfd);
      if (is_link) {
        return Status::Usage("refusing " + walked + ": a symlink (not followed under " +
                             work_dir + ")");
      }
      return Status::FromErrno("open " + walked, e);
    }
    ::close(dfd);
    dfd = fd;
  }
  return dfd;
}

}  // namespace fsfuzz
