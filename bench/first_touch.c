// What the first load through a fresh shared mapping of a file costs, against the second
// load, a pread of the same bytes and a memcpy: the floor under a quiescent check of a
// mapping (docs/stress.md). Usage: fsfuzz_first_touch FILE_IN_A_DIR [MiB] [rounds]
// (the file is created and removed; tmpfs shows the machine, not a disk).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE [MiB] [rounds]\n", argv[0]);
    return 2;
  }
  const size_t n = (size_t)(argc > 2 ? atoi(argv[2]) : 1) << 20;
  const int rounds = argc > 3 ? atoi(argv[3]) : 5;
  int fd = open(argv[1], O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0) {
    perror(argv[1]);
    return 2;
  }
  unsigned char* a = malloc(n);
  unsigned char* b = malloc(n);
  memset(a, 7, n);
  memset(b, 7, n);
  if (pwrite(fd, a, n, 0) != (ssize_t)n) {
    perror("pwrite");
    unlink(argv[1]);
    return 2;
  }
  printf("%zu MiB, shared mapping of %s\n", n >> 20, argv[1]);
  for (int r = 0; r < rounds; ++r) {
    unsigned char* m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
      perror("mmap");
      break;
    }
    const double t0 = now_us();
    volatile int eq = memcmp(m, b, n);
    const double t1 = now_us();
    eq = memcmp(m, b, n);
    const double t2 = now_us();
    (void)eq;
    if (pread(fd, a, n, 0) != (ssize_t)n) perror("pread");
    const double t3 = now_us();
    memcpy(a, b, n);
    const double t4 = now_us();
    munmap(m, n);
    printf("first load %6.0f us   second %5.0f us   pread %5.0f us   memcpy %5.0f us\n", t1 - t0, t2 - t1,
           t3 - t2, t4 - t3);
  }
  close(fd);
  unlink(argv[1]);
  return 0;
}
