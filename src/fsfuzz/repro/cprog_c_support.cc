// C runtime part: lock-free output, buffers, SIGBUS-guarded copies (as exec/fault_guard.cc)
// and the watchdog that prints every thread's kernel stack when an op passes its deadline.
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz::cruntime {

std::string_view CSupport() {
  return R"C(/* ---- Output without stdio locks: the watchdog prints while other threads may be stuck ---- */

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...) {
  char buf[8192];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1;
  for (int done = 0; done < n;) {
    ssize_t w = write(1, buf + done, (size_t)(n - done));
    if (w <= 0) break;
    done += (int)w;
  }
}

static size_t page;                 /* the machine's page size */
static int data_fd = -1, dio_fd = -1, aux_fd = -1;
static char data_path[4096], aux_path[4096];

static void cleanup(void) {
  if (data_path[0]) unlink(data_path);
  if (aux_path[0]) unlink(aux_path);
}

static void die(const char *what) {
  say("setup error: %s: %s\n", what, strerror(errno));
  exit(2);
}

/* Page-aligned per-thread buffers, grown on demand (O_DIRECT-ready). */
static uint8_t *grow(uint8_t **p, size_t *cap, size_t n) {
  if (*p && n <= *cap) return *p;
  size_t c = *cap ? *cap : ((size_t)1 << 20) + 4096;
  while (c < n) c *= 2;
  c = (c + page - 1) / page * page;
  free(*p);
  void *q = NULL;
  if (posix_memalign(&q, page, c) != 0) {
    say("out of memory for a %zu-byte buffer\n", c);
    _exit(2);
  }
  *p = q;
  *cap = c;
  return *p;
}
static _Thread_local uint8_t *t_io, *t_obs;
static _Thread_local size_t t_io_cap, t_obs_cap;
static uint8_t *io_buffer(size_t n) { return grow(&t_io, &t_io_cap, n); }
static uint8_t *obs_buffer(size_t n) { return grow(&t_obs, &t_obs_cap, n); }

/* ---- SIGBUS-tolerant copies through mappings (fsfuzz exec/fault_guard.cc): a load or
   store on a page wholly past EOF becomes a recorded result instead of a crash ---- */

static _Thread_local sigjmp_buf t_jmp;
static _Thread_local volatile sig_atomic_t t_armed;
static _Thread_local uint8_t t_fill[4096];

static void on_sigbus(int sig, siginfo_t *info, void *uc) {
  (void)uc;
  if (t_armed) {
    t_armed = 0;
    siglongjmp(t_jmp, 1);
  }
  /* Not a guarded copy: die as the process would have without us. */
  signal(sig, SIG_DFL);
  if (info == NULL || info->si_code <= 0) raise(sig);
}

static void install_sigbus(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER; /* stays unblocked after the jump */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, NULL);
}

/* Chunks never cross a page of either side, so the count is exact at page granularity. */
__attribute__((noinline)) static void copy_chunks(uint8_t *d, const uint8_t *s, size_t n, volatile size_t *done) {
  size_t i = 0;
  while (i < n) {
    size_t c = n - i;
    const size_t a = page - (uintptr_t)(s + i) % page, b = page - (uintptr_t)(d + i) % page;
    if (c > a) c = a;
    if (c > b) c = b;
    memcpy(d + i, s + i, c);
    atomic_signal_fence(memory_order_seq_cst);
    i += c;
    *done = i;
  }
}

__attribute__((noinline)) static void store_chunks(uint8_t *d, uint32_t src, uint64_t pos, size_t n,
                                                   volatile size_t *done) {
  size_t i = 0;
  while (i < n) {
    size_t c = n - i;
    const size_t b = page - (uintptr_t)(d + i) % page;
    if (c > sizeof t_fill) c = sizeof t_fill;
    if (c > b) c = b;
    fill_pattern(src, pos + i, t_fill, c);
    memcpy(d + i, t_fill, c);
    atomic_signal_fence(memory_order_seq_cst);
    i += c;
    *done = i;
  }
}

