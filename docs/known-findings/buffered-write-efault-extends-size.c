/* ext4, tmpfs (6.18): a buffered pwrite() beyond EOF whose source buffer faults fails with
   EFAULT, yet st_size grows to the write offset. Usage: ./a.out DIR. Exits 1 on the bug. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/efault-size", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  char* bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct stat st;
  fstat(fd, &st);
  long before = (long)st.st_size;
  ssize_t r = pwrite(fd, bad, 4096, 1 << 20);
  int e = errno;
  fstat(fd, &st);
  printf("pwrite ret %zd (%s), st_size %ld -> %ld%s\n", r, r < 0 ? strerror(e) : "ok", before, (long)st.st_size,
         (r < 0 && st.st_size != before) ? "  BUG: a failed write changed the size" : "");
  unlink(path);
  return r < 0 && st.st_size != before;
}
