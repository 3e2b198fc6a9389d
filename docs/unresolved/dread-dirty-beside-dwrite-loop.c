// Used on 2026-12-07 to try the race of docs/unresolved/*-dwrite-zeros.fsp in plain C (0 zeros
// in 25,600 + 30,084 rounds on ext4, kernel 6.18.44). Build: cc -O2 -pthread -o rz THIS.c
// O_DIRECT read racing an O_DIRECT write over blocks that hold buffered (dirty) data:
// does the read ever return zeros? Usage: rz FILE SECONDS [evict]
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
enum { LEN = 64 * 1024, WOFF = 16 * 1024, WLEN = 16 * 1024 };
static int fd, dfd;
static char *rbuf, *wbuf;
static pthread_barrier_t bar;
static void *reader(void *a) { (void)a; pthread_barrier_wait(&bar); if (pread(dfd, rbuf, LEN, 0) != LEN) perror("dread"); return NULL; }
static void *writer(void *a) { (void)a; pthread_barrier_wait(&bar); if (pwrite(dfd, wbuf, WLEN, WOFF) != WLEN) perror("dwrite"); return NULL; }
int main(int argc, char **argv) {
  fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
  dfd = open(argv[1], O_RDWR | O_DIRECT);
  int secs = atoi(argv[2]); int evict = argc > 3;
  posix_memalign((void **)&rbuf, 4096, LEN); posix_memalign((void **)&wbuf, 4096, WLEN);
  char *abuf = malloc(LEN);
  long iters = 0, zeros = 0, bad = 0;
  time_t end = time(NULL) + secs;
  while (time(NULL) < end) {
    iters++;
    memset(abuf, 'A' + iters % 20, LEN); memset(wbuf, 'a' + iters % 20, WLEN);
    if (ftruncate(fd, 0) || pwrite(fd, abuf, LEN, 0) != LEN) { perror("setup"); return 2; }
    if (evict && iters % 2) posix_fadvise(fd, 0, LEN, POSIX_FADV_DONTNEED);
    pthread_barrier_init(&bar, NULL, 2);
    pthread_t r, w; pthread_create(&r, NULL, reader, NULL); pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL); pthread_join(w, NULL); pthread_barrier_destroy(&bar);
    for (int b = 0; b < LEN / 4096; b++) {
      for (int i = 0; i < 4096; i++) {
        char c = rbuf[b * 4096 + i]; int in_w = b * 4096 >= WOFF && b * 4096 < WOFF + WLEN;
        if (c == abuf[0] || (in_w && c == wbuf[0])) continue;
        if (c == 0) zeros++; else bad++;
        if (zeros + bad < 5) printf("iter %ld block %d byte %d: 0x%02x (old %c new %c)\n", iters, b, i, (unsigned char)c, abuf[0], wbuf[0]);
        break;
      }
    }
  }
  printf("%ld iterations: %ld blocks with zeros, %ld other bad\n", iters, zeros, bad);
  return zeros || bad;
}
