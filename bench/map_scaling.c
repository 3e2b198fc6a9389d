// How two processes scale against one on this machine, for the two kinds of work a lane
// does: mapping work (mmap a page of a file, store into it, munmap) and plain syscalls
// (pwrite + pread of a page). Each process has a file of its own: nothing is shared but the
// kernel and the machine. A ceiling for `--threads 2` against 1 (docs/stress.md): on a VM
// whose hypervisor serialises page-table work, mapping work does not scale however the
// lanes are built. Usage: fsfuzz_map_scaling DIR [seconds per measurement]
// (files DIR/fsfuzz-scaling-N are created and removed; use a tmpfs to leave disks out).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { kPage = 4096, kPages = 256 };

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

// Runs one kind of work for `secs` on its own file; returns iterations per second.
static double work(const char* dir, int id, int mapping, double secs) {
  char path[4096];
  snprintf(path, sizeof path, "%s/fsfuzz-scaling-%d-%d", dir, (int)getpid(), id);
  int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0 || ftruncate(fd, (off_t)kPages * kPage) != 0) {
    perror(path);
    exit(2);
  }
  unlink(path);  // the descriptor keeps it; nothing is left behind on a crash
  char buf[kPage];
  memset(buf, 1, sizeof buf);
  unsigned seed = (unsigned)id * 7919u + 1;
  long n = 0;
  const double t0 = now_s();
  double t = t0;
  while (t - t0 < secs) {
    for (int i = 0; i < 1000; i++, n++) {
      const off_t off = (off_t)(rand_r(&seed) % kPages) * kPage;
      if (mapping) {
        char* p = mmap(NULL, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
        if (p == MAP_FAILED) exit(3);
        p[100] = (char)n;
        munmap(p, kPage);
      } else if (pwrite(fd, buf, kPage, off) != kPage || pread(fd, buf, kPage, off) != kPage) {
        exit(4);
      }
    }
    t = now_s();
  }
  close(fd);
  return n / (t - t0);
}

// Total iterations per second of `procs` processes running at once.
static double together(const char* dir, int procs, int mapping, double secs) {
  int fds[8][2];
  for (int i = 0; i < procs; i++) {
    if (pipe(fds[i]) != 0) exit(2);
    const pid_t pid = fork();
    if (pid < 0) exit(2);
    if (pid == 0) {
      const double r = work(dir, i, mapping, secs);
      if (write(fds[i][1], &r, sizeof r) != sizeof r) _exit(5);
      _exit(0);
    }
    close(fds[i][1]);
  }
  double total = 0;
  for (int i = 0; i < procs; i++) {
    double r = 0;
    if (read(fds[i][0], &r, sizeof r) != sizeof r) exit(5);
    close(fds[i][0]);
    total += r;
  }
  while (wait(NULL) > 0) {
  }
  return total;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: fsfuzz_map_scaling DIR [seconds]\n");
    return 2;
  }
  const double secs = argc > 2 ? atof(argv[2]) : 3;
  printf("2 processes vs 1, each on a file of its own in %s, %.0f s per measurement\n", argv[1], secs);
  for (int mapping = 1; mapping >= 0; mapping--) {
    const double one = together(argv[1], 1, mapping, secs);
    const double two = together(argv[1], 2, mapping, secs);
    printf("  %-34s 1: %9.0f/s  2: %9.0f/s  = %.2fx\n",
           mapping ? "mmap + store + munmap of a page" : "pwrite + pread of a page", one, two, two / one);
  }
  return 0;
}
