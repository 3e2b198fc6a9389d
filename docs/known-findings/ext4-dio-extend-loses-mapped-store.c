/* ext4 with blocks smaller than a page (mkfs.ext4 -b 1024): bytes stored through a shared
   mapping into the page that held EOF, after an O_DIRECT write extended the file past that
   page, are lost. msync(MS_SYNC) and fsync succeed, an O_DIRECT read returns zeros for the
   blocks of the page past the old EOF, and once the page is evicted a buffered read does
   too. The page was writable before the extension (a store into it faulted while EOF was
   inside it, and ext4's page_mkwrite prepared only the blocks below EOF); the O_DIRECT
   extension does not write-protect it again as an extending truncate or buffered write does
   (pagecache_isize_extended), so the later store makes no write fault and its blocks are
   never allocated or written. ext4 with 4 KiB blocks, xfs with 1 KiB blocks and btrfs keep
   the bytes (tested).

   Found by `fsfuzz stress --fs ext4-1k --threads 2 --mix seed --seed 9001` (2026-12-06) as
   "incoherent views in touch_write" and "data mismatch ... zeros; op #48's touch_write data
   was due", minimized to: mmap 260K shared; truncate 256K+1638; round { touch_write
   [256K, 260K); dwrite [260K, 264K) }.

   Build and run (root, for the mount):
     cc -std=c11 -Wall -O2 -o loss ext4-dio-extend-loses-mapped-store.c
     truncate -s 64M /tmp/e1k.img; L=$(losetup -f --show /tmp/e1k.img); mkfs.ext4 -q -b 1024 $L
     mkdir -p /tmp/e1k && mount $L /tmp/e1k && ./loss /tmp/e1k; umount /tmp/e1k; losetup -d $L
   Printed here (kernel 6.18.44, 2026-12-06), three runs each:
     ext4 -b 1024:  3072 lost on disk (O_DIRECT read after msync+fsync), 3072 lost in a
                    buffered read after eviction                                     exit 1
     ext4 -b 4096, xfs -b size=1024, btrfs:  0 lost, 0 lost                          exit 0
   On ext4 -b 1024, extending with ftruncate(fd, 16K) or a buffered pwrite instead of the
   O_DIRECT write: 0 lost, 0 lost.
   Debian's 6.12.118+deb13-cloud-amd64 under qemu, the same binary built -static:
     fsfuzz vm debian-6.12 --fs ext4-1k,ext4,xfs --exec ./loss -- {DIR}
     ext4-1k: 3072 lost, 3072 lost (exit 1); ext4, xfs: 0 lost, 0 lost (exit 0). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-extend-loses-store", argc > 1 ? argv[1] : ".");
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  if (ftruncate(fd, 8192 + 100)) return perror("ftruncate"), 2; /* EOF page [8K,12K), EOF block [8K,9K) */
  char* m = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return perror("mmap"), 2;
  m[8192] = 'a'; /* write fault while EOF is at 8292: the page becomes writable */
  char* d;
  if (posix_memalign((void**)&d, 4096, 4096)) return 2;
  memset(d, 'd', 4096);
  if (pwrite(dfd, d, 4096, 12288) != 4096) return perror("O_DIRECT write"), 2; /* size 16K */
  memset(m + 9216, 'b', 3072); /* [9K,12K): below EOF now; no new write fault */
  if (msync(m, 16384, MS_SYNC) || fsync(fd)) return perror("sync"), 2;
  memset(d, 0, 4096);
  if (pread(dfd, d, 4096, 8192) != 4096) return perror("O_DIRECT read"), 2;
  int lost = 0;
  for (int i = 1024; i < 4096; i++) lost += d[i] != 'b';
  munmap(m, 16384);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  char b[4096];
  if (pread(fd, b, 4096, 8192) != 4096) return perror("read"), 2;
  int lost2 = 0;
  for (int i = 1024; i < 4096; i++) lost2 += b[i] != 'b';
  printf("stored 3072 bytes through the mapping at [9K,12K) after an O_DIRECT write extended the file: "
         "%d lost on disk (O_DIRECT read after msync+fsync), %d lost in a buffered read after eviction\n",
         lost, lost2);
  unlink(path);
  return lost || lost2;
}
