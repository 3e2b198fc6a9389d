// Setup header: "HdrS" at 0x202, kernel_version (u16, offset - 0x200) at 0x20e.
#include "src/fsfuzz/vm/bzimage.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace fsfuzz::vm {

Result<std::string> BzImageVersion(std::string_view img) {
  if (img.size() < 0x210 || img.substr(0x202, 4) != "HdrS")
    return Status::Corrupt("not an x86 bzImage (no HdrS setup header)");
  size_t off = static_cast<unsigned char>(img[0x20e]) |
               (static_cast<size_t>(static_cast<unsigned char>(img[0x20f])) << 8);
  if (off == 0) return Status::Corrupt("bzImage has no kernel_version string");
  off += 0x200;
  if (off >= img.size()) return Status::Corrupt("bzImage kernel_version points past the header");
  size_t end = off;
  while (end < img.size() && img[end] != '\0' && img[end] != ' ' && end - off < 256) ++end;
  if (end == off) return Status::Corrupt("bzImage kernel_version is empty");
  return std::string(img.substr(off, end - off));
}

Result<std::string> BzImageVersionOfFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  std::string buf(0x10000, '\0');  // the setup code, which holds the string, is < 32 KiB
  ssize_t n = pread(fd, buf.data(), buf.size(), 0);
  int e = errno;
  close(fd);
  if (n < 0) return Status::FromErrno("read " + path, e);
  buf.resize(static_cast<size_t>(n));
  auto v = BzImageVersion(buf);
  if (!v.ok()) return Status::Corrupt(path + ": " + v.status().message());
  return v;
}

}  // namespace fsfuzz::vm
