/* ext4 (6.18.44): an O_DIRECT read of a block punched out of data not yet written back fails
   with EIO ("Direct I/O collision with buffered writes!") while a store through a MAP_SHARED
   mapping goes to the neighbouring block. Per iteration: a 16K buffered write (not synced), a
   mapping of the first 4K, fallocate(PUNCH_HOLE) of [0, 8K), then two threads released by a
   barrier: one stores a byte at offset 0 through the mapping, the other preads [4K, 8K) with
   O_DIRECT (a hole: it must return 4096 zeros). Printed here (300 iterations, fresh loop
   mount): ext4 "210 of 300 ... failed with EIO"; with fsync after the write: 0; without the
   punch: 0; xfs: 0. Found by `fsfuzz stress --fs xfs,ext4,btrfs,tmpfs --threads 2 --seed
   777`, minimized by `fsfuzz minimize` from 39 ops to 4 (file size=16K; mmap m0 off=0 len=4K
   shared; fallocate off=0 len=8K punch; round { touch_write m0 off=0 len=1; dread off=4K
   len=4K }), 5/5 with `fsfuzz run --fs ext4`.
   Usage: ./a.out DIR [iterations=200] [fsync=0] [punch=1]. Exits 1 when a read failed. */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
static char *m;
static int dfd;
static void *buf;
static ssize_t r;
static int err;
static pthread_barrier_t bar;
static void *storer(void *a) { (void)a; pthread_barrier_wait(&bar); m[0] = 0x77; return 0; }
static void *reader(void *a) { (void)a; pthread_barrier_wait(&bar); r = pread(dfd, buf, 4096, 4096); err = errno; return 0; }
int main(int argc, char **argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/e6-test", argv[1]);
  int n = argc > 2 ? atoi(argv[2]) : 200, sync_first = argc > 3 ? atoi(argv[3]) : 0, punch = argc > 4 ? atoi(argv[4]) : 1, eio = 0;
  if (posix_memalign(&buf, 4096, 4096)) return 2;
  static char data[16384];
  memset(data, 0x5a, sizeof data);
  for (int i = 0; i < n; i++) {
    unlink(path);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    dfd = open(path, O_RDWR | O_DIRECT);
    if (pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data) return perror("pwrite"), 2;
    if (sync_first) fsync(fd);
    m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (punch && fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 8192)) return perror("punch"), 2;
    pthread_barrier_init(&bar, 0, 2);
    pthread_t a, b;
    pthread_create(&a, 0, storer, 0);
    pthread_create(&b, 0, reader, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    pthread_barrier_destroy(&bar);
    if (r < 0) { eio += err == EIO; if (eio <= 3) printf("iteration %d: O_DIRECT pread [4K, 8K) -> -1 %s\n", i, strerror(err)); }
    munmap(m, 4096);
    close(fd);
    close(dfd);
  }
  printf("fsync %d punch %d: %d of %d O_DIRECT reads of block 1 failed with EIO while a store went to block 0\n", sync_first, punch, eio, n);
  unlink(path);
  return eio != 0;
}
