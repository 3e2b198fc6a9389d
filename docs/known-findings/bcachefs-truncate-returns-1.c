/* bcachefs (6.12): ftruncate() returns 1 (neither 0 nor -1) when the file is truncated to
   the size it already has while a page past that size, inside the folio that straddles
   it, was dirtied through a shared mapping before the first truncate.
   Steps, on a fresh 1 MiB file written with one buffered write: mmap [380K, 416K) shared;
   store 29 bytes at file offset 394K (a page wholly past 380K); ftruncate(380K) -> 0;
   ftruncate(380K) again -> 1 on 6.12.118+deb13-cloud-amd64, every time (0 on ext4, xfs,
   btrfs, tmpfs). fsfuzz found it in a random program (a round of a load through the
   mapping and the second truncate); none of the program's other ops (an O_DIRECT write,
   an eviction, fsync, msync, reads) is needed, only the store.
   Reading of bchfs_truncate(): bch2_truncate_folio() returns 1 when the folio straddling
   the new size has dirty data past it, and when the size does not change neither
   filemap_write_and_wait_range() branch overwrites ret before "if (ret) goto err", so
   the 1 reaches user space (and the rest of the truncate is skipped).
   Usage: ./a.out DIR [repeats]. Prints the returns; exits 1 when any ftruncate returned
   neither 0 nor -1, 0 otherwise, 2 on a setup error. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define K 1024L

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  long repeats = argc > 2 ? atol(argv[2]) : 10;
  char path[4096];
  snprintf(path, sizeof path, "%s/truncate-returns-1", dir);
  static char data[1024 * K];
  memset(data, 0x11, sizeof data);
  long odd = 0;
  for (long r = 0; r < repeats; r++) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data) return perror("setup"), 2;
    char* m = mmap(NULL, 36 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 380 * K);
    if (m == MAP_FAILED) return perror("mmap"), 2;
    memset(m + 14 * K, 0x66, 29); /* file offset 394K: past the size about to be set */
    int first = ftruncate(fd, 380 * K);
    int second = ftruncate(fd, 380 * K); /* the same size again */
    struct stat st;
    fstat(fd, &st);
    if ((first != 0 && first != -1) || (second != 0 && second != -1)) {
      if (odd++ < 3) {
        printf("repeat %ld: ftruncate(380K) returned %d, then %d; st_size %lld\n", r, first, second,
               (long long)st.st_size);
      }
    }
    munmap(m, 36 * K);
    close(fd);
  }
  printf("%s: ftruncate returned neither 0 nor -1 in %ld of %ld repeats\n", dir, odd, repeats);
  return odd ? 1 : 0;
}
