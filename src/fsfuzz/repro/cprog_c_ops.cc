// C runtime part: the ops as the same syscalls, in the same order, as exec/posix_ops.cc,
// and rounds on worker threads released together by a barrier.
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz::cruntime {

std::string_view COps() {
  return R"C(/* ---- The ops: the same syscalls, in the same order, as fsfuzz's POSIX backend ---- */

struct slot {
  uint8_t *addr; /* NULL: not mapped */
  uint64_t off, len;
  int aux, priv;
};
static struct slot slots[8];

struct rec {
  int64_t ret; /* syscall result; for touches the bytes done before any SIGBUS */
  int err, sigbus, skipped;
  int64_t ns;  /* how long it took */
};
static struct rec recs[NOPS + 1]; /* by op id */

/* The checked op's data (reads, touch_read): what it returned or loaded. */
static uint8_t *op_data;
static size_t op_data_len;
static int op_data_have;

static void keep_data(uint32_t id, const uint8_t *p, size_t n) {
  if (chk.when != WHEN_OP || id != chk.op) return;
  free(op_data);
  op_data = malloc(n ? n : 1);
  if (!op_data) _exit(2);
  memcpy(op_data, p, n);
  op_data_len = n;
  op_data_have = 1;
}

static void set_ret(struct rec *r, int64_t v) {
  r->ret = v;
  r->err = v < 0 ? errno : 0;
}

static struct slot *live_slot(int i, struct rec *r) {
  if (slots[i].addr) return &slots[i];
  r->skipped = 1; /* its mmap failed */
  return NULL;
}

static uint8_t *user_buffer(const struct op *o, struct rec *r) {
  if (o->buf == BUF_HEAP) return io_buffer(o->buf_off + o->len) + o->buf_off;
  struct slot *s = live_slot(o->buf, r);
  if (!s) return NULL;
  if (o->buf_off > s->len || o->len > s->len - o->buf_off) {
    r->ret = -1;
    r->err = EINVAL;
    return NULL;
  }
  return s->addr + o->buf_off;
}

static int map_slot(int i, uint64_t off, uint64_t len, int mode) {
  const int aux = mode == MAP_MODE_AUX || mode == MAP_MODE_AUX_PRIVATE;
  const int priv = mode == MAP_MODE_PRIVATE || mode == MAP_MODE_AUX_PRIVATE;
  void *a = mmap(NULL, len, aux ? PROT_READ : PROT_READ | PROT_WRITE, priv ? MAP_PRIVATE : MAP_SHARED,
                 aux ? aux_fd : data_fd, (off_t)off);
  if (a == MAP_FAILED) return errno;
  slots[i].addr = a;
  slots[i].off = off;
  slots[i].len = len;
  slots[i].aux = aux;
  slots[i].priv = priv;
  return 0;
}

static void unmap_all(void) {
  for (int i = 0; i < 8; i++) {
    if (slots[i].addr) munmap(slots[i].addr, slots[i].len);
    slots[i].addr = NULL;
  }
}

static void drop_caches(struct rec *r, const char *level) {
  int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, level, 1) != 1) {
    const int e = errno;
    if (fd >= 0) close(fd);
    if (e == EACCES || e == EPERM || e == EROFS) {
      r->skipped = 1; /* not root: fsfuzz records the same skip */
    } else {
      r->ret = -1;
      r->err = e;
    }
    return;
  }
  close(fd);
}

/* fsfuzz's `remount` unmounts and mounts its testbed (cold cache, mappings made anew).
   This program cannot remount what it did not mount: it drops the file's cached pages
   instead (every page with root) and maps the slots again. */
static void cold_cache(struct rec *r) {
  struct slot keep[8];
  memcpy(keep, slots, sizeof keep);
  unmap_all();
  if (fsync(data_fd) != 0) set_ret(r, -1);
  posix_fadvise(data_fd, 0, 0, POSIX_FADV_DONTNEED);
  struct rec ignored = {0, 0, 0, 0, 0};
  drop_caches(&ignored, "3");
  for (int i = 0; i < 8; i++) {
    if (!keep[i].addr) continue;
    const int mode = keep[i].aux ? (keep[i].priv ? MAP_MODE_AUX_PRIVATE : MAP_MODE_AUX)
                                 : (keep[i].priv ? MAP_MODE_PRIVATE : MAP_MODE_SHARED);
    const int e = map_slot(i, keep[i].off, keep[i].len, mode);
    if (e) {
      r->ret = -1;
      r->err = e;
    }
  }
}

