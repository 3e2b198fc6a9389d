/* bcachefs (6.12): data an O_DIRECT read stored into a MAP_SHARED mapping of the same file
   is lost when an O_DIRECT write to the range just above the read's destination runs at
   the same time (here a write from the file's own mapping, which bcachefs fails with
   EFAULT: known finding bcachefs-dio-write-from-own-mapping-efault). The read returns its
   full count and the mapping shows its bytes right after it returns; a buffered read after
   both calls shows the destination's old bytes in the pages next to the write's range
   ([816K+7, 824K) here): the page-cache pages the read filled were dropped, their new
   contents never written back. ext4, xfs and btrfs keep the data.
   File of 1088K (each 8-byte word holds its offset), fsynced and evicted; m2 = mmap
   [796K, 824K), m5 = mmap [0, 1M) shared; a load and a store through m2 at 808K; then,
   released together: pread(O_DIRECT, m2 + 4K+3047, 20K, 824K) and pwrite(O_DIRECT,
   m5 + 972K, 52K, 824K). Modes: 0 also reads the whole file (buffered) first, 1 does not,
   2 runs the read alone. On 6.12.118+deb13-cloud-amd64 in the VM, two runs of 30 repeats
   per mode: mode 1 lost data in 13 and 8, mode 0 in 1 and 0, mode 2 never; ext4, xfs and
   btrfs never. fsfuzz found it as
   "data mismatch in dwrite(buf=map) vs dread(buf=map) on bcachefs" (11 of 20 replays).
   Usage: ./a.out DIR [repeats] [mode]. Exits 1 when the read's stores were lost, else 0,
   2 on a setup error. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#define K 1024L
#define FSIZE (1088 * K)
static int dfd;
static char *m2, *m5;
static pthread_barrier_t bar;
static ssize_t wret, rret;
static int werr, rerr;
static char seen[20 * 1024];
static long dst_in_m2 = 4 * K + 3047, rlen = 20 * K, roff = 824 * K, woff = 824 * K, wlen = 52 * K;
static void *writer(void *a) {
  (void)a;
  pthread_barrier_wait(&bar);
  wret = pwrite(dfd, m5 + 972 * K, wlen, woff);
  werr = errno;
  return NULL;
}
static void *reader(void *a) {
  (void)a;
  pthread_barrier_wait(&bar);
  rret = pread(dfd, m2 + dst_in_m2, rlen, roff);
  rerr = errno;
  memcpy(seen, m2 + dst_in_m2, rlen); /* read back at once, as fsfuzz does */
  return NULL;
}
static void fill(char *p, long off, long n, uint64_t tag) {
  for (long i = 0; i < n; i += 8) {
    uint64_t v = ((uint64_t)(off + i) << 8) | tag;
    memcpy(p + i, &v, 8);
  }
}
static int one(int argc, char **argv);
int main(int argc, char **argv) {
  if (argc > 3) return one(argc, argv);
  int any = 0;
  for (int m = 0; m < 3; m++) {
    char ms[2] = {(char)('0' + m), 0};
    char *av[4] = {argv[0], argc > 1 ? argv[1] : ".", argc > 2 ? argv[2] : "20", ms};
    any |= one(4, av);
  }
  return any;
}
static int one(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  long reps = argc > 2 ? atol(argv[2]) : 20;
  int mode = argc > 3 ? atoi(argv[3]) : 0; /* 0: as found; 1: no prior read-ahead; 2: writer off */
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-read-loss", dir);
  static char data[FSIZE];
  fill(data, 0, FSIZE, 0x11);
  char *buffered = malloc(rlen), *scratch = malloc(FSIZE);
  long lost = 0;
  for (long r = 0; r < reps; r++) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    dfd = open(path, O_RDWR | O_DIRECT);
    if (fd < 0 || dfd < 0 || pwrite(fd, data, FSIZE, 0) != FSIZE || fsync(fd)) return perror("setup"), 2;
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    if (mode != 1) pread(fd, scratch, FSIZE, 0); /* readahead: large folios */
    m2 = mmap(NULL, 28 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 796 * K);
    m5 = mmap(NULL, 1024 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m2 == MAP_FAILED || m5 == MAP_FAILED) return perror("mmap"), 2;
    volatile char c = m2[12 * K]; /* as the program: loads and a store through m2 */
    (void)c;
    m2[12 * K] = 0x55;
    pthread_barrier_init(&bar, NULL, mode == 2 ? 1 : 2);
    pthread_t a, b;
    if (mode != 2) pthread_create(&a, NULL, writer, NULL);
    pthread_create(&b, NULL, reader, NULL);
    if (mode != 2) pthread_join(a, NULL);
    pthread_join(b, NULL);
    pread(fd, buffered, rlen, 796 * K + dst_in_m2); /* the page cache after the round */
    /* The read's data: the file at [824K, +20K) before the write (it failed) or after it
       (the bytes from 972K). Per 8-byte word: either is fine, the destination's old bytes
       are not. */
    const char* old = data + 796 * K + dst_in_m2;
    long n = 0, first = -1, seen_ok = 1;
    for (long i = 0; i + 8 <= rlen; i += 8) {
      const int ok = !memcmp(buffered + i, data + roff + i, 8) || !memcmp(buffered + i, data + 972 * K + i, 8);
      if (!ok && !memcmp(buffered + i, old + i, 8)) { if (first < 0) first = i; n += 8; }
      if (memcmp(seen + i, data + roff + i, 8) && memcmp(seen + i, data + 972 * K + i, 8)) seen_ok = 0;
    }
    if (rret == rlen && n) {
      if (lost++ < 5)
        printf("repeat %ld: read %zd, write %zd (%s); %ld bytes of the read's destination from file offset %ldK+%ld "
               "hold their old bytes in the page cache (the mapping %s the read's data right after the read)\n",
               r, rret, wret, wret < 0 ? strerror(werr) : "ok", n, (796 * K + dst_in_m2 + first) / K,
               (796 * K + dst_in_m2 + first) % K, seen_ok ? "showed" : "did not show");
    }
    munmap(m2, 28 * K);
    munmap(m5, 1024 * K);
    close(dfd);
    close(fd);
  }
  printf("%s mode %d: the read's stores were lost in %ld of %ld repeats\n", dir, mode, lost, reps);
  return lost ? 1 : 0;
}
