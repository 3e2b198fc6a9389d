// Host facts and peak RSS (see host.h).
#include "stress/host.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>

namespace fsfuzz::stress {

reports::HostInfo ThisHost() {
  reports::HostInfo h;
  struct utsname u;
  if (uname(&u) == 0) h.kernel = u.release;
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  h.cpus = cpus > 0 ? static_cast<uint32_t>(cpus) : 0;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) h.memory_mib = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) >> 20;
  return h;
}

std::string NowIso8601() {
  char buf[32];
  const time_t t = time(nullptr);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void KeepLargeAllocationsInHeap() {
  // Up to 64 MiB from the heap; a freed top of up to 256 MiB is kept for the next one.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

double PeakRssMib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    unsigned long long kib = 0;
    if (std::sscanf(line.c_str(), "VmHWM: %llu kB", &kib) == 1) return static_cast<double>(kib) / 1024.0;
  }
  return 0;
}

bool ResetPeakRss() {
  // Heap kept from an earlier run (KeepLargeAllocationsInHeap) would count as this one's.
  malloc_trim(0);
  const int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, "5", 1) == 1;
  close(fd);
  return ok;
}

}  // namespace fsfuzz::stress
