/* btrfs: an O_DIRECT read whose user buffer another thread stores into while the read is
   in flight fails with EIO: btrfs verifies the data checksum on the user's pages after
   the read, sees the stores, logs "csum failed ... mirror 1" and counts a corruption in
   the device's error stats (corrupt N), though the disk is fine, and zeroes the buffer
   (every sector whose checksum failed: the bytes the read got and the stores alike; when
   the buffer is a mapping of the file, the file's pages). The buffer's contents are the
   program's race to lose; the EIO and the corruption count are not. ext4, xfs and tmpfs
   return the bytes read.
   Build and run (DIR on the filesystem under test; root for dmesg):
     cc -std=c11 -pthread -Wall -O2 -o dread-store btrfs-dio-read-buffer-stores-csum-eio.c
     ./dread-store DIR [ROUNDS]; dmesg | grep -i csum
   Exits 1 when a read returned EIO. Printed here (kernel 6.18.44, loop devices, 2026-12-06):
     btrfs: round 2: O_DIRECT pread returned -1 (Input/output error) while another thread
            stored into its buffer   (exit 1; dmesg: "BTRFS warning (device loop0): csum failed
            root 5 ino 257 off 36864 csum 0x78367e5f expected csum 0x498cf137 mirror 1")
     (2026-12-07: "the buffer after it: 65280 of 65280 bytes no store touched are zero", 3 of 3)
     ext4, xfs, tmpfs: no error in 2000 reads   (exit 0)
   Found by fsfuzz: 1 of 500 random programs on btrfs, a round with `dread buf=m5+12K` and
   `touch_write m5` over the same pages. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kLen = 64 * 1024 };
static char* buf;
static atomic_int stop;

static void* storer(void* arg) {
  (void)arg;
  unsigned v = 0;
  while (!atomic_load(&stop)) {
    for (int off = 0; off < kLen; off += 256) ((volatile char*)buf)[off] = (char)++v;
  }
  return NULL;
}

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dread-store", argc > 1 ? argv[1] : ".");
  const int rounds = argc > 2 ? atoi(argv[2]) : 2000;
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  if (posix_memalign((void**)&buf, 4096, kLen) != 0) return 2;
  memset(buf, 0x5a, kLen);
  if (pwrite(fd, buf, kLen, 0) != kLen || fsync(fd) != 0) return perror("setup"), 2;
  pthread_t t;
  pthread_create(&t, NULL, storer, NULL);
  int eio = 0, r;
  for (r = 0; r < rounds && !eio; r++) {
    ssize_t n = pread(dfd, buf, kLen, 0);
    if (n < 0) {
      printf("round %d: O_DIRECT pread returned -1 (%s) while another thread stored into its buffer\n", r,
             strerror(errno));
      eio = errno == EIO;
      if (!eio) break;
      atomic_store(&stop, 1);
      pthread_join(t, NULL);
      int zero = 0; /* the bytes no store touched (off % 256 != 0): read data 0x5a, or zeros */
      for (int i = 0; i < kLen; i++) zero += i % 256 && buf[i] == 0;
      printf("  the buffer after it: %d of %d bytes no store touched are zero\n", zero, kLen - kLen / 256);
      unlink(path);
      return 1;
    }
  }
  atomic_store(&stop, 1);
  pthread_join(t, NULL);
  if (!eio) printf("no error in %d reads\n", r);
  unlink(path);
  return eio ? 1 : 0;
}
