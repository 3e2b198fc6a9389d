/* ext4 (6.18.44): an O_DIRECT read into a MAP_SHARED mapping of the same file fails with EIO
   ("Direct I/O collision with buffered writes!") when its range reaches blocks that ftruncate
   cut from data not yet written back and then extended the file over again. A 256K buffered
   write (not synced), ftruncate(184K), ftruncate(188K), then pread(O_DIRECT) of [180K, 188K)
   into a mapping of the file's first 8K: -1 EIO. Into a heap buffer: 8192; without the second
   ftruncate: 4096 (short at EOF); with fsync after the write: 8192; xfs: 8192. Found by
   `fsfuzz stress --fs xfs,ext4 --threads 2 --seed 4242`, minimized by `fsfuzz minimize` from
   43 ops to 4 (file size=256K; truncate 184K; truncate 188K; mmap m0 off=0 len=8K shared;
   dread off=180K len=8K buf=m0), 3/3. A second run minimized another to `file size=16K; mmap
   m0 off=0 len=16K shared; truncate 1; write off=8K len=1; dread off=0 len=8K buf=m0+8K`
   (regrown by a write; EIO 3/3; with a heap buffer, or fsync instead of the truncate: ok).
   Usage: ./a.out DIR [heap=0] [extend=1] [fsync=0]. Exits 1 when the read fails. */
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
  snprintf(path, sizeof path, "%s/ext4-regrown", argc > 1 ? argv[1] : ".");
  const int heap = argc > 2 ? atoi(argv[2]) : 0, extend = argc > 3 ? atoi(argv[3]) : 1;
  const int sync_first = argc > 4 ? atoi(argv[4]) : 0;
  unlink(path);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  static char data[262144];
  memset(data, 0x5a, sizeof data);
  if (pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data) return perror("pwrite"), 2;
  if (sync_first && fsync(fd)) return perror("fsync"), 2;
  if (ftruncate(fd, 184 * 1024)) return perror("ftruncate"), 2;
  if (extend && ftruncate(fd, 188 * 1024)) return perror("ftruncate"), 2;
  void* buf = NULL;
  if (heap) {
    if (posix_memalign(&buf, 4096, 8192)) return 2;
  } else {
    buf = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (buf == MAP_FAILED) return perror("mmap"), 2;
  }
  ssize_t r = pread(dfd, buf, 8192, 180 * 1024);
  int err = errno;
  printf("buffer %s, extend %d, fsync %d: O_DIRECT pread [180K, 188K) -> %zd%s%s\n", heap ? "heap" : "own mapping",
         extend, sync_first, r, r < 0 ? " errno " : "", r < 0 ? strerror(err) : "");
  unlink(path);
  return r < 0;
}
