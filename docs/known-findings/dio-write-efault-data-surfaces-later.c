/* ext4, xfs (6.18): an O_DIRECT pwrite() whose buffer runs into a page wholly past EOF of
   the mapping it comes from fails with EFAULT after writing its first block to disk, and
   the page cache over that block is not invalidated (docs/known-findings/
   iomap-dio-write-efault-leaves-stale-cache.c). The failed write's data then surfaces
   later, in whatever view reads the disk: O_DIRECT reads at once, buffered reads and
   mappings once the clean page is dropped (here: munmap + POSIX_FADV_DONTNEED). fsfuzz
   sees it steps after the write, as a data mismatch in a dread, a check or the settle
   after an evict, or as incoherent views at a check.
   Build: cc -O2 -o surfaces dio-write-efault-data-surfaces-later.c
   Run:   ./surfaces DIR [repeats]   (DIR on the filesystem under test). Exits 1 when the
   failed write's data showed up.
   Printed here (6.18.44, fresh loop mounts; same on ext4 and xfs):
     repeat 0: O_DIRECT pwrite returned -1 (Bad address); [0,4K) buffered 0x11, O_DIRECT 0x22; after the cache is dropped buffered 0x22
     20 of 20 repeats: the failed write's data surfaced */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-efault-surfaces", argc > 1 ? argv[1] : ".");
  int repeats = argc > 2 ? atoi(argv[2]) : 10, bad = 0;
  for (int rep = 0; rep < repeats; rep++) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    int dfd = open(path, O_RDWR | O_DIRECT);
    if (fd < 0 || dfd < 0) return perror("open"), 2;
    char init[6144];
    memset(init, 0x11, 4096);        /* page 0 */
    memset(init + 4096, 0x22, 2048); /* page 1 up to EOF at 6K */
    if (pwrite(fd, init, sizeof init, 0) != (ssize_t)sizeof init || fsync(fd)) return perror("setup"), 2;
    char* m = mmap(NULL, 12288, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) return perror("mmap"), 2;
    volatile char c = m[0]; /* page 0 is now cached */
    (void)c;
    /* Source m+4K: page 1 holds bytes 4K..6K (EOF at 6K), page 2 is wholly past EOF. */
    ssize_t r = pwrite(dfd, m + 4096, 8192, 0);
    int err = errno;
    unsigned char before, after, *direct;
    if (posix_memalign((void**)&direct, 4096, 4096)) return 2;
    if (pread(fd, &before, 1, 0) != 1 || pread(dfd, direct, 4096, 0) != 4096) return perror("read"), 2;
    munmap(m, 12288);
    if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)) return perror("fadvise"), 2;
    if (pread(fd, &after, 1, 0) != 1) return perror("read"), 2;
    int surfaced = direct[0] == 0x22 || after == 0x22;
    if (rep == 0 || !surfaced)
      printf("repeat %d: O_DIRECT pwrite returned %zd (%s); [0,4K) buffered 0x%02x, O_DIRECT 0x%02x; after the cache "
             "is dropped buffered 0x%02x\n",
             rep, r, r < 0 ? strerror(err) : "ok", before, direct[0], after);
    bad += surfaced && r < 0;
    free(direct);
    close(fd);
    close(dfd);
  }
  printf("%d of %d repeats: the failed write's data surfaced\n", bad, repeats);
  return bad ? 1 : 0;
}
