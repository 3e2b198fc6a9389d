/* bcachefs (6.12): readahead racing an O_DIRECT write over the same range deadlocks (ABBA).
   Thread A starts readahead over file range [276K,316K) (madvise(MADV_WILLNEED) on a
   MAP_SHARED mapping -> generic_fadvise -> force_page_cache_ra): the readahead core adds
   locked folios to the page cache, then bch2_readahead() waits for the pagecache "add" side
   of the inode's two-state lock (__bch2_two_state_lock). Thread B's O_DIRECT pwrite() of
   28K at 264K (bch2_direct_write) holds the "block" side and, in
   bch2_write_invalidate_inode_pages_range -> invalidate_inode_pages2_range, waits for
   those folio locks (folio_wait_bit_common). Both tasks stay in D state forever ("INFO:
   task ... blocked for more than 120 seconds"). Other filesystems complete.
   Seen on 6.12.118+deb13-cloud-amd64 (qemu TCG, 2 vCPUs): madvise hung at iteration 1 and
   18, posix_fadvise at iteration 3; read() did not hang in 2000 iterations (probably
   because bcachefs's buffered read holds the pagecache add lock around the readahead). ext4, xfs, btrfs (6.12) and ext4, tmpfs (6.18):
   no hang.
   Usage: ./a.out DIR [repeats] [madvise|fadvise|read]
     madvise (default): madvise(MADV_WILLNEED) over the mapping;
     fadvise: posix_fadvise(POSIX_FADV_WILLNEED) on the fd;
     read: a buffered read() of the range (readahead through the read path).
   The range is evicted (fsync + POSIX_FADV_DONTNEED) before each iteration. The race runs
   in a child process; the parent is a watchdog: an iteration that takes more than 20 s is a
   hang: it prints "HANG: ...", the kernel stacks of the stuck threads, and exits 1 (the
   stuck child cannot be killed and is left behind). Exits 0 when every iteration
   completed, 2 on a setup error. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define K 1024L
#define FILE_MAP (1024 * K) /* the mapping covers 1 MiB from offset 0 */
#define FILE_SIZE (432 * K) /* EOF as in the fuzz program */
#define RA_OFF (276 * K)
#define RA_LEN (40 * K)
#define DIO_OFF (264 * K)
#define DIO_LEN (28 * K)
#define HANG_SECONDS 20

static int fd, dfd, mode;
static char* map;
static char* dio_buf;
static char read_buf[RA_LEN];
static pthread_barrier_t start, done;
static volatile long* progress; /* shared with the watchdog: [0] iterations done, [1] phase */

static void* readahead_thread(void* arg) {
  (void)arg;
  for (;;) {
    pthread_barrier_wait(&start);
    if (mode == 0) madvise(map + RA_OFF, RA_LEN, MADV_WILLNEED);
    else if (mode == 1) posix_fadvise(fd, RA_OFF, RA_LEN, POSIX_FADV_WILLNEED);
    else if (pread(fd, read_buf, RA_LEN, RA_OFF) < 0) perror("pread");
    pthread_barrier_wait(&done);
  }
  return NULL;
}

static void* dio_thread(void* arg) {
  (void)arg;
  for (;;) {
    pthread_barrier_wait(&start);
    if (pwrite(dfd, dio_buf, DIO_LEN, DIO_OFF) != DIO_LEN) perror("pwrite O_DIRECT");
    pthread_barrier_wait(&done);
  }
  return NULL;
}

static int race(long repeats) {
  pthread_t a, b;
  pthread_barrier_init(&start, NULL, 3);
  pthread_barrier_init(&done, NULL, 3);
  pthread_create(&a, NULL, readahead_thread, NULL);
  pthread_create(&b, NULL, dio_thread, NULL);
  for (long i = 0; i < repeats; i++) {
    progress[1] = 1;
    fsync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    progress[1] = 2;
    pthread_barrier_wait(&start);
    pthread_barrier_wait(&done);
    progress[0] = i + 1;
  }
  return 0;
}

static void dump_stacks(pid_t pid) {
  char dir[64], path[512], buf[4096];
  snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
  DIR* d = opendir(dir);
  if (!d) return;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s/stat", dir, e->d_name);
    FILE* f = fopen(path, "r");
    if (f && fgets(buf, sizeof buf, f)) {
      char* p = strrchr(buf, ')');
      printf("thread %s state %c\n", e->d_name, p ? p[2] : '?');
    }
    if (f) fclose(f);
    snprintf(path, sizeof path, "%s/%s/stack", dir, e->d_name);
    f = fopen(path, "r");
    while (f && fgets(buf, sizeof buf, f)) printf("  %s", buf);
    if (f) fclose(f);
  }
  closedir(d);
}

int main(int argc, char** argv) {
  const char* dirname = argc > 1 ? argv[1] : ".";
  long repeats = argc > 2 ? atol(argv[2]) : 1000;
  const char* m = argc > 3 ? argv[3] : "madvise";
  mode = !strcmp(m, "madvise") ? 0 : !strcmp(m, "fadvise") ? 1 : !strcmp(m, "read") ? 2 : -1;
  if (mode < 0) return fprintf(stderr, "mode: madvise, fadvise or read\n"), 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/ra-vs-dio-%s", dirname, m);
  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  dfd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0) return perror("open"), 2;
  static char data[FILE_SIZE];
  memset(data, 0x5a, sizeof data);
  if (pwrite(fd, data, sizeof data, 0) != (ssize_t)sizeof data || fsync(fd) != 0) return perror("setup"), 2;
  map = mmap(NULL, FILE_MAP, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return perror("mmap"), 2;
  if (posix_memalign((void**)&dio_buf, 4096, DIO_LEN)) return 2;
  memset(dio_buf, 0xa5, DIO_LEN);
  progress = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (progress == MAP_FAILED) return perror("mmap"), 2;

  fflush(stdout);
  pid_t child = fork();
  if (child < 0) return perror("fork"), 2;
  if (child == 0) _exit(race(repeats));

  const char* what = mode == 0 ? "madvise(WILLNEED)" : mode == 1 ? "posix_fadvise(WILLNEED)" : "buffered read";
  long last = -1;
  struct timespec since;
  clock_gettime(CLOCK_MONOTONIC, &since);
  for (;;) {
    int st;
    if (waitpid(child, &st, WNOHANG) == child) {
      printf("%s: %ld iterations of %s [%ldK,+%ldK) vs O_DIRECT pwrite [%ldK,+%ldK): no hang\n", dirname,
             (long)progress[0], what, RA_OFF / K, RA_LEN / K, DIO_OFF / K, DIO_LEN / K);
      unlink(path);
      return 0;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (progress[0] != last) {
      last = progress[0];
      since = now;
    } else if (now.tv_sec - since.tv_sec > HANG_SECONDS) {
      printf("HANG: %s vs O_DIRECT write: iteration %ld did not finish in %d s (%ld completed before; phase %ld)\n",
             what, last + 1, HANG_SECONDS, last, (long)progress[1]);
      dump_stacks(child);
      fflush(stdout);
      return 1; /* the child's threads are stuck in D state; leave them */
    }
    usleep(100 * 1000);
  }
}
