/* UNRESOLVED (2026-12-07), xfs 6.18: an O_DIRECT pread() into a shared mapping of the same
   file, beside an O_DIRECT pwrite() of another range, returned its full count while some
   buffer pages kept their old bytes (neither the read's data nor the zeros the read itself
   may feed back, admitted-dio-read-into-own-mapping-reads-own-zeros.c): 1 run in 600
   ("run 73 page 0: 0x47, want N": pages 0-3 held file pages 960K-972K, their own old bytes).
   A guess to check: the write's page-cache invalidation removes the whole large folio (the
   file is written with one 1 MiB write) while the read has it pinned, so the read's data
   lands in a folio the file no longer has and the mapping faults in a new one from disk.
   Set up like the admitted program, but with ftruncate to the same size (which writes the
   file back on xfs) instead of fsync. Usage: ./a.out FILE RUNS. Build: cc -O2 -pthread. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#define K 1024
static int dfd; static char *map, *wbuf; static pthread_barrier_t bar; static ssize_t got;
static void *reader(void *a) { (void)a; pthread_barrier_wait(&bar); got = pread(dfd, map, 64 * K, 988 * K); return NULL; }
static void *writer(void *a) { (void)a; pthread_barrier_wait(&bar); if (pwrite(dfd, wbuf, 64 * K, 516 * K) != 64 * K) perror("dwrite"); return NULL; }
int main(int argc, char **argv) {
  int fd = open(argv[1], O_RDWR | O_CREAT, 0600); dfd = open(argv[1], O_RDWR | O_DIRECT);
  long n = atol(argv[2]); posix_memalign((void **)&wbuf, 4096, 64 * K); memset(wbuf, 'w', 64 * K);
  char *init = malloc(1024 * K); int bad_runs = 0;
  for (long it = 1; it <= n; it++) {
    for (int i = 0; i < 1024 * K; i++) init[i] = 'A' + (i / 4096) % 26;  // page p holds 'A' + p % 26
    if (ftruncate(fd, 0) || pwrite(fd, init, 1024 * K, 0) != 1024 * K) { perror("reset"); return 2; }
    if (ftruncate(fd, 1024 * K)) { perror("ftruncate"); return 2; }
    map = mmap(NULL, 68 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 960 * K);
    pthread_barrier_init(&bar, NULL, 2); pthread_t r, w;
    pthread_create(&r, NULL, reader, NULL); pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL); pthread_join(w, NULL); pthread_barrier_destroy(&bar);
    int zero_pages = 0;
    for (int p = 0; p < (int)(got / 4096); p++) {  // map page p = file 960K + 4K*p, read from 988K + 4K*p
      char want = 'A' + ((988 * K + p * 4096) / 4096) % 26;
      if (map[p * 4096] == 0) zero_pages++;
      else if (map[p * 4096] != want) printf("run %ld page %d: 0x%02x, want %c\n", it, p, (unsigned char)map[p * 4096], want);
    }
    if (zero_pages) { bad_runs++; if (bad_runs <= 5) printf("run %ld: read returned %zd, %d of its pages read zeros\n", it, got, zero_pages); }
    munmap(map, 68 * K);
    fsync(fd);
  }
  printf("zeros in %d of %ld runs\n", bad_runs, n);
  return bad_runs != 0;
}
