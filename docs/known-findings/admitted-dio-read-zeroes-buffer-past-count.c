/* Kernel behaviour the oracle ADMITS (not a finding): an O_DIRECT read cut short by EOF on an
   iomap filesystem (ext4, xfs, btrfs; 6.18) zero-fills its buffer past the returned count, to the
   end of the request (the range past EOF is read as a hole, the count clamped afterwards); tmpfs
   leaves it alone. Into a MAP_SHARED mapping of the same file those zeros become file data.
   Usage: ./a.out DIR. Exits 1 when bytes past the count changed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-read-tail", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  static char data[40 * 1024];
  memset(data, 0x11, sizeof data);
  if (pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data || fsync(fd)) return perror("setup"), 2;
  char* buf;
  if (posix_memalign((void**)&buf, 4096, 52 * 1024)) return 2;
  memset(buf, 0xaa, 52 * 1024);
  ssize_t r = pread(dfd, buf, 52 * 1024, 0);
  int changed = 0;
  for (int i = 40 * 1024; i < 52 * 1024; i++) changed += (unsigned char)buf[i] != 0xaa;
  printf("O_DIRECT read of 52K at 0 on a 40K file returned %zd; %d of 12288 bytes past it changed\n", r, changed);
  return changed ? 1 : 0;
}
