/* Kernel behaviour the oracle ADMITS (not a finding): an O_DIRECT read whose buffer address is
   misaligned fails with EINVAL, but only after zero-filling the part of the buffer over holes (or
   unwritten extents) before the first mapped extent: iomap checks the alignment per extent
   (ext4 and xfs on 6.18; tmpfs and btrfs fall back to buffered and succeed). A buffer's contents
   after a failed read are unspecified, so the checker treats the private pages such a read reached
   as unknown (signal misaligned-dread-einval-buffer-unknown). Found by `fsfuzz stress --fs xfs,ext4
   --threads 2 --seed 4242` as "data mismatch in touch_read" of a private mapping.
   Usage: ./a.out DIR. Exits 1 when the failed read changed its buffer. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/misaligned-dread", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return perror("open"), 2;
  char data[4096];
  memset(data, 0x5a, sizeof data);
  /* [0, 8K) a hole, [8K, 12K) data, size 16K */
  if (ftruncate(fd, 16384) || pwrite(fd, data, 4096, 8192) != 4096 || fsync(fd)) return perror("setup"), 2;
  int dfd = open(path, O_RDONLY | O_DIRECT);
  if (dfd < 0) return perror("open O_DIRECT"), 2;
  unsigned char* buf = NULL;
  if (posix_memalign((void**)&buf, 4096, 5 * 4096)) return 2;
  memset(buf, 0xaa, 5 * 4096);
  ssize_t r = pread(dfd, buf + 2423, 12288, 0); /* buffer address misaligned by 2423 */
  int err = errno, zeroed = 0;
  for (int i = 2423; i < 2423 + 12288; i++) zeroed += buf[i] == 0;
  printf("pread -> %zd (%s); %d of 12288 buffer bytes were zeroed\n", r, r < 0 ? strerror(err) : "ok", zeroed);
  unlink(path);
  return r < 0 && zeroed ? 1 : 0;
}
