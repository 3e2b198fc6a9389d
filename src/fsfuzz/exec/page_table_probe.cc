// Reads /proc/self/pagemap (see page_table_probe.h).
#include "src/fsfuzz/exec/page_table_probe.h"

#include <fcntl.h>
#include <unistd.h>

namespace fsfuzz {

PageTableProbe::~PageTableProbe() {
  if (fd_ >= 0) ::close(fd_);
}

bool PageTableProbe::Present(const void* addr, size_t len, std::vector<bool>& out) {
  out.clear();
  if (unusable_) return false;
  if (fd_ >= 0 && pid_ != ::getpid()) {
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) {
    fd_ = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      unusable_ = true;  // no procfs, or a kernel without pagemap: never ask again
      return false;
    }
    pid_ = ::getpid();
  }
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const uint64_t a = reinterpret_cast<uintptr_t>(addr);
  const uint64_t first = a / page;
  const uint64_t end = len == 0 ? first : (a + len + page - 1) / page;
  entries_.resize(end - first);
  const size_t bytes = entries_.size() * sizeof(uint64_t);
  size_t got = 0;
  while (got < bytes) {
    const ssize_t r = ::pread(fd_, reinterpret_cast<char*>(entries_.data()) + got, bytes - got,
                              static_cast<off_t>(first * sizeof(uint64_t) + got));
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  out.reserve(entries_.size());
  for (const uint64_t e : entries_) out.push_back((e >> 63) != 0);
  return true;
}

}  // namespace fsfuzz
