/* xfs (6.18.44): an O_DIRECT read whose request crosses EOF fails with EIO after the delayed
   allocation past EOF was split. A buffered write that extends a file makes xfs reserve
   delayed allocation past EOF (speculative preallocation). Something that allocates inside
   that reservation splits it:
     mode 1: fallocate(KEEP_SIZE) over part of what the write wrote;
     mode 2: an O_DIRECT write a little past EOF (it extends the file over a gap).
   Write-back (even fsync, in mode 1) converts only the extents with dirty pages, so the
   delayed part past EOF stays, and an O_DIRECT read whose request crosses EOF maps it and
   fails: -1 EIO, "Direct I/O collision with buffered writes!" in the kernel log, instead of
   returning the bytes up to EOF. Mode 0 (no split) returns them. ext4 and btrfs return them
   in every mode. Deterministic. Found by `fsfuzz stress --fs xfs,ext4 --threads 2 --seed
   4242`, minimized by `fsfuzz minimize` from 37 and 39 ops to 4 each:
     truncate 64K; write off=60K len=40K; fallocate off=68K len=32K keep; dread off=96K len=8K
     truncate 64K; write off=700K+3562 len=48K+1096; dwrite off=756K len=4K; dread off=744K len=20K
   Printed here: mode 0 -> 4096, mode 1 -> -1 EIO (also with fsync), mode 2 -> -1 EIO (16384
   when fsync runs before the O_DIRECT write).
   Usage: ./a.out DIR [mode=1] [fsync=0]. Exits 1 when the read fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/xfs-split-delalloc", argc > 1 ? argv[1] : ".");
  const int mode = argc > 2 ? atoi(argv[2]) : 1, sync_first = argc > 3 ? atoi(argv[3]) : 0;
  unlink(path);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  static char data[50248];
  memset(data, 0x5a, sizeof data);
  void* buf = NULL;
  if (posix_memalign(&buf, 4096, 20480)) return 2;
  memset(buf, 0x6b, 20480);
  if (ftruncate(fd, 65536)) return perror("ftruncate"), 2;
  ssize_t r;
  off_t at;
  size_t len;
  if (mode == 2) {
    if (pwrite(fd, data, 50248, 720362) != 50248) return perror("pwrite"), 2; /* EOF 770610 */
    if (sync_first && fsync(fd)) return perror("fsync"), 2;
    if (pwrite(dfd, buf, 4096, 774144) != 4096) return perror("O_DIRECT pwrite"), 2; /* [756K, 760K) */
    at = 761856, len = 20480; /* [744K, 764K), EOF 760K */
  } else {
    if (pwrite(fd, data, 40960, 61440) != 40960) return perror("pwrite"), 2; /* [60K, 100K) */
    if (mode == 1 && fallocate(fd, FALLOC_FL_KEEP_SIZE, 69632, 32768)) return perror("fallocate"), 2;
    if (sync_first && fsync(fd)) return perror("fsync"), 2;
    at = 98304, len = 8192; /* [96K, 104K), EOF 100K */
  }
  r = pread(dfd, buf, len, at);
  int err = errno;
  printf("mode %d fsync %d: O_DIRECT pread of %zu bytes at %lld crossing EOF -> %zd%s%s\n", mode, sync_first, len,
         (long long)at, r, r < 0 ? " errno " : "", r < 0 ? strerror(err) : "");
  unlink(path);
  return r < 0;
}
