// C runtime part: the checked condition: the candidate matcher (as check/candidates.cc),
// sizes, results, SIGBUS, and the history comparison that tells diverged runs apart.
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz::cruntime {

std::string_view CCheck() {
  return R"C(/* ---- The checked condition ---- */

static int reproduced;   /* this run showed the finding */
static int evaluated;    /* the check point was reached */
static char found[2048]; /* what was seen at the check point */
static int diverged;     /* an op before the check point did not do what it did in the finding's run */
static char divergence[512];

/* The check's expectations (candidates, sizes, results) follow from what the ops before it
   did in the finding's run: one that did otherwise here (a write that failed there and
   worked here, a different count) makes the check meaningless for this run. */
static int check_needs_same_history(void) {
  return chk.kind == CHECK_BYTES || chk.kind == CHECK_SIZE || chk.kind == CHECK_RET || chk.kind == CHECK_SIGBUS ||
         chk.kind == CHECK_SIGBUS_RANGE;
}

static uint64_t fnv1a64(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

/* After a round fsfuzz adopts the bytes its read-back saw (any admissible value): later
   checks expect those. A read-back that saw other bytes here is another history. */
static void compare_settle(int si, uint64_t off, const uint8_t *data, int64_t n) {
  if (diverged || !check_needs_same_history() || (chk.step >= 0 && si >= chk.step)) return;
  for (int i = 0; i < NSETTLES; i++) {
    const struct settle_seen *e = &settles_seen[i];
    if (e->step != si || e->off != off) continue;
    if (e->ret == n && e->hash == fnv1a64(data, n > 0 ? (size_t)n : 0)) return;
    diverged = 1;
    snprintf(divergence, sizeof divergence,
             "the read-back of [0x%llx, +%lld) after step %d saw other bytes than in the finding's run (fsfuzz "
             "adopted those as the file's contents)",
             (unsigned long long)off, (long long)n, si);
    return;
  }
}

static void compare_history(int si) {
  if (diverged || !check_needs_same_history()) return;
  for (int i = 0; i < steps[si].n; i++) {
    const int k = steps[si].first + i;
    const struct op *o = &ops[k];
    const struct rec *r = &recs[k + 1];
    if (!o->orig || (uint32_t)k + 1 == chk.op) continue; /* the checked op itself is what is checked */
    const int same = (r->ret < 0) == (o->orig_ret < 0) && (r->ret < 0 ? r->err == o->orig_err : r->ret == o->orig_ret);
    if (same) continue;
    diverged = 1;
    snprintf(divergence, sizeof divergence, "op #%d (%s) returned %lld%s%s where the finding's run saw %lld%s%s", k + 1,
             o->text, (long long)r->ret, r->ret < 0 ? " " : "", r->ret < 0 ? strerror(r->err) : "",
             (long long)o->orig_ret, o->orig_ret < 0 ? " " : "", o->orig_ret < 0 ? strerror(o->orig_err) : "");
    return;
  }
}

/* A file of another size after a step is another history too (tmpfs extends a file on a
   buffered write that fails with EFAULT; the finding's kernel did not): later offsets past
   EOF, SIGBUS and candidates follow from the size. A size check is about the size itself. */
static void compare_size(int si, uint64_t size) {
  if (diverged || !check_needs_same_history() || chk.kind == CHECK_SIZE || steps[si].orig_size < 0) return;
  if (size == (uint64_t)steps[si].orig_size) return;
  diverged = 1;
  snprintf(divergence, sizeof divergence, "st_size after step %d is %llu where the finding's run saw %lld", si,
           (unsigned long long)size, steps[si].orig_size);
}

__attribute__((format(printf, 1, 2))) static void note(const char *fmt, ...) {
  const size_t used = strlen(found);
  if (used + 1 >= sizeof found) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(found + used, sizeof found - used, fmt, ap);
  va_end(ap);
}

static int definite_at(uint64_t o) {
  for (int i = 0; i < chk.ndefinite; i++) {
    if (o >= chk.definite[i].off && o < chk.definite[i].off + chk.definite[i].len) return 1;
  }
  return 0;
}

static uint8_t cand_byte(const struct cand *c, uint64_t o) {
  if (c->hex) return (uint8_t)c->hex[o - c->off];
  return pattern_byte(c->src, o + (uint64_t)c->delta);
}

static void describe_source(const struct cand *c) {
  if (c->any) note("anything");
  else if (c->hex) note("literal bytes");
  else if (c->src == SRC_ZERO) note("zeros");
  else if (c->src == SRC_INIT) note("initial data");
  else if (c->src == SRC_AUX) note("aux file data");
  else note("op #%u's data", c->src);
  if (!c->any && !c->hex && c->src != SRC_ZERO && c->delta) note(" (shifted by %lld)", (long long)c->delta);
  if (c->pre) note(" (the value before the step)");
}

/* Per byte: admissible when some covering candidate has its value, except a "pre"
   candidate on a definite range (fsfuzz check/candidates.cc Match). p holds the checked
   bytes from chk.off; only the first n were read. */
static void check_bytes(const uint8_t *p, size_t n) {
  evaluated = 1;
  if (n < chk.len) note("only %zu of %llu checked bytes were read; ", n, (unsigned long long)chk.len);
  uint8_t *ok = calloc(n ? n : 1, 1);
  if (!ok) _exit(2);
  for (int c = 0; c < chk.ncands; c++) {
    const struct cand *cd = &chk.cands[c];
    const uint64_t a = cd->off > chk.off ? cd->off : chk.off;
    const uint64_t b = cd->off + cd->len < chk.off + n ? cd->off + cd->len : chk.off + n;
    for (uint64_t o = a; o < b; o++) {
      const size_t i = (size_t)(o - chk.off);
      if (ok[i] || (cd->pre && definite_at(o))) continue;
      if (cd->any || cand_byte(cd, o) == p[i]) ok[i] = 1;
    }
  }
  size_t bad = 0, runs = 0;
  for (size_t i = 0; i < n;) {
    if (ok[i]) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && !ok[j]) j++;
    bad += j - i;
    if (runs++ < 4) {
      const uint64_t o = chk.off + i;
      note("\n  bytes 0x%llx-0x%llx read", (unsigned long long)o, (unsigned long long)(chk.off + j - 1));
      for (size_t k = i; k < j && k < i + 16; k++) note(" %02x", p[k]);
      note("; admissible there:");
      int shown = 0;
      for (int c = 0; c < chk.ncands && shown < 3; c++) {
        const struct cand *cd = &chk.cands[c];
        if (o < cd->off || o >= cd->off + cd->len || (cd->pre && definite_at(o))) continue;
        note(shown++ ? ", or " : " ");
        describe_source(cd);
        if (!cd->any) {
          note(" =");
          for (uint64_t k = o; k < o + 8 && k < cd->off + cd->len && k < chk.off + j; k++) note(" %02x", cand_byte(cd, k));
        }
      }
      if (!shown) note(" nothing (no source covers them)");
    }
    i = j;
  }
  free(ok);
  if (bad) {
    reproduced = 1;
    note("\n  %zu byte(s) in %zu range(s) of [0x%llx, +%llu) match no admissible source", bad, runs,
         (unsigned long long)chk.off, (unsigned long long)chk.len);
  } else {
    note("all %zu checked bytes admissible", n);
  }
}

/* An observation of view/slot covering [off, off+len) (n bytes read) at a check point. */
static void check_view(int when, int step, int view, int slot, uint64_t off, uint64_t len, const uint8_t *data,
                       size_t n) {
  if (chk.kind != CHECK_BYTES || (int)chk.when != when || chk.step != step || (int)chk.view != view) return;
  if (view == VIEW_MAPPED && chk.slot != slot) return;
  if (chk.off < off || chk.off >= off + len) return;
  const uint64_t skip = chk.off - off;
  size_t avail = n > skip ? (size_t)(n - skip) : 0;
  if (avail > chk.len) avail = chk.len;
  check_bytes(data + skip, avail);
}

static void check_size(uint64_t size) {
  evaluated = 1;
  for (int i = 0; i < chk.nsizes; i++) {
    if (chk.sizes[i] == size) {
      note("st_size %llu, as allowed", (unsigned long long)size);
      return;
    }
  }
  reproduced = 1;
  note("st_size is %llu; allowed:", (unsigned long long)size);
  for (int i = 0; i < chk.nsizes; i++) note(" %llu", (unsigned long long)chk.sizes[i]);
}

static void check_op(void) {
  const struct rec *r = &recs[chk.op];
  const struct op *o = &ops[chk.op > 0 ? chk.op - 1 : 0];
  evaluated = 1;
  if (r->skipped) {
    note("op #%u was skipped (its slot is not mapped, or it needs root)", chk.op);
    return;
  }
  if (r->ret < 0) note("op #%u returned -1, errno %d (%s)", chk.op, r->err, strerror(r->err));
  else note("op #%u returned %lld%s", chk.op, (long long)r->ret, r->sigbus ? " and took SIGBUS" : "");
  switch (chk.kind) {
    case CHECK_RET: {
      const int in = chk.ret_range && r->ret >= chk.ret_lo && r->ret <= chk.ret_hi;
      if (chk.obs_errno) reproduced = !in && r->ret < 0 && r->err == chk.obs_errno;
      else if (chk.ret_range) reproduced = !in && r->ret >= 0;
      else reproduced = r->ret == chk.obs_ret;
      if (chk.ret_range) note("; admissible: %lld..%lld", (long long)chk.ret_lo, (long long)chk.ret_hi);
      return;
    }
    case CHECK_SIGBUS: {
      const uint64_t done = r->ret > 0 ? (uint64_t)r->ret : 0;
      reproduced = r->sigbus != chk.expect_sigbus || done != chk.expect_done;
      note("; due: %s after %llu bytes", chk.expect_sigbus ? "SIGBUS" : "no SIGBUS", (unsigned long long)chk.expect_done);
      return;
    }
    case CHECK_SIGBUS_RANGE: {
      const uint64_t done = r->ret > 0 ? (uint64_t)r->ret : 0, at = chk.touch_base + done;
      if (chk.unexpected) {
        reproduced = r->sigbus && ((done != 0 && at % 4096) || at / 4096 * 4096 < chk.limit);
        note("; SIGBUS is due only from file offset 0x%llx", (unsigned long long)chk.limit);
      } else {
        reproduced = !r->sigbus && (done != o->len || (chk.touch_base + o->len - 1) / 4096 * 4096 >= chk.limit);
        note("; SIGBUS is due before file offset 0x%llx", (unsigned long long)chk.limit);
      }
      return;
    }
    case CHECK_SYNC_EIO: reproduced = r->ret < 0 && r->err == EIO; return;
    case CHECK_BYTES:
      if (!op_data_have) {
        note("; it observed no data");
        return;
      }
      if (chk.off < chk.base || chk.off >= chk.base + op_data_len) {
        note("; it read %zu bytes, short of the checked range", op_data_len);
        return;
      }
      note(": ");
      check_bytes(op_data + (chk.off - chk.base), (size_t)(chk.base + op_data_len - chk.off) < chk.len
                                                           ? (size_t)(chk.base + op_data_len - chk.off)
                                                           : (size_t)chk.len);
      return;
    default: return;
  }
}

)C";
}

}  // namespace fsfuzz::cruntime
