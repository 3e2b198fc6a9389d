/* ext4 (6.18): an O_DIRECT write whose length is not block aligned, over [an allocated
   block][a hole], fails with EINVAL -- after writing the allocated block. A failed write
   must not change the file. Usage: ./a.out DIR (on ext4). Exits 1 on the bug. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-einval", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
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