static size_t guarded_copy(uint8_t *dst, const uint8_t *src, size_t n, int *sigbus) {
  volatile size_t done = 0;
  *sigbus = 0;
  if (sigsetjmp(t_jmp, 0) != 0) {
    *sigbus = 1;
    return done;
  }
  t_armed = 1;
  copy_chunks(dst, src, n, &done);
  t_armed = 0;
  return done;
}

/* Stores op `src`'s pattern for file offsets [pos, pos+n) through a mapping. */
static size_t guarded_store(uint8_t *dst, uint32_t src, uint64_t pos, size_t n, int *sigbus) {
  volatile size_t done = 0;
  *sigbus = 0;
  if (sigsetjmp(t_jmp, 0) != 0) {
    *sigbus = 1;
    return done;
  }
  t_armed = 1;
  store_chunks(dst, src, pos, n, &done);
  t_armed = 0;
  return done;
}

/* ---- The watchdog: a thread sharing no lock with the others notices an op past its
   deadline, prints every thread's kernel stack and ends the process ---- */

struct busy {
  _Atomic int64_t start_ns; /* 0: idle */
  _Atomic uint32_t op;      /* 0: fsfuzz's own reads (settle, views, the drain) */
  _Atomic int tid;
};
static struct busy busy[MAX_ROUND + 1];
static int64_t deadline_ms = DEADLINE_MS;
static int run_no;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static _Thread_local int t_tid;
static void begin(int th, uint32_t id) {
  if (!t_tid) t_tid = (int)syscall(SYS_gettid);
  atomic_store(&busy[th].op, id);
  atomic_store(&busy[th].tid, t_tid);
  atomic_store(&busy[th].start_ns, now_ns());
}
static void end(int th) { atomic_store(&busy[th].start_ns, 0); }

static void dump_file(const char *dir, const char *name) {
  char path[512], buf[8192];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    say("    %s: unreadable (%s)\n", name, strerror(errno));
    return;
  }
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n < 0) n = 0;
  while (n > 0 && buf[n - 1] == '\n') n--;
  buf[n] = 0;
  if (!strchr(buf, '\n')) {
    say("    %s: %s\n", name, buf);
    return;
  }
  say("    %s:\n", name); /* a kernel stack: one frame per line */
  for (char *line = buf, *nl; line; line = nl ? nl + 1 : NULL) {
    nl = strchr(line, '\n');
    if (nl) *nl = 0;
    say("      %s\n", line);
  }
}

static void dump_tasks(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char dir[300];
    snprintf(dir, sizeof dir, "/proc/self/task/%s", e->d_name);
    say("  task %s\n", e->d_name);
    dump_file(dir, "comm");
    dump_file(dir, "wchan");
    dump_file(dir, "stack");
  }
  closedir(d);
}

static void *watchdog(void *arg) {
  (void)arg;
  for (;;) {
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    const int64_t now = now_ns();
    for (int t = 0; t <= MAX_ROUND; t++) {
      const int64_t s = atomic_load(&busy[t].start_ns);
      if (s == 0 || now - s <= deadline_ms * 1000000) continue;
      const uint32_t id = atomic_load(&busy[t].op);
      say("HANG in run %d: %s%s on thread %d (tid %d) has not finished after %lld ms\n", run_no,
          id ? "op " : "", id ? ops[id - 1].text : "a read-back (settle, view or the end-of-program fsync)", t,
          atomic_load(&busy[t].tid), (long long)((now - s) / 1000000));
      say("threads (comm, wchan, kernel stack):\n");
      dump_tasks();
      if (chk.kind == CHECK_HANG) {
        say("REPRODUCED: the hang (op #%u did not finish within %lld ms)\n", id, (long long)deadline_ms);
        _exit(1);
      }
      say("a hang, but not the finding this program checks\n");
      _exit(3);
    }
  }
  return NULL;
}

)C";
}

}  // namespace fsfuzz::cruntime
