// C runtime part: includes, the data pattern (as prog/pattern.h) and the types the
// program's tables and the check are written in.
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz::cruntime {

std::string_view CHead() {
  return R"C(#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/* ---- The data pattern (fsfuzz prog/pattern.h): the bytes source `src` (an op id, the
   initial contents, the aux file) puts at file offset `pos`. Never zero, different per
   source and offset, so every byte says whose data it is. ---- */

#define SRC_ZERO 0u
#define SRC_INIT 0xFFFFFFF0u
#define SRC_AUX 0xFFFFFFF1u

static uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* The 8 pattern bytes of word `word` (bytes [8*word, 8*word+8)); zero bytes become 0x5a. */
static uint64_t pattern_word(uint64_t key, uint64_t word) {
  uint64_t w = mix64(key ^ (word * 0xd6e8feb86659fd93ULL));
  uint64_t nz = (((w & 0x7f7f7f7f7f7f7f7fULL) + 0x7f7f7f7f7f7f7f7fULL) | w) & 0x8080808080808080ULL;
  uint64_t zero_lsb = (~nz & 0x8080808080808080ULL) >> 7;
  return w | (zero_lsb * 0x5a);
}

static uint64_t pattern_key(uint32_t src) {
  return mix64(PROG_SEED * 0x100000001b3ULL ^ ((uint64_t)src << 1 | 1));
}

static uint8_t pattern_byte(uint32_t src, uint64_t pos) {
  if (src == SRC_ZERO) return 0;
  return (uint8_t)(pattern_word(pattern_key(src), pos >> 3) >> (8 * (pos & 7)));
}

static void fill_pattern(uint32_t src, uint64_t pos, uint8_t *out, size_t n) {
  if (src == SRC_ZERO) {
    memset(out, 0, n);
    return;
  }
  const uint64_t key = pattern_key(src);
  uint64_t word = UINT64_MAX, w = 0;
  for (size_t i = 0; i < n; i++) {
    const uint64_t p = pos + i;
    if (p >> 3 != word) {
      word = p >> 3;
      w = pattern_word(key, word);
    }
    out[i] = (uint8_t)(w >> (8 * (p & 7))); /* little-endian: byte b of a word is offset b */
  }
}

/* ---- The program as data (one row per op, one per step) ---- */

enum op_kind {
  OP_WRITE, OP_READ, OP_DWRITE, OP_DREAD, OP_MMAP, OP_MUNMAP, OP_TOUCH_READ, OP_TOUCH_WRITE,
  OP_TRUNCATE, OP_FALLOCATE, OP_FSYNC, OP_FDATASYNC, OP_MSYNC, OP_MADVISE, OP_EVICT, OP_REMOUNT,
  OP_CHECK
};
enum { BUF_HEAP = -1 };
enum { MAP_MODE_SHARED, MAP_MODE_PRIVATE, MAP_MODE_AUX, MAP_MODE_AUX_PRIVATE };
enum { EVICT_FADVISE, EVICT_DROP };
/* What a settle read after a round covers for an op (fsfuzz prog/program.cc AffectedRange). */
enum affect { AFF_NONE, AFF_FIXED, AFF_TRUNCATE, AFF_FALLOCATE };
enum view { VIEW_BUFFERED, VIEW_DIRECT, VIEW_MAPPED };
enum when { WHEN_OP, WHEN_SETTLE, WHEN_CHECK, WHEN_FINAL, WHEN_DRAIN };
enum check_kind {
  CHECK_NONE, CHECK_BYTES, CHECK_SIZE, CHECK_RET, CHECK_SIGBUS, CHECK_SIGBUS_RANGE, CHECK_SYNC_EIO,
  CHECK_HANG, CHECK_KERNEL_LOG
};

struct op {
  enum op_kind kind;
  int slot;                  /* mN */
  uint64_t off, len, size;   /* off/len: file range, or slot range for touch/msync/madvise */
  int buf;                   /* BUF_HEAP, or the slot of buf=mK */
  uint64_t buf_off;
  int mode;                  /* mmap: MAP_MODE_*; fallocate/msync/madvise: flags; evict: EVICT_* */
  enum affect aff;
  uint64_t aff_off, aff_len;
  const char *text;          /* the op in fsfuzz's text form */
  int orig;                  /* the finding's run recorded this op's result: */
  int64_t orig_ret;          /* what it returned there (a different result here changes */
  int orig_err;              /* what the check expects: the run diverged) */
};

struct step {
  int first, n;    /* ops[first .. first+n) */
  int round;       /* run together, one thread each, released by a barrier */
  int settle;      /* fsfuzz reads back what the step may have changed */
  int need_size;   /* fsfuzz fstat()s after the step */
  int check;       /* a `check` step: fsfuzz reads every view of the file */
  long long orig_size; /* st_size fsfuzz saw after the step in the finding's run (-1: not seen) */
};

/* An admissible source of checked bytes: byte o is pattern(src, o + delta), or hex[o - off]. */
struct cand {
  uint64_t off, len;
  uint32_t src;
  int64_t delta;
  int pre;         /* the value before the step: not admissible where a completed op wrote */
  int any;         /* anything is admissible */
  const char *hex; /* literal bytes, or NULL */
};
struct range {
  uint64_t off, len;
};

/* A settle read of the finding's run: the model adopted what it returned. */
struct settle_seen {
  int step;
  uint64_t off;
  int64_t ret;
  uint64_t hash; /* fnv1a64 of the bytes read */
};

/* The condition this program checks (from the finding's evidence.check). */
struct check_params {
  const char *title, *text;
  enum check_kind kind;
  enum when when;
  int step;                   /* the step it belongs to (-1: the end of the program) */
  uint32_t op;                /* the op whose result it checks (0: none) */
  enum view view;             /* bytes: read through this view (and slot) ... */
  int slot;
  uint64_t off, len;          /* ... at these file offsets */
  uint64_t base;              /* op checks: file offset of the op's first observed byte */
  const struct cand *cands;   /* bytes: the admissible sources */
  int ncands;
  const struct range *definite;
  int ndefinite;
  const uint64_t *sizes;      /* size: the admissible st_size values */
  int nsizes;
  int ret_range;              /* ret: admissible results [ret_lo, ret_hi] ... */
  int64_t ret_lo, ret_hi;
  int obs_errno;              /* ... and what the finding saw: an errno, or a count */
  int64_t obs_ret;
  int expect_sigbus;          /* sigbus: SIGBUS due, after expect_done bytes */
  uint64_t expect_done;
  int unexpected;             /* sigbus-range: an unexpected SIGBUS below limit, or none reaching it */
  uint64_t limit, touch_base;
};
)C";
}

}  // namespace fsfuzz::cruntime
