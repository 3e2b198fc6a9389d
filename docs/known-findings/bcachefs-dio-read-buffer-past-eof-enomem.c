/* bcachefs (6.12): an O_DIRECT read whose buffer is a MAP_SHARED mapping of the same file
   that runs into pages wholly past EOF fails with ENOMEM; ext4 and xfs fail with
   EFAULT, btrfs returns the short count 57344 (the buffer cannot be faulted in past EOF:
   those pages would SIGBUS). Seen on 6.12.118+deb13-cloud-amd64 in the VM.
   File of 1016K (written, fsynced); mmap 1M shared; pread(O_DIRECT, map + 960K, 64K,
   732K): the buffer's last 8K lie past EOF. With the buffer inside EOF (map + 900K), or
   the file 1024K long, the read succeeds on every filesystem.
   fsfuzz found it as "unexpected ENOMEM in dread(buf=map) on bcachefs".
   Usage: ./a.out DIR. Prints each case; exits 1 when a read failed with ENOMEM, 0
   otherwise. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define K 1024L

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-read-enomem", dir);
  static char data[1024 * K];
  memset(data, 0x11, sizeof data);
  const struct {
    long size, buf_off;
  } cases[] = {{1016 * K, 960 * K}, {1016 * K, 900 * K}, {1024 * K, 960 * K}};
  int enomem = 0;
  for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    int dfd = open(path, O_RDWR | O_DIRECT);
    if (fd < 0 || dfd < 0 || pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data ||
        ftruncate(fd, cases[i].size) != 0 || fsync(fd) != 0)
      return perror("setup"), 2;
    char* m = mmap(NULL, 1024 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) return perror("mmap"), 2;
    errno = 0;
    ssize_t r = pread(dfd, m + cases[i].buf_off, 64 * K, 732 * K);
    const int e = errno;
    printf("%s: size %ldK, O_DIRECT pread of 64K into the file's own mapping at %ldK: %zd%s%s\n", dir,
           cases[i].size / K, cases[i].buf_off / K, r, r < 0 ? " " : "", r < 0 ? strerror(e) : "");
    if (r < 0 && e == ENOMEM) enomem = 1;
    munmap(m, 1024 * K);
    close(dfd);
    close(fd);
  }
  return enomem;
}
