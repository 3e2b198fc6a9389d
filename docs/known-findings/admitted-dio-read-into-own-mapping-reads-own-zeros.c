/* Admitted (xfs, 6.18; the checker models it): an O_DIRECT pread() into a shared mapping of
   the same file may read back what it stored into the file through its own buffer. Here the
   read of [988K, 1052K) (36K to EOF at 1M) goes to a mapping of [960K, 1024K): past the count
   iomap zero-fills the buffer (the request past EOF is read as a hole; see
   admitted-dio-read-zeroes-buffer-past-count.c), and that buffer is file [996K, 1024K), part
   of the read's own source. An O_DIRECT pwrite() of another range [516K, 580K) at the same
   time flushes its range first; the file was written with one 1 MiB write, so one large
   folio holds both ranges and the flush writes the read's zeros back to disk, before the
   read's blocks there are read: the read returns 36K and its buffer holds zeros for
   [996K, 1024K). Written 4 KiB at a time (small folios) it does not happen (0 of 300), nor
   without the concurrent write, nor with a read that ends before EOF. Each byte is still
   old data or what the read itself put in its source, so the checker admits it (one hop:
   CheckerCopy.DirectReadIntoItsOwnSourceMayReadWhatItPutThereInAnyOrder); ext4 and xfs
   stress found it on 2026-12-07 (8 of 300 here with large folios).
   Usage: ./a.out DIR [repeats] [small]. Exits 1 when the buffer does not hold old data. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define K 1024
static int dfd;
static char *map, *wbuf;
static pthread_barrier_t bar;
static ssize_t got;

static void* reader(void* a) {
  (void)a;
  pthread_barrier_wait(&bar);
  got = pread(dfd, map, 64 * K, 988 * K);
  return NULL;
}

static void* writer(void* a) {
  (void)a;
  pthread_barrier_wait(&bar);
  if (pwrite(dfd, wbuf, 64 * K, 516 * K) != 64 * K) perror("O_DIRECT pwrite");
  return NULL;
}

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-read-own-zeros", argc > 1 ? argv[1] : ".");
  const int repeats = argc > 2 ? atoi(argv[2]) : 300, small = argc > 3;
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  static char init[1024 * K];
  for (int i = 0; i < 1024 * K; i++) init[i] = (char)('A' + (i / 4096) % 26); /* page p: 'A' + p % 26 */
  if (posix_memalign((void**)&wbuf, 4096, 64 * K)) return 2;
  memset(wbuf, 'w', 64 * K);
  int bad = 0;
  for (int rep = 1; rep <= repeats; rep++) {
    if (ftruncate(fd, 0)) return perror("ftruncate"), 2;
    for (int off = 0, step = small ? 4 * K : 1024 * K; off < 1024 * K; off += step) {
      if (pwrite(fd, init + off, step, off) != step) return perror("pwrite"), 2;
    }
    if (fsync(fd)) return perror("fsync"), 2;
    map = mmap(NULL, 68 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 960 * K);
    if (map == MAP_FAILED) return perror("mmap"), 2;
    pthread_t r, w;
    pthread_barrier_init(&bar, NULL, 2);
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    pthread_barrier_destroy(&bar);
    if (got != 36 * K) return fprintf(stderr, "O_DIRECT pread returned %zd\n", got), 2;
    int zeros = 0, other = 0;
    for (int p = 0; p < 9; p++) { /* buffer page p must hold file page 988K/4K + p */
      const char want = (char)('A' + (988 / 4 + p) % 26), c = map[p * 4096];
      if (c == 0) zeros++;
      else if (c != want) other++;
    }
    if (zeros || other) {
      if (++bad <= 5) {
        printf("repeat %d: the read returned %zd bytes; of its 9 buffer pages %d hold zeros, %d other bytes\n", rep,
               got, zeros, other);
      }
    }
    munmap(map, 68 * K);
  }
  printf("%d of %d repeats read back their own zeros (%s folios)\n", bad, repeats, small ? "small" : "large");
  close(fd);
  close(dfd);
  unlink(path);
  return bad ? 1 : 0;
}
