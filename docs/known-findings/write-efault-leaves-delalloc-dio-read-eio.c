/* ext4, xfs (6.18): a buffered write past EOF whose source buffer faults (it is a mapping of a
   page wholly past EOF of its file) copies nothing but leaves its delayed allocation behind;
   an O_DIRECT read whose request reaches that block later fails with EIO, the kernel logging
   "Direct I/O collision with buffered writes!" (iomap finds IOMAP_DELALLOC under a DIO).
   Mode 0 (xfs): ftruncate(64K); pwrite(512K, 1 byte from a private mapping of file offset 64K)
   fails with EFAULT; pwrite(484K, 1 byte) extends the file; O_DIRECT pread(484K, 36K) -> EIO.
   (ext4 does not fail that write: it grows i_size first, then retries the copy and succeeds.)
   Mode 1 (ext4): on ext4 the buffered write is the fallback of an O_DIRECT write: size 68K,
   pwrite(32K, 1 byte); an O_DIRECT write of [32K, 72K) from a private mapping of the file
   (its last page is wholly past EOF) races a store through a shared mapping into page 32K, so
   its page-cache invalidation fails and ext4 falls back to a buffered write, which faults on
   the page past EOF; the write returns 36864 (a legal short count), and then an O_DIRECT pread
   of [64K, +8K) fails with EIO (of [64K, +4K), up to EOF, it succeeds). Without the racing
   store (or with it before or after the write) it never happens.
   Build: cc -O2 -pthread -o a.out write-efault-leaves-delalloc-dio-read-eio.c
   Run:   ./a.out DIR MODE [iterations=200]; exits 1 when an O_DIRECT read failed with EIO.
   Printed here (6.18.44, fresh loop mounts):
     xfs  mode 0: pwrite(512K, 1 byte from a mapping past EOF) = -1 (Bad address);
                  st_size 495617; O_DIRECT pread(484K, 36K) = -1 (Input/output error)  [every run]
     ext4 mode 0: the write returns 1; pread returns 28673 (no bug shown this way)
     ext4 mode 1: 129/200 and 111/200 iterations with a failed O_DIRECT read (EIO); 0/200 with
                  the store before or after the write instead of racing it
     xfs  mode 1: 0/100 (xfs does not fall back to buffered writes) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define K 1024
static int fd, dfd;
static char *m0, *m1;
static pthread_barrier_t bar;
static ssize_t wret;
static void* storer(void* a) {
  (void)a;
  pthread_barrier_wait(&bar);
  m1[12 * K + 2408] = 'y'; /* file offset 34168: page 32K, inside the O_DIRECT write */
  return 0;
}
static void* dwriter(void* a) {
  (void)a;
  pthread_barrier_wait(&bar);
  wret = pwrite(dfd, m0 + 32 * K, 40 * K, 32 * K); /* its last page is wholly past EOF */
  return 0;
}
static int open_files(const char* path) {
  unlink(path);
  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  dfd = open(path, O_RDWR | O_DIRECT);
  return fd < 0 || dfd < 0 ? (perror("open"), -1) : 0;
}
int main(int argc, char** argv) {
  if (argc < 3) return fprintf(stderr, "usage: %s DIR MODE [iterations]\n", argv[0]), 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/delalloc-eio", argv[1]);
  int mode = atoi(argv[2]), n = argc > 3 ? atoi(argv[3]) : 200, bad = 0;
  void* rb;
  if (posix_memalign(&rb, 4096, 36 * K)) return 2;
  if (mode == 0) {
    if (open_files(path)) return 2;
    char* m = mmap(0, 4 * K, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 64 * K);
    if (m == MAP_FAILED || ftruncate(fd, 64 * K)) return perror("setup"), 2;
    ssize_t w = pwrite(fd, m, 1, 512 * K);
    int we = errno;
    printf("pwrite(512K, 1 byte from a mapping past EOF) = %zd (%s)\n", w, w < 0 ? strerror(we) : "-");
    if (pwrite(fd, "x", 1, 484 * K) != 1) return perror("pwrite 484K"), 2;
    struct stat st;
    fstat(fd, &st);
    ssize_t r = pread(dfd, rb, 36 * K, 484 * K);
    printf("st_size %lld; O_DIRECT pread(484K, 36K) = %zd (%s)\n", (long long)st.st_size, r,
           r < 0 ? strerror(errno) : "-");
    unlink(path);
    return r < 0 && errno == EIO;
  }
  for (int i = 0; i < n; i++) {
    if (open_files(path)) return 2;
    m0 = mmap(0, 72 * K, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (m0 == MAP_FAILED || ftruncate(fd, 68 * K) || pwrite(fd, "x", 1, 32 * K) != 1) return perror("setup"), 2;
    m1 = mmap(0, 16 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 20 * K);
    if (m1 == MAP_FAILED) return perror("mmap"), 2;
    pthread_barrier_init(&bar, 0, 2);
    pthread_t a, b;
    pthread_create(&a, 0, storer, 0);
    pthread_create(&b, 0, dwriter, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    pthread_barrier_destroy(&bar);
    ssize_t r4 = pread(dfd, rb, 4 * K, 64 * K), r = pread(dfd, rb, 8 * K, 64 * K);
    int e = errno;
    if (r != 4 * K && ++bad <= 3)
      printf("iteration %d: the O_DIRECT write returned %zd; O_DIRECT pread of [64K, +4K) = %zd, of [64K, +8K) "
             "= %zd (%s), 4096 due\n", i, wret, r4, r, r < 0 ? strerror(e) : "-");
    munmap(m0, 72 * K);
    munmap(m1, 16 * K);
    close(fd);
    close(dfd);
  }
  unlink(path);
  printf("%d/%d iterations with a failed O_DIRECT read\n", bad, n);
  return bad != 0;
}