static void exec_op(const struct op *o, uint32_t id, struct rec *r) {
  memset(r, 0, sizeof *r);
  switch (o->kind) {
    case OP_WRITE:
    case OP_DWRITE: {
      const int fd = o->kind == OP_DWRITE ? dio_fd : data_fd;
      if (fd < 0) { /* O_DIRECT unsupported here: fsfuzz records EINVAL */
        r->ret = -1;
        r->err = EINVAL;
        return;
      }
      uint8_t *b = user_buffer(o, r);
      if (!b) return;
      if (o->buf == BUF_HEAP) fill_pattern(id, o->off, b, o->len);
      set_ret(r, pwrite(fd, b, o->len, (off_t)o->off));
      return;
    }
    case OP_READ:
    case OP_DREAD: {
      const int fd = o->kind == OP_DREAD ? dio_fd : data_fd;
      if (fd < 0) {
        r->ret = -1;
        r->err = EINVAL;
        return;
      }
      uint8_t *b = user_buffer(o, r);
      if (!b) return;
      const ssize_t n = pread(fd, b, o->len, (off_t)o->off);
      set_ret(r, n);
      if (n <= 0) return;
      if (o->buf == BUF_HEAP) {
        keep_data(id, b, (size_t)n);
        return;
      }
      /* Into a mapping: what the destination holds now (a racing op may change it). */
      uint8_t *d = obs_buffer((size_t)n);
      keep_data(id, d, guarded_copy(d, b, (size_t)n, &r->sigbus));
      return;
    }
    case OP_MMAP: {
      if (slots[o->slot].addr) munmap(slots[o->slot].addr, slots[o->slot].len);
      slots[o->slot].addr = NULL;
      const int e = map_slot(o->slot, o->off, o->len, o->mode);
      r->ret = e ? -1 : 0;
      r->err = e;
      return;
    }
    case OP_MUNMAP: {
      struct slot *s = live_slot(o->slot, r);
      if (!s) return;
      set_ret(r, munmap(s->addr, s->len));
      s->addr = NULL;
      return;
    }
    case OP_TOUCH_READ:
    case OP_TOUCH_WRITE: {
      struct slot *s = live_slot(o->slot, r);
      if (!s) return;
      if (o->off > s->len || o->len > s->len - o->off) {
        r->ret = -1;
        r->err = EINVAL;
        return;
      }
      uint8_t *p = s->addr + o->off;
      size_t done;
      if (o->kind == OP_TOUCH_READ) {
        uint8_t *d = obs_buffer(o->len);
        done = guarded_copy(d, p, o->len, &r->sigbus);
        keep_data(id, d, done);
      } else {
        done = guarded_store(p, id, s->off + o->off, o->len, &r->sigbus);
      }
      r->ret = (int64_t)done;
      return;
    }
    case OP_TRUNCATE: set_ret(r, ftruncate(data_fd, (off_t)o->size)); return;
    case OP_FALLOCATE: set_ret(r, fallocate(data_fd, o->mode, (off_t)o->off, (off_t)o->len)); return;
    case OP_FSYNC: set_ret(r, fsync(data_fd)); return;
    case OP_FDATASYNC: set_ret(r, fdatasync(data_fd)); return;
    case OP_MSYNC:
    case OP_MADVISE: {
      struct slot *s = live_slot(o->slot, r);
      if (!s) return;
      if (o->off > s->len || o->len > s->len - o->off) {
        r->ret = -1;
        r->err = EINVAL;
        return;
      }
      uint8_t *p = s->addr + o->off;
      set_ret(r, o->kind == OP_MSYNC ? msync(p, o->len, o->mode) : madvise(p, o->len, o->mode));
      return;
    }
    case OP_EVICT:
      if (o->mode == EVICT_FADVISE) {
        const int e = posix_fadvise(data_fd, 0, 0, POSIX_FADV_DONTNEED);
        r->ret = e ? -1 : 0;
        r->err = e;
        return;
      }
      if (fsync(data_fd) != 0) { /* drop_caches drops only clean pages */
        set_ret(r, -1);
        return;
      }
      drop_caches(r, "1");
      return;
    case OP_REMOUNT: cold_cache(r); return;
    case OP_CHECK: return;
  }
}

static void run_op(int th, int index) {
  const uint32_t id = (uint32_t)index + 1;
  begin(th, id);
  const int64_t t0 = now_ns();
  exec_op(&ops[index], id, &recs[id]);
  recs[id].ns = now_ns() - t0;
  end(th);
}

/* ---- Rounds: one worker thread per op, created once, released together: a barrier wakes
   them, then (as fsfuzz's worker pool does) the round's workers meet spinning, so they
   start within a yield of each other ---- */

static pthread_barrier_t go_barrier, done_barrier;
static int round_first, round_n, quitting;
static atomic_int arrived;

static void *worker(void *arg) {
  const int th = (int)(intptr_t)arg; /* 1..MAX_ROUND */
  io_buffer(((size_t)1 << 20) + 4096); /* buffers outside the timed path, as fsfuzz does */
  for (;;) {
    pthread_barrier_wait(&go_barrier);
    if (quitting) return NULL;
    if (th <= round_n) {
      atomic_fetch_add(&arrived, 1);
      while (atomic_load(&arrived) < round_n) sched_yield();
      run_op(th, round_first + th - 1);
    }
    pthread_barrier_wait(&done_barrier);
  }
}

static void run_round(int first, int n) {
  round_first = first;
  round_n = n;
  atomic_store(&arrived, 0);
  pthread_barrier_wait(&go_barrier);
  pthread_barrier_wait(&done_barrier);
}

)C";
}

}  // namespace fsfuzz::cruntime
