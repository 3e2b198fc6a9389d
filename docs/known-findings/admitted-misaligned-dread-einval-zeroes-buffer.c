/* Kernel behaviour the oracle ADMITS (not a finding): an O_DIRECT read whose buffer address is
   misaligned fails with EINVAL, but only after zero-filling the part of the buffer over holes (or
   unwritten extents) before the first mapped extent: iomap checks the alignment per extent
   (ext4 and xfs on 6.18; tmpfs and btrfs fall back to buffered and succeed). A buffer's contents
   after a failed read are unspecified, so the checker treats the private pages such a read reached
   as unknown (signal misaligned-dread-einval-buffer-unknown). Found by `fsfuzz stress --fs xfs,ext4
   --threads 2 --seed 4242` as "data mismatch in touch_read" of a private mapping.
   A misaligned request that starts in a hole and runs past EOF also has the part of its buffer
   past EOF zero-filled, whatever extent failed in between (ext4 and xfs, 6.18): into a shared
   mapping of the same file those zeros are file data, which other copies of a round may read
   (found by `fsfuzz stress --fs ext4-dioread_nolock --threads 2 --mix seed --seed 9001`; the
   checker admits zeros from the count it allows up to the request's end).
   Usage: ./a.out DIR. Exits 1 when a failed read changed its buffer.
   Printed here (kernel 6.18.44, 2026-12-06):
     ext4, xfs:  pread -> -1 (Invalid argument); 8192 of 12288 buffer bytes were zeroed
                 pread across EOF -> -1 (Invalid argument); 9823 of 9823 buffer bytes past EOF were zeroed
     btrfs, tmpfs:  pread -> 12288 (ok) ...; pread across EOF -> 14753 (ok); 0 of 9823 ... zeroed */
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
  if (posix_memalign((void**)&buf, 4096, 6 * 4096)) return 2;
  memset(buf, 0xaa, 5 * 4096);
  ssize_t r = pread(dfd, buf + 2423, 12288, 0); /* buffer address misaligned by 2423 */
  int err = errno, zeroed = 0;
  for (int i = 2423; i < 2423 + 12288; i++) zeroed += buf[i] == 0;
  printf("pread -> %zd (%s); %d of 12288 buffer bytes were zeroed\n", r, r < 0 ? strerror(err) : "ok", zeroed);
  /* Past EOF as well: a request with a misaligned offset that starts in the hole and runs
     past EOF zero-fills over the hole and over everything past EOF, skipping only the data
     extent where the alignment check failed. */
  memset(buf, 0xaa, 6 * 4096);
  ssize_t r2 = pread(dfd, buf, 6 * 4096, 1631); /* [1631, +24K): hole, data, hole, past EOF */
  int err2 = errno, tail = 0;
  for (int i = 16384 - 1631; i < 6 * 4096; i++) tail += buf[i] == 0;
  printf("pread across EOF -> %zd (%s); %d of %d buffer bytes past EOF were zeroed\n", r2,
         r2 < 0 ? strerror(err2) : "ok", tail, 6 * 4096 - (16384 - 1631));
  unlink(path);
  return (r < 0 && zeroed) || (r2 < 0 && tail) ? 1 : 0;
}
