/* bcachefs (6.12): an O_DIRECT pwrite() whose buffer is a MAP_SHARED mapping of the same
   file fails with EFAULT. The buffer is valid memory (every page lies below EOF and is
   readable); the DIO path refuses the fault on its own mapping (faults_disabled_mapping)
   and returns the error instead of faulting the buffer in and retrying. Other
   filesystems copy the data. Usage: ./a.out DIR. Exits 1 on EFAULT. */
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
  snprintf(path, sizeof path, "%s/dio-own-map", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  static char data[256 * 1024];
  memset(data, 0x5a, sizeof data);
  if (pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data || fsync(fd) != 0) return perror("setup"), 2;
  char* m = mmap(NULL, sizeof data, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return perror("mmap"), 2;
  int bad = 0;
  /* 1: source pages not yet faulted in; 2: source pages dirtied through the mapping first. */
  for (int round = 1; round <= 2; round++) {
    if (round == 2) memset(m + 65536, 0x77, 65536);
    ssize_t r = pwrite(dfd, m + 65536, 65536, 0);
    int e = errno;
    printf("round %d: pwrite(O_DIRECT, buf = own mapping + 64K, 64K at 0) = %zd%s%s\n", round, r, r < 0 ? " " : "",
           r < 0 ? strerror(e) : "");
    if (r != 65536) bad = 1;
  }
  unlink(path);
  return bad;
}
