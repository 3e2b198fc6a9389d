// newc cpio: "070701", 13 eight-digit hex fields, the NUL-terminated name, data, each
// padded to 4 bytes.
#include "src/fsfuzz/vm/cpio_writer.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "src/fsfuzz/vm/file_util.h"

namespace fsfuzz::vm {

CpioWriter::~CpioWriter() {
  if (f_) fclose(f_);
}

Status CpioWriter::Open(const std::string& path) {
  f_ = fopen(path.c_str(), "wbe");
  if (!f_) return Status::FromErrno("create " + path, errno);
  path_ = path;
  return Status::Ok();
}

std::string CpioWriter::Normalize(const std::string& path) {
  size_t i = 0;
  while (i < path.size() && path[i] == '/') ++i;
  std::string s = path.substr(i);
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

Status CpioWriter::Put(const void* p, size_t n) {
  if (!f_) return Status::Internal("cpio: not open");
  if (n && fwrite(p, 1, n, f_) != n) return Status::FromErrno("write " + path_, errno);
  offset_ += n;
  return Status::Ok();
}

Status CpioWriter::Pad() {
  static const char zeros[4] = {0, 0, 0, 0};
  return Put(zeros, (4 - offset_ % 4) % 4);
}

Status CpioWriter::Entry(const std::string& name, uint32_t mode, uint32_t rdev_major,
                         uint32_t rdev_minor, const char* data, uint64_t size) {
  if (size > 0xffffffffu) return Status::Usage("cpio: " + name + " is larger than 4 GiB");
  char hdr[111];
  const bool is_dir = S_ISDIR(mode);
  snprintf(hdr, sizeof hdr, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
           next_ino_++, mode, 0u, 0u, is_dir ? 2u : 1u, 0u, static_cast<uint32_t>(size), 0u, 0u,
           rdev_major, rdev_minor, static_cast<uint32_t>(name.size() + 1), 0u);
  if (Status s = Put(hdr, 110); !s.ok()) return s;
  if (Status s = Put(name.c_str(), name.size() + 1); !s.ok()) return s;
  if (Status s = Pad(); !s.ok()) return s;
  if (Status s = Put(data, size); !s.ok()) return s;
  return Pad();
}

Status CpioWriter::AddParents(const std::string& name) {
  for (size_t pos = name.find('/'); pos != std::string::npos; pos = name.find('/', pos + 1)) {
    std::string dir = name.substr(0, pos);
    if (names_.insert(dir).second) {
      if (Status s = Entry(dir, S_IFDIR | 0755, 0, 0, nullptr, 0); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status CpioWriter::AddDir(const std::string& path, uint32_t mode) {
  std::string name = Normalize(path);
  if (name.empty() || names_.count(name)) return Status::Ok();
  if (Status s = AddParents(name); !s.ok()) return s;
  names_.insert(name);
  return Entry(name, S_IFDIR | (mode & 07777), 0, 0, nullptr, 0);
}

Status CpioWriter::AddFile(const std::string& path, const std::string& data, uint32_t mode) {
  std::string name = Normalize(path);
  if (name.empty()) return Status::Usage("cpio: empty file name");
  if (!names_.insert(name).second) return Status::Usage("cpio: duplicate entry /" + name);
  if (Status s = AddParents(name); !s.ok()) return s;
  return Entry(name, S_IFREG | (mode & 07777), 0, 0, data.data(), data.size());
}

Status CpioWriter::AddFileFrom(const std::string& path, const std::string& host_path,
                               uint32_t mode) {
  auto data = ReadFile(host_path);
  if (!data.ok()) return data.status();
  return AddFile(path, *data, mode);
}

Status CpioWriter::AddSymlink(const std::string& path, const std::string& target) {
  std::string name = Normalize(path);
  if (name.empty()) return Status::Usage("cpio: empty symlink name");
  if (!names_.insert(name).second) return Status::Usage("cpio: duplicate entry /" + name);
  if (Status s = AddParents(name); !s.ok()) return s;
  return Entry(name, S_IFLNK | 0777, 0, 0, target.data(), target.size());
}

Status CpioWriter::AddCharDev(const std::string& path, uint32_t major, uint32_t minor,
                              uint32_t mode) {
  std::string name = Normalize(path);
  if (!names_.insert(name).second) return Status::Usage("cpio: duplicate entry /" + name);
  if (Status s = AddParents(name); !s.ok()) return s;
  return Entry(name, S_IFCHR | (mode & 07777), major, minor, nullptr, 0);
}

Status CpioWriter::Finish() {
  if (Status s = Entry("TRAILER!!!", 0, 0, 0, nullptr, 0); !s.ok()) return s;
  int rc = fclose(f_);
  f_ = nullptr;
  if (rc != 0) return Status::FromErrno("close " + path_, errno);
  return Status::Ok();
}

}  // namespace fsfuzz::vm
