/* ext4 (6.18): an O_DIRECT write whose length is not block aligned, over [an allocated
   block][a hole], fails with EINVAL -- after writing the allocated block. A failed write
   must not change the file. Usage: ./a.out DIR (on ext4). Exits 1 on the bug.
   ./a.out DIR stale: the same write whose buffer is a shared mapping of the same file leaves
   the page cache stale over the block it wrote (views disagree at rest): a 1-byte file,
   a mapping of [4K, 12K), ftruncate(6K), O_DIRECT pwrite(0, 7644 bytes from the mapping)
   -> EINVAL; block 0 now reads zeros (the buffer's bytes) with O_DIRECT but the initial
   byte through the page cache (faulting the buffer in read the page back ahead of the
   write; the failed write does not invalidate it). Printed here (6.18.44):
     pwrite(O_DIRECT from the mapping, len 7644) = -1 (Invalid argument); byte 0: buffered
     0x11, O_DIRECT 0x00
   ./a.out DIR copy: the failed write's data reaches other offsets through a copy: a 24K
   sparse file, a store of 0x11 at 20K through a shared mapping, O_DIRECT pwrite(20K, 5867
   bytes of 0xb5) -> EINVAL, then pwrite(0, 1 byte from the mapping at 20K). Printed here:
     O_DIRECT pwrite(20K, 5867) = -1 (Invalid argument); mapping at 20K now 0xb5
     pwrite(0, 1 byte from the mapping) = 1; byte 0 = 0xb5 (0x11 due) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-einval", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (argc > 2 && strcmp(argv[2], "copy") == 0) {
    if (fd < 0 || dfd < 0 || ftruncate(fd, 24576) != 0) return perror("setup"), 2;
    char* m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 20480);
    if (m == MAP_FAILED) return perror("mmap"), 2;
    m[0] = 0x11;
    char* b = aligned_alloc(4096, 8192);
    memset(b, 0xb5, 8192);
    ssize_t r = pwrite(dfd, b, 4096 + 1771, 20480); /* misaligned length */
    int e = errno;
    printf("O_DIRECT pwrite(20K, 5867) = %zd (%s); mapping at 20K now 0x%02x\n", r, r < 0 ? strerror(e) : "ok",
           (unsigned char)m[0]);
    ssize_t w = pwrite(fd, m, 1, 0);
    unsigned char c = 0;
    if (pread(fd, &c, 1, 0) != 1) return perror("pread"), 2;
    printf("pwrite(0, 1 byte from the mapping) = %zd; byte 0 = 0x%02x (0x11 due)\n", w, c);
    unlink(path);
    return r < 0 && c != 0x11;
  }
  if (argc > 2 && strcmp(argv[2], "stale") == 0) {
    char* m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
    if (fd < 0 || dfd < 0 || m == MAP_FAILED || pwrite(fd, "\x11", 1, 0) != 1 || ftruncate(fd, 6144) != 0)
      return perror("setup"), 2;
    ssize_t r = pwrite(dfd, m, 7644, 0); /* misaligned length; buffer = file [4K, 11644) */
    int e = errno;
    unsigned char b = 0, *d = aligned_alloc(4096, 4096);
    if (pread(fd, &b, 1, 0) != 1 || pread(dfd, d, 4096, 0) < 1) return perror("pread"), 2;
    printf("pwrite(O_DIRECT from the mapping, len 7644) = %zd (%s); byte 0: buffered 0x%02x, O_DIRECT 0x%02x\n", r,
           r < 0 ? strerror(e) : "ok", b, d[0]);
    unlink(path);
    return b != d[0];
  }
  if (fd < 0 || dfd < 0 || ftruncate(fd, 1 << 20) != 0) return perror("setup"), 2;
  char old[4096];
  memset(old, 0x11, sizeof old);
  if (pwrite(fd, old, sizeof old, 632 * 1024) != 4096 || fsync(fd) != 0) return perror("setup"), 2;
  char* buf = aligned_alloc(4096, 16384);
  memset(buf, 0xb5, 16384);
  ssize_t r = pwrite(dfd, buf, 8193, 632 * 1024); /* block + hole, length not 512-aligned */
  int e = errno;
  unsigned char c = 0;
  if (pread(fd, &c, 1, 632 * 1024) != 1) return perror("pread"), 2;
  printf("pwrite(O_DIRECT, len 8193) = %zd (%s); byte at 632K is 0x%02x (was 0x11)\n", r, r < 0 ? strerror(e) : "ok", c);
  unlink(path);
  if (r < 0 && c != 0x11) {
    printf("BUG: the write failed but changed the file\n");
    return 1;
  }
  return 0;
}
