/* bcachefs (6.12): an O_DIRECT pwrite() beyond EOF whose buffer is a MAP_SHARED mapping of
   the same file straddling EOF fails with EFAULT, yet st_size grows. File of 440K, written,
   fsynced and evicted (POSIX_FADV_DONTNEED); the buffer's first page (file offset 436K) read
   through the mapping; then pwrite(O_DIRECT, map + 436K, 56K, 512K). The first page is
   pinned and written (4K at 512K, i_size -> 516K); the next page of the buffer faults on the
   file's own mapping, which bcachefs refuses during its DIO (faults_disabled_mapping ->
   SIGBUS -> EFAULT), and bch2_dio_write_loop returns op.error instead of the 4096 bytes
   written: -1 EFAULT with st_size 528384 (was 450560). Expected: a short write of 4096, or
   -1 with the size unchanged (ext4, xfs, btrfs: -1 EFAULT, size unchanged).
   Variant "evicted, page touched" reproduces every time on 6.12.118+deb13-cloud-amd64; the
   others are printed for contrast (with the pages cached the whole write can succeed).
   Usage: ./a.out DIR [repeats]. Exits 1 when a failed write changed st_size, 0 otherwise,
   2 on a setup error. */
#define _GNU_SOURCE
#include <errno.h>
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
  long repeats = argc > 2 ? atol(argv[2]) : 1;
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-efault-size", dir);
  static char data[1024 * K];
  memset(data, 0x5a, sizeof data);
  static const char* variants[] = {
      "cached",                /* written, fsynced, still cached */
      "evicted",               /* written, fsynced, evicted (POSIX_FADV_DONTNEED) */
      "evicted, page touched", /* evicted, then the buffer's first page read through the mapping */
      "page stored",           /* the buffer's first page dirtied through the mapping */
      "shrunk from 1M",        /* 1 MiB written and cached, then ftruncate to EOF */
      "EOF 438K",              /* EOF inside the buffer's first page */
  };
  int bad = 0;
  for (long i = 0; i < repeats; i++) {
    for (int v = 0; v < 6; v++) {
      int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
      int dfd = open(path, O_RDWR | O_DIRECT);
      if (fd < 0 || dfd < 0) return perror("open"), 2;
      long eof = v == 5 ? 438 * K : 440 * K;
      long fill = v == 4 ? 1024 * K : eof;
      if (pwrite(fd, data, fill, 0) != fill || fsync(fd) != 0) return perror("setup"), 2;
      if (v == 4 && ftruncate(fd, eof) != 0) return perror("ftruncate"), 2;
      if (v == 1 || v == 2) posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
      char* m = mmap(NULL, 1024 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (m == MAP_FAILED) return perror("mmap"), 2;
      volatile char sink = 0;
      if (v == 2) sink = m[436 * K];
      (void)sink;
      if (v == 3) m[436 * K] = 0x11;
      struct stat st;
      fstat(fd, &st);
      long before = (long)st.st_size;
      ssize_t r = pwrite(dfd, m + 436 * K, 56 * K, 512 * K);
      int e = errno;
      fstat(fd, &st);
      int b = r < 0 && st.st_size != before;
      if (i == 0 || b)
        printf("%s [%s]: pwrite(O_DIRECT, buf = own mapping at 436K, 56K at 512K) = %zd%s%s; st_size %ld -> %ld%s\n",
               dir, variants[v], r, r < 0 ? " " : "", r < 0 ? strerror(e) : "", before, (long)st.st_size,
               b ? "  BUG: a failed write changed the size" : "");
      bad |= b;
      munmap(m, 1024 * K);
      close(dfd);
      close(fd);
    }
  }
  unlink(path);
  return bad;
}
