/* bcachefs (6.12): bytes stored through a shared mapping past EOF (in the EOF page) must
   read zero once a pwrite() beyond them extends the file (POSIX: the gap reads as zeros;
   fstests generic/363, fsx -e). Usage: ./a.out DIR. Exits 1 when the junk survives. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/eof-junk-write", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, 11288) != 0) return perror("setup"), 2;
  char* m = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return perror("mmap"), 2;
  memset(m + 11388, 0xab, 800);             /* legal: the EOF page past EOF */
  char tail[100];
  memset(tail, 0x11, sizeof tail);
  if (pwrite(fd, tail, sizeof tail, 16384) != (ssize_t)sizeof tail) return perror("pwrite"), 2;
  unsigned char buf[16384];
  if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) return perror("pread"), 2;
  for (int i = 11288; i < 16384; i++) {
    if (buf[i] != 0) {
      printf("byte %d reads 0x%02x after a write at 16384 extended the file from 11288: the store past EOF became file data\n",
             i, buf[i]);
      unlink(path);
      return 1;
    }
  }
  printf("ok: the gap reads zero\n");
  unlink(path);
  return 0;
}
