// O_DIRECT measurements (see dio_probe.h).
#include "src/fsfuzz/testbed/dio_probe.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "src/fsfuzz/testbed/safety.h"

namespace fsfuzz {
namespace {

// struct statx is read as raw bytes at its kernel ABI offsets, so this builds against
// C libraries whose headers predate STATX_DIOALIGN (Linux 6.1).
constexpr unsigned kStatxDioAlign = 0x2000;
constexpr size_t kStatxMask = 0, kStatxDioMem = 152, kStatxDioOffset = 156;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using AlignedBuf = std::unique_ptr<uint8_t, FreeDeleter>;

AlignedBuf Aligned(size_t n) {
  void* p = nullptr;
  if (::posix_memalign(&p, 4096, n) != 0) return nullptr;
  std::memset(p, 0, n);
  return AlignedBuf(static_cast<uint8_t*>(p));
}

// Closes and removes the probe file however the probe ends.
struct ProbeFile {
  std::string path;
  int fd = -1;
  int dfd = -1;
  ~ProbeFile() {
    if (dfd >= 0) ::close(dfd);
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};

bool FullPwrite(int fd, const uint8_t* p, size_t n, off_t off) {
  return ::pwrite(fd, p, n, off) == static_cast<ssize_t>(n);
}

bool AllBytes(const uint8_t* p, size_t n, uint8_t v) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != v) return false;
  }
  return true;
}

void ProbeAlignment(ProbeFile& f, DioFacts& facts) {
  AlignedBuf buf = Aligned(2 * 4096);
  if (!buf) return;
  for (uint64_t a = 512; a <= 4096; a *= 2) {
    if (::pread(f.dfd, buf.get(), a, static_cast<off_t>(a)) == static_cast<ssize_t>(a)) {
      facts.offset_align = a;
      break;
    }
  }
  if (facts.offset_align == 0) return;
  for (uint64_t m = 512; m <= 4096; m *= 2) {
    uint8_t* p = buf.get() + (m % 4096);  // aligned to m, not to 2m (below a page)
    if (::pread(f.dfd, p, facts.offset_align, 0) == static_cast<ssize_t>(facts.offset_align)) {
      facts.mem_align = m;
      break;
    }
  }
  facts.align_source = "probe";
}

void ProbeMisaligned(ProbeFile& f, DioFacts& facts) {
  AlignedBuf buf = Aligned(4096);
  if (!buf) return;
  buf.get()[1] = 0x5a;
  ssize_t n = ::pwrite(f.dfd, buf.get() + 1, 1, 1);
  if (n < 0 && errno == EINVAL) {
    facts.misaligned = "einval";
    return;
  }
  uint8_t back = 0;
  if (n == 1 && ::pread(f.fd, &back, 1, 1) == 1 && back == 0x5a) {
    facts.misaligned = "buffered";
    return;
  }
  facts.note += "misaligned DIO write returned " + std::to_string(n) +
                (n < 0 ? std::string(" (") + std::strerror(errno) + ")" : "") + "; ";
}

