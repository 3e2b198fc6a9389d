/* ext4 (6.18): extending a file with an O_DIRECT write past EOF exposes bytes a store through a
   MAP_SHARED mapping left in the EOF page past EOF: they read back non-zero (xfs and btrfs
   zero them; a buffered write or ftruncate on ext4 zeroes them). tmpfs shows it for every
   kind of extension (tmpfs-extend-exposes-junk.c). Usage: ./a.out DIR [mode: 0 O_DIRECT
   write, 1 buffered write, 2 ftruncate]. Exits 1 when the junk shows. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-extend-junk", argc > 1 ? argv[1] : ".");
  int mode = argc > 2 ? atoi(argv[2]) : 0; /* 0: O_DIRECT write, 1: buffered write, 2: ftruncate */
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  const off_t size = 260 * 1024 + 3373; /* EOF inside a page */
  static char data[300 * 1024];
  memset(data, 0x11, sizeof data);
  if (pwrite(fd, data, size, 0) != size || fsync(fd)) return perror("setup"), 2;
  char* m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return perror("mmap"), 2;
  memset(m + size, 0x77, 4096 - size % 4096); /* past EOF, inside the EOF page */
  void* buf;
  if (posix_memalign(&buf, 4096, 28 * 1024)) return 2;
  memset(buf, 0x22, 28 * 1024);
  ssize_t r;
  if (mode == 0) r = pwrite(dfd, buf, 28 * 1024, 604 * 1024);
  else if (mode == 1) r = pwrite(fd, buf, 28 * 1024, 604 * 1024);
  else r = ftruncate(fd, 632 * 1024) == 0 ? 0 : -1;
  if (r < 0) return perror("extend"), 2;
  char back[4096];
  off_t page = size / 4096 * 4096;
  if (pread(fd, back, 4096, page) != 4096) return perror("pread"), 2;
  int junk = 0;
  for (int i = size % 4096; i < 4096; i++) junk += back[i] != 0;
  printf("mode %d: %d of %d bytes past the old EOF read non-zero after extension\n", mode, junk, (int)(4096 - size % 4096));
  return junk ? 1 : 0;
}
