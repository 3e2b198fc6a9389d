/* ext4, xfs (6.18): an O_DIRECT pwrite() whose buffer runs into a page wholly past EOF of
   the mapping it comes from fails with EFAULT after writing its first block(s) to disk, and
   the page cache over those blocks is not invalidated: buffered reads (and the mapping) keep
   the old bytes while O_DIRECT reads return the new ones, until the cache is dropped.
   Usage: ./a.out DIR [repeats]. Exits 1 when the two views differ. */
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
  snprintf(path, sizeof path, "%s/dio-efault-stale", argc > 1 ? argv[1] : ".");
  int repeats = argc > 2 ? atoi(argv[2]) : 10, bad = 0;
  for (int rep = 0; rep < repeats; rep++) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    int dfd = open(path, O_RDWR | O_DIRECT);
    if (fd < 0 || dfd < 0) return perror("open"), 2;
    char init[6144];
    memset(init, 0x11, sizeof init);
    if (pwrite(fd, init, sizeof init, 0) != (ssize_t)sizeof init || fsync(fd)) return perror("setup"), 2;
    char* m = mmap(NULL, 12288, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) return perror("mmap"), 2;
    char old[4096];
    memcpy(old, m, 4096); /* page 0 is now cached */
    /* Source m+4K: page 1 holds bytes 4K..6K (EOF at 6K), page 2 is wholly past EOF. */
    ssize_t r = pwrite(dfd, m + 4096, 8192, 0);
    int err = errno;
    char cached[4096], *direct;
    if (posix_memalign((void**)&direct, 4096, 4096)) return 2;
    if (pread(fd, cached, 4096, 0) != 4096 || pread(dfd, direct, 4096, 0) != 4096) return perror("read"), 2;
    int differ = memcmp(cached, direct, 4096) != 0;
    if (rep == 0 || differ)
      printf("repeat %d: O_DIRECT pwrite returned %zd (%s); buffered and O_DIRECT reads of [0,4K) %s\n", rep, r,
             r < 0 ? strerror(err) : "ok", differ ? "DIFFER (stale page cache)" : "agree");
    bad += differ;
    munmap(m, 12288);
    free(direct);
    close(fd);
    close(dfd);
  }
  printf("%d of %d repeats left the page cache stale\n", bad, repeats);
  return bad ? 1 : 0;
}
