/* tmpfs: bytes stored through a shared mapping past EOF (in the EOF page) must read zero
   once ftruncate() extends the file over them ("the extended area appears as if it were
   zero-filled", POSIX; fstests generic/363, fsx -e). Usage: ./a.out DIR (on tmpfs).
   Exits 1 and prints the first non-zero byte when the junk survives the extension. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/eof-junk", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, 10000) != 0) return perror("setup"), 2;
  char* m = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return perror("mmap"), 2;
  memset(m + 10000, 0xab, 12288 - 10000); /* legal: the EOF page past EOF */
  if (ftruncate(fd, 12288) != 0) return perror("ftruncate"), 2;
  unsigned char buf[12288];
  if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) return perror("pread"), 2;
  for (int i = 10000; i < 12288; i++) {
    if (buf[i] != 0) {
      printf("byte %d reads 0x%02x after extending from 10000 to 12288: the store past EOF became file data\n", i, buf[i]);
      unlink(path);
      return 1;
    }
  }
  printf("ok: the extended range reads zero\n");
  unlink(path);
  return 0;
}
