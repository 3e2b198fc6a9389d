/* Companion of ext4-dio-read-into-own-mapping-regrown-eio.c (ext4, 6.18.44): an O_DIRECT read
   into a HEAP buffer over a range ftruncate cut from data not yet written back and then grew
   again returns its bytes alone, but may fail with EIO too when it runs beside an O_DIRECT read
   into a shared mapping of the same file that reaches such a range (that one fails with EIO
   every time). Found by `fsfuzz stress --fs ext4-dioread_nolock --threads 2 --mix seed --seed
   4711` (2026-12-06): round { dread [468K,+64K) heap; dread [452K,+8K) into a mapping } after a
   1 MiB file was cut to 492K, then a round cut it to 456K and grew it to 480K.
   Build: cc -std=c11 -pthread -Wall -O2 -o beside ext4-dio-read-into-own-mapping-regrown-eio-beside.c
   Usage: ./beside DIR (on ext4). Exits 1 when a heap-buffer read failed with EIO.
   Printed here (two runs of 20 races): heap O_DIRECT read EIO 6, into-own-mapping read EIO 20;
   then heap 0, into-own-mapping 20 (the heap read's EIO is a race). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
static const long K = 1024;
static int dfd;
static char* m;
static char* hbuf;
static ssize_t r_heap, r_map;
static int e_heap, e_map;
static pthread_barrier_t bar;
static void* heap_read(void* a) { (void)a; pthread_barrier_wait(&bar); r_heap = pread(dfd, hbuf, 64 * K, 468 * K); e_heap = errno; return NULL; }
static void* map_read(void* a) { (void)a; pthread_barrier_wait(&bar); r_map = pread(dfd, m + 4 * K, 8 * K, 452 * K); e_map = errno; return NULL; }
int main(int argc, char** argv) {
  char path[4096];
  snprintf(path, sizeof path, "%s/regrown-beside", argv[1]);
  int runs = 20, heap_eio = 0, map_eio = 0;
  char* data = malloc(1 << 20);
  memset(data, 0x5a, 1 << 20);
  posix_memalign((void**)&hbuf, 4096, 64 * K);
  for (int i = 0; i < runs; i++) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    dfd = open(path, O_RDWR | O_DIRECT);
    pwrite(fd, data, 1 << 20, 0);
    ftruncate(fd, 492 * K);
    ftruncate(fd, 456 * K);
    ftruncate(fd, 480 * K);
    m = mmap(NULL, 20 * K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 448 * K);
    pthread_barrier_init(&bar, NULL, 2);
    pthread_t a, b;
    pthread_create(&a, NULL, heap_read, NULL);
    pthread_create(&b, NULL, map_read, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    heap_eio += r_heap < 0 && e_heap == EIO;
    map_eio += r_map < 0 && e_map == EIO;
    munmap(m, 20 * K);
    close(dfd);
    close(fd);
    unlink(path);
  }
  printf("%d runs: heap O_DIRECT read EIO %d, into-own-mapping read EIO %d\n", runs, heap_eio, map_eio);
  return heap_eio > 0;
}
