// C runtime part: fsfuzz's own reads (exec/observe_plan.cc): settles after rounds, the
// quiescent views, and the kernel log scan.
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz::cruntime {

std::string_view CObserve() {
  return R"C(/* ---- fsfuzz's own reads: settles after rounds, quiescent views, the drain ---- */

#define OBSERVATION ((uint64_t)1 << 20) /* reads are split at multiples of 1 MiB */

/* One view of [off, off+len) into out: bytes read, or -1 with *err. */
static int64_t read_view(int view, int slot, uint64_t off, uint64_t len, uint8_t *out, int *err) {
  *err = 0;
  if (view == VIEW_MAPPED) {
    const struct slot *s = &slots[slot];
    if (!s->addr || off < s->off || off - s->off > s->len || len > s->len - (off - s->off)) {
      *err = EINVAL;
      return -1;
    }
    int bus;
    return (int64_t)guarded_copy(out, s->addr + (off - s->off), len, &bus);
  }
  const int direct = view == VIEW_DIRECT;
  uint8_t *bounce = direct ? io_buffer(len < OBSERVATION ? len : OBSERVATION) : NULL;
  uint64_t got = 0;
  while (got < len) {
    uint64_t want = len - got;
    if (direct && want > OBSERVATION) want = OBSERVATION;
    const ssize_t r = pread(direct ? dio_fd : data_fd, direct ? bounce : out + got, want, (off_t)(off + got));
    if (r < 0) {
      *err = errno;
      return -1;
    }
    if (direct) memcpy(out + got, bounce, (size_t)r);
    got += (uint64_t)r;
    if ((uint64_t)r < want) break; /* EOF */
  }
  return (int64_t)got;
}

static void observe(int when, int step, int view, int slot, uint64_t off, uint64_t len) {
  uint8_t *out = obs_buffer(len);
  int err;
  begin(0, 0);
  const int64_t n = read_view(view, slot, off, len, out, &err);
  end(0);
  if (when == WHEN_SETTLE) compare_settle(step, off, out, n);
  check_view(when, step, view, slot, off, len, out, n < 0 ? 0 : (size_t)n);
}

static void chunked(int when, int step, int view, int slot, uint64_t off, uint64_t len) {
  while (len > 0) {
    uint64_t c = OBSERVATION - off % OBSERVATION;
    if (c > len) c = len;
    observe(when, step, view, slot, off, c);
    off += c;
    len -= c;
  }
}

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/* Buffered [0, size+1), O_DIRECT [0, roundup(size)), each mapping up to its file's EOF
   page end plus a 1-byte probe of the first page wholly past EOF. */
static void views(uint64_t size, int when, int step) {
  chunked(when, step, VIEW_BUFFERED, 0, 0, size + 1);
  if (dio_fd >= 0 && dio_align != 0) chunked(when, step, VIEW_DIRECT, 0, 0, round_up(size, dio_align));
  for (int i = 0; i < 8; i++) {
    const struct slot *s = &slots[i];
    if (!s->addr) continue;
    const uint64_t eof_end = round_up(s->aux ? PROG_AUX_SIZE : size, page);
    const uint64_t hi = s->off + s->len < eof_end ? s->off + s->len : eof_end;
    if (hi > s->off) chunked(when, step, VIEW_MAPPED, i, s->off, hi - s->off);
    const uint64_t probe = eof_end > s->off ? eof_end : s->off;
    if (probe < s->off + s->len) observe(when, step, VIEW_MAPPED, i, probe, 1);
  }
}

/* The buffered read-back of everything a step may have changed, merged and clipped. */
static void settle(int si, uint64_t before, uint64_t after) {
  struct range r[8];
  int n = 0;
  for (int i = 0; i < steps[si].n; i++) {
    const struct op *o = &ops[steps[si].first + i];
    uint64_t lo = 0, hi = 0;
    if (o->aff == AFF_FIXED) {
      lo = o->aff_off;
      hi = o->aff_off + o->aff_len;
    } else if (o->aff == AFF_TRUNCATE) {
      lo = (o->size < before ? o->size : before) / 4096 * 4096;
      hi = round_up(o->size > before ? o->size : before, 4096);
    } else if (o->aff == AFF_FALLOCATE) {
      lo = o->off > before ? before / 4096 * 4096 : o->off;
      hi = o->off + o->len;
    }
    if (hi <= lo) continue;
    int k = n++;
    while (k > 0 && r[k - 1].off > lo) { /* insertion sort by offset */
      r[k] = r[k - 1];
      k--;
    }
    r[k].off = lo;
    r[k].len = hi - lo;
  }
  for (int i = 0; i < n;) {
    const uint64_t lo = r[i].off;
    uint64_t hi = r[i].off + r[i].len;
    for (i++; i < n && r[i].off <= hi; i++) {
      if (r[i].off + r[i].len > hi) hi = r[i].off + r[i].len;
    }
    if (hi > after) hi = after;
    if (hi > lo) chunked(WHEN_SETTLE, si, VIEW_BUFFERED, 0, lo, hi - lo);
  }
}

static uint64_t file_size(void) {
  struct stat st;
  begin(0, 0);
  const int rc = fstat(data_fd, &st);
  end(0);
  if (rc != 0) die("fstat");
  return (uint64_t)st.st_size;
}

/* ---- Kernel log: reports raised while the program runs ---- */

static int kmsg_fd = -1;

static void kmsg_scan(void) {
  /* Reports; the last `documented` ones are documented behaviour, printed only. */
  static const char *const markers[] = {
      "WARNING:", "BUG:", "Oops", "general protection fault", "KASAN:", "UBSAN:", "blocked for more than",
      "possible circular locking", "possible recursive locking", "soft lockup", "detected stall",
      "EXT4-fs error", "Internal error", "Metadata corruption", "BTRFS error", "BTRFS critical",
      "Page cache invalidation failure", "Direct I/O collision"};
  const size_t count = sizeof markers / sizeof markers[0], documented = 2;
  if (kmsg_fd < 0) return;
  char rec[8192];
  for (;;) {
    const ssize_t n = read(kmsg_fd, rec, sizeof rec - 1);
    if (n < 0 && errno == EPIPE) continue; /* overwritten records: go on */
    if (n <= 0) return;
    rec[n] = 0;
    const char *msg = strchr(rec, ';');
    msg = msg ? msg + 1 : rec;
    for (size_t i = 0; i < count; i++) {
      if (!strstr(msg, markers[i])) continue;
      say("kernel: %s%s", msg, msg[strlen(msg) - 1] == '\n' ? "" : "\n");
      if (chk.kind == CHECK_KERNEL_LOG && i < count - documented) {
        reproduced = evaluated = 1;
        note("the kernel logged: %.200s", msg);
      }
      break;
    }
  }
}

)C";
}

}  // namespace fsfuzz::cruntime
