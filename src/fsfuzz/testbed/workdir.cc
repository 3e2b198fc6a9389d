// Work-dir markers (see workdir.h).
#include "src/fsfuzz/testbed/workdir.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

namespace fsfuzz {
namespace {

constexpr char kMagic[] = "fsfuzz-workdir v1";

}  // namespace

uint64_t ProcessStartTime(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!in || !std::getline(in, stat)) return 0;
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22; ++i) {
    if (!(rest >> field)) return 0;
  }
  return std::strtoull(field.c_str(), nullptr, 10);
}

bool OwnerAlive(const MarkerInfo& m) {
  if (m.pid <= 0) return false;
  if (::kill(m.pid, 0) != 0 && errno == ESRCH) return false;
  uint64_t now = ProcessStartTime(m.pid);
  return now != 0 && now == m.start_time;
}

Status WriteMarker(const std::string& dir, const std::string& kind) {
  std::string path = dir + "/" + kMarkerName;
  std::string text = std::string(kMagic) + "\npid " + std::to_string(::getpid()) + "\nstart " +
                     std::to_string(ProcessStartTime(::getpid())) + "\nkind " + kind +
                     "\ncreated " + std::to_string(std::time(nullptr)) + "\n";
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno("create " + tmp, errno);
  ssize_t n = ::write(fd, text.data(), text.size());
  int write_errno = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) {
    ::unlink(tmp.c_str());
    return Status::FromErrno("write " + tmp, n < 0 ? write_errno : EIO);
  }
  // rename() replaces a marker a previous run of ours left (dir mode reuses its dir).
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return Status::FromErrno("rename " + tmp, e);
  }
  return Status::Ok();
}

std::optional<MarkerInfo> ReadMarker(const std::string& dir) {
  std::string path = dir + "/" + kMarkerName;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[512];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  std::istringstream in(std::string(buf, static_cast<size_t>(n)));
  std::string line;
  if (!std::getline(in, line) || line != kMagic) return std::nullopt;
  MarkerInfo m;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string key, value;
    ls >> key >> value;
    if (key == "pid") m.pid = static_cast<pid_t>(std::atoi(value.c_str()));
    if (key == "start") m.start_time = std::strtoull(value.c_str(), nullptr, 10);
    if (key == "kind") m.kind = value;
  }
  if (m.pid <= 0) return std::nullopt;
  return m;
}

Result<std::string> MakeWorkDir(const std::string& work_root, const std::string& kind) {
  std::string tmpl = work_root + "/" + kWorkDirPrefix + "XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    return Status::Environment("cannot create a work dir under " + work_root + ": " +
                               std::strerror(errno));
  }
  std::string dir(buf.data());
  Status st = WriteMarker(dir, kind);
  if (!st.ok()) {
    ::rmdir(dir.c_str());
    return st;
  }
  return dir;
}

}  // namespace fsfuzz
