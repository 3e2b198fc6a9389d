/* xfs (6.18.44): an O_DIRECT read whose request crosses EOF fails with EIO after fallocate.
   A buffered write extends a file from 64K to 100K (xfs reserves delayed allocation past EOF:
   speculative preallocation); fallocate(KEEP_SIZE) over [68K, 100K) allocates the part below
   EOF, splitting the delayed extent; write-back (even fsync) converts only extents with dirty
   pages, so the delayed part past EOF stays. An O_DIRECT pread of [96K, 104K) maps it and
   fails: -1 EIO, "Direct I/O collision with buffered writes!" in the kernel log, instead of
   returning the 4096 bytes up to EOF. Without the fallocate the read returns 4096 (the
   flush before the read converts the whole delayed extent). ext4 and btrfs return 4096.
   Found by `fsfuzz stress --fs xfs --threads 2 --seed 4242`, minimized by `fsfuzz minimize`
   from 37 ops to: truncate 64K; write off=60K len=40K; fallocate off=68K len=32K keep;
   dread off=96K len=8K. Printed here: "fallocate 1 fsync 0: ... -> -1 errno Input/output
   error", "fallocate 1 fsync 1: ... -> -1 ...", "fallocate 0 fsync 0: ... -> 4096".
   Usage: ./a.out DIR [fallocate=1] [fsync=0]. Exits 1 when the read fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/xfs-delalloc-dio-read", argc > 1 ? argv[1] : ".");
  int falloc = argc > 2 ? atoi(argv[2]) : 1, sync_first = argc > 3 ? atoi(argv[3]) : 0;
  unlink(path);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return perror("open"), 2;
  static char data[40960];
  memset(data, 0x5a, sizeof data);
  if (ftruncate(fd, 65536)) return perror("ftruncate"), 2;
  if (pwrite(fd, data, 40960, 61440) != 40960) return perror("pwrite"), 2; /* [60K, 100K): size 100K */
  if (falloc && fallocate(fd, FALLOC_FL_KEEP_SIZE, 69632, 32768)) return perror("fallocate"), 2; /* [68K, 100K) */
  if (sync_first && fsync(fd)) return perror("fsync"), 2;
  int dfd = open(path, O_RDONLY | O_DIRECT);
  if (dfd < 0) return perror("open O_DIRECT"), 2;
  void* buf = NULL;
  if (posix_memalign(&buf, 4096, 8192)) return 2;
  ssize_t r = pread(dfd, buf, 8192, 98304); /* [96K, 104K): crosses EOF at 100K */
  int err = errno;
  printf("fallocate %d fsync %d: O_DIRECT pread [96K, 104K) with EOF at 100K -> %zd%s%s\n", falloc, sync_first, r,
         r < 0 ? " errno " : "", r < 0 ? strerror(err) : "");
  unlink(path);
  return r < 0;
}
