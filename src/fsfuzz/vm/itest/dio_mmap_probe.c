/* Test payload for the VM runner: O_DIRECT and mmap I/O through one file on a guest
 * filesystem, every view checked against the bytes written; prints a frame and writes a
 * JSON result file (fsynced). Usage: fsfuzz_vm_probe DIR [RESULT_FILE]. Exit 0: all
 * views agree, 1: a mismatch, 2: a syscall failed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#define KIB 1024u
#define FILE_SIZE (1024u * KIB)
#define CHUNK (256u * KIB)

static char g_error[256];
static int g_checks;

static uint8_t Pattern(unsigned op, size_t off) {
  uint32_t x = (uint32_t)(off * 2654435761u) ^ (op * 40503u);
  x ^= x >> 13;
  return (uint8_t)((x & 0xfe) | 1); /* never zero */
}

static void Fill(uint8_t* p, size_t len, unsigned op, size_t file_off) {
  for (size_t i = 0; i < len; ++i) p[i] = Pattern(op, file_off + i);
}

/* 0 when p holds op's data for [file_off, file_off+len). */
static int Check(const char* what, const uint8_t* p, size_t len, unsigned op, size_t file_off) {
  ++g_checks;
  for (size_t i = 0; i < len; ++i) {
    if (p[i] != Pattern(op, file_off + i)) {
      snprintf(g_error, sizeof g_error, "%s: byte 0x%zx is 0x%02x, want op %u's 0x%02x", what,
               file_off + i, p[i], op, Pattern(op, file_off + i));
      return 1;
    }
  }
  return 0;
}

static int Fail(const char* what) {
  snprintf(g_error, sizeof g_error, "%s: %s", what, strerror(errno));
  return 2;
}

static const char* FsName(long type) {
  switch ((unsigned long)type) {
    case 0xEF53: return "ext4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0xCA451A4E: return "bcachefs";
    case 0x01021994: return "tmpfs";
    default: return "unknown";
  }
}

static int Probe(const char* dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/fsfuzz-probe.dat", dir);
  int dfd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0644);
  if (dfd < 0) return Fail("open O_DIRECT");
  if (ftruncate(dfd, FILE_SIZE) != 0) return Fail("ftruncate");
  uint8_t* buf;
  if (posix_memalign((void**)&buf, 4096, CHUNK) != 0) return Fail("posix_memalign");

  /* op 1: O_DIRECT write of [0, 256K); the mapping must see it. */
  Fill(buf, CHUNK, 1, 0);
  if (pwrite(dfd, buf, CHUNK, 0) != (ssize_t)CHUNK) return Fail("pwrite O_DIRECT");
  uint8_t* map = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
  if (map == MAP_FAILED) return Fail("mmap");
  if (Check("mmap after dwrite", map, CHUNK, 1, 0)) return 1;

  /* op 2: stores through the mapping into [256K, 512K); O_DIRECT must read them. */
  Fill(map + CHUNK, CHUNK, 2, CHUNK);
  if (msync(map, FILE_SIZE, MS_SYNC) != 0) return Fail("msync");
  memset(buf, 0, CHUNK);
  if (pread(dfd, buf, CHUNK, CHUNK) != (ssize_t)CHUNK) return Fail("pread O_DIRECT");
  if (Check("dread after mmap store", buf, CHUNK, 2, CHUNK)) return 1;

  /* op 3: O_DIRECT write whose source is the mapping of [0, 256K) itself, to [512K, 768K)
   * (the DIO-from-own-mapping case); every view must show op 1's bytes shifted. */
  if (pwrite(dfd, map, CHUNK, 2 * CHUNK) != (ssize_t)CHUNK) return Fail("pwrite O_DIRECT from own mapping");
  ++g_checks;
  for (size_t i = 0; i < CHUNK; ++i)
    if (map[2 * CHUNK + i] != Pattern(1, i)) {
      snprintf(g_error, sizeof g_error, "mmap after dwrite-from-map: byte 0x%zx wrong", 2 * CHUNK + i);
      return 1;
    }

  /* Buffered view of the whole file after fsync. */
  if (fsync(dfd) != 0) return Fail("fsync");
  int bfd = open(path, O_RDONLY);
  if (bfd < 0) return Fail("open buffered");
  uint8_t* all = malloc(FILE_SIZE);
  if (!all) return Fail("malloc");
  if (pread(bfd, all, FILE_SIZE, 0) != (ssize_t)FILE_SIZE) return Fail("pread buffered");
  if (Check("buffered [0,256K)", all, CHUNK, 1, 0)) return 1;
  if (Check("buffered [256K,512K)", all + CHUNK, CHUNK, 2, CHUNK)) return 1;
  if (Check("buffered [512K,768K)", all + 2 * CHUNK, CHUNK, 1, 0)) return 1;
  ++g_checks;
  for (size_t i = 3 * CHUNK; i < FILE_SIZE; ++i)
    if (all[i] != 0) {
      snprintf(g_error, sizeof g_error, "buffered: hole byte 0x%zx is not zero", i);
      return 1;
    }
  munmap(map, FILE_SIZE);
  close(bfd);
  close(dfd);
  free(all);
  free(buf);
  return unlink(path) == 0 ? 0 : Fail("unlink");
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s DIR [RESULT_FILE]\n", argv[0]);
    return 2;
  }
  struct statfs sfs;
  const char* fs = statfs(argv[1], &sfs) == 0 ? FsName(sfs.f_type) : "unknown";
  struct utsname u;
  uname(&u);
  int rc = Probe(argv[1]);
  char json[1024];
  snprintf(json, sizeof json,
           "{\"probe\":\"%s\",\"dir\":\"%s\",\"fs\":\"%s\",\"kernel\":\"%s\",\"checks\":%d,"
           "\"error\":\"%s\"}",
           rc == 0 ? "ok" : "fail", argv[1], fs, u.release, g_checks, g_error);
  printf("@@FSFUZZ %s@@\n", json);
  fflush(stdout);
  if (argc > 2) {
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, json, strlen(json)) < 0 || write(fd, "\n", 1) < 0 || fsync(fd) != 0) {
      perror(argv[2]);
      return 2;
    }
    close(fd);
  }
  return rc;
}
