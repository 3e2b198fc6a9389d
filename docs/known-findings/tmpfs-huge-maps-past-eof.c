/* tmpfs mounted huge=always: a load through a shared mapping from a page wholly past EOF
   must take SIGBUS (POSIX mmap; fstests generic/749). After a write extends the file to
   12 KiB, the page at 12 KiB is wholly past EOF, yet the load succeeds (reads zeros): the
   write allocated a large folio, and the fault maps all of it that the mapping covers.
   mm/filemap.c and finish_fault() keep this for shmem on purpose ("for long time
   intentionally mapped with PMDs across i_size"); every other filesystem here, and tmpfs
   with huge=never/within_size/advise, takes SIGBUS.

   Found by fsfuzz (500 random programs on tmpfs huge=always: 169 missing-SIGBUS findings),
   minimized to: mmap 16K shared; write [0,4K); ftruncate(1); write [8K,12K); load m[12K].
   The kernel's copies through such a mapping go on as well: a read(2) into it crosses into
   the page wholly past EOF (fsfuzz stress --fs tmpfs-huge --mix seed --seed 9001, 2026-12-06:
   "missing SIGBUS in a copy into a mapping"; the bytes it stored there surfaced later through
   a private mapping as an O_DIRECT write's source).

   Build and run (root, for the mount):
     cc -std=c11 -Wall -O2 -o huge tmpfs-huge-maps-past-eof.c
     mkdir -p /tmp/h && mount -t tmpfs -o size=64m,huge=always none /tmp/h && ./huge /tmp/h; umount /tmp/h
   Printed here (kernel 6.18.44, 2026-12-06):
     huge=always:  size 12288; load at 12K: no SIGBUS (the page is wholly past EOF)
                   pread into the mapping across 12K: 200 (copied into the page wholly past EOF)   exit 1
     huge=never, within_size, advise:  size 12288; load at 12K: SIGBUS
                   pread into the mapping across 12K: 100                                          exit 0 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static sigjmp_buf jb;
static void on_sigbus(int s) {
  (void)s;
  siglongjmp(jb, 1);
}

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/huge-past-eof", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return perror("open"), 2;
  char buf[4096];
  memset(buf, 0x11, sizeof buf);
  signal(SIGBUS, on_sigbus);
  char* m = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return perror("mmap"), 2;
  if (pwrite(fd, buf, 4096, 0) != 4096 || ftruncate(fd, 1) != 0 || pwrite(fd, buf, 4096, 8192) != 4096)
    return perror("setup"), 2;
  struct stat st;
  fstat(fd, &st);
  volatile char c = 0;
  int bus = 0;
  if (sigsetjmp(jb, 1) == 0) {
    c = m[12288];
  } else {
    bus = 1;
  }
  (void)c;
  printf("size %lld; load at 12K: %s\n", (long long)st.st_size,
         bus ? "SIGBUS" : "no SIGBUS (the page is wholly past EOF)");
  /* The kernel's own copies go on too: a read into the mapping whose destination runs from
     100 bytes below 12K into the page wholly past EOF must stop at 12K (100 bytes). */
  ssize_t r = pread(fd, m + 12288 - 100, 200, 0);
  printf("pread into the mapping across 12K: %zd%s\n", r, r > 100 ? " (copied into the page wholly past EOF)" : "");
  munmap(m, 16384);
  close(fd);
  unlink(path);
  return bus && r <= 100 ? 0 : 1;
}