void ProbeOverlap(ProbeFile& f, DioFacts& facts, size_t page) {
  const uint8_t fill[4] = {0x11, 0x22, 0x33, 0x44};
  AlignedBuf buf = Aligned(4 * page);
  if (!buf) return;
  for (int i = 0; i < 4; ++i) std::memset(buf.get() + i * page, fill[i], page);
  if (!FullPwrite(f.fd, buf.get(), 4 * page, 0) || ::fsync(f.fd) != 0) {
    facts.note += std::string("overlap probe: setup write failed: ") + std::strerror(errno) + "; ";
    return;
  }
  void* map = ::mmap(nullptr, 4 * page, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd, 0);
  if (map == MAP_FAILED) {
    facts.note += std::string("overlap probe: mmap failed: ") + std::strerror(errno) + "; ";
    return;
  }
  volatile uint8_t sink = 0;
  for (int i = 0; i < 4; ++i) sink = sink + static_cast<uint8_t*>(map)[i * page];  // fault in
  ssize_t n = ::pwrite(f.dfd, map, 2 * page, static_cast<off_t>(page));
  int write_errno = errno;
  ::munmap(map, 4 * page);
  if (n != static_cast<ssize_t>(2 * page)) {
    facts.note += "overlap probe: DIO write from the mapping returned " + std::to_string(n) +
                  (n < 0 ? std::string(" (") + std::strerror(write_errno) + ")" : "") + "; ";
    return;
  }
  // Read what reached the file, past the page cache where DIO allows it.
  AlignedBuf back = Aligned(page);
  if (!back || ::pread(f.dfd, back.get(), page, static_cast<off_t>(2 * page)) !=
                   static_cast<ssize_t>(page)) {
    if (!back || ::pread(f.fd, back.get(), page, static_cast<off_t>(2 * page)) !=
                     static_cast<ssize_t>(page)) {
      facts.note += "overlap probe: read back failed; ";
      return;
    }
  }
  if (AllBytes(back.get(), page, fill[1])) {
    facts.overlap = "snapshot";
  } else if (AllBytes(back.get(), page, fill[0])) {
    facts.overlap = "forward";
  } else {
    facts.note += "overlap probe: page 2 holds neither old page 0 nor old page 1; ";
  }
  // Drain a write-back error the probe may have caused, so nobody else is charged.
  ::fsync(f.fd);
}

}  // namespace

void StatxDioAlign(int fd, uint64_t* mem_align, uint64_t* offset_align) {
  *mem_align = *offset_align = 0;
  alignas(8) uint8_t stx[256];
  std::memset(stx, 0, sizeof stx);
  if (::syscall(SYS_statx, fd, "", AT_EMPTY_PATH, kStatxDioAlign, stx) != 0) return;
  uint32_t mask = 0, mem = 0, off = 0;
  std::memcpy(&mask, stx + kStatxMask, 4);
  std::memcpy(&mem, stx + kStatxDioMem, 4);
  std::memcpy(&off, stx + kStatxDioOffset, 4);
  if ((mask & kStatxDioAlign) == 0 || off == 0) return;
  *mem_align = mem;
  *offset_align = off;
}

Result<DioFacts> ProbeDio(const std::string& dir, uint64_t block_size) {
  DioFacts facts;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  ProbeFile f;
  const std::string name = ".fsfuzz-probe-" + std::to_string(::getpid());
  ::unlink((dir + "/" + name).c_str());  // a leftover of a killed run with our pid
  Result<int> fd = OpenUnder(dir, name, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (!fd.ok()) return fd.status();
  f.fd = *fd;
  f.path = dir + "/" + name;
  AlignedBuf init = Aligned(16 * page);
  if (!init) return Status::Internal("posix_memalign");
  std::memset(init.get(), 0x77, 16 * page);
  if (!FullPwrite(f.fd, init.get(), 16 * page, 0) || ::fsync(f.fd) != 0) {
    return Status::FromErrno("write probe file " + f.path, errno);
  }
  Result<int> dfd = OpenUnder(dir, name, O_RDWR | O_DIRECT);
  if (!dfd.ok()) {
    facts.note = "open(O_DIRECT): " + dfd.status().message();
    return facts;
  }
  f.dfd = *dfd;
  facts.supported = true;
  StatxDioAlign(f.fd, &facts.mem_align, &facts.offset_align);
  if (facts.offset_align != 0) facts.align_source = "statx";
  ProbeMisaligned(f, facts);
  if (facts.offset_align == 0) {
    ProbeAlignment(f, facts);
    // A fallback to buffered I/O accepts any alignment: reads cannot find the real one.
    if (facts.misaligned == "buffered" && block_size > facts.offset_align) {
      facts.offset_align = facts.mem_align = block_size;
      facts.align_source = "block size";
    }
  }
  ProbeOverlap(f, facts, page);
  return facts;
}

}  // namespace fsfuzz
