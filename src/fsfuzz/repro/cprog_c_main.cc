// C runtime part: the files set up as exec/posix_backend.cc Reset does, one run of the
// program observed as exec/executor.cc does, and main().
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz::cruntime {

std::string_view CMain() {
  return R"C(/* ---- Setup: the files exactly as fsfuzz's POSIX backend makes them ---- */

static void write_pattern(int fd, uint32_t src, uint64_t size) {
  if (ftruncate(fd, 0) != 0) die("ftruncate");
  uint8_t *buf = io_buffer(OBSERVATION);
  for (uint64_t pos = 0; pos < size;) {
    const size_t c = size - pos < OBSERVATION ? (size_t)(size - pos) : (size_t)OBSERVATION;
    fill_pattern(src, pos, buf, c);
    for (size_t done = 0; done < c;) {
      const ssize_t r = pwrite(fd, buf + done, c - done, (off_t)(pos + done));
      if (r <= 0) die("writing the initial contents");
      done += (size_t)r;
    }
    pos += c;
  }
}

static void open_files(const char *target) {
  struct stat st;
  if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
    snprintf(data_path, sizeof data_path, "%s/fsfuzz.data", target);
    snprintf(aux_path, sizeof aux_path, "%s/fsfuzz.aux", target);
  } else {
    snprintf(data_path, sizeof data_path, "%s", target);
    snprintf(aux_path, sizeof aux_path, "%s.aux", target);
  }
  atexit(cleanup);
  data_fd = open(data_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (data_fd < 0) die(data_path);
  dio_fd = open(data_path, O_RDWR | O_DIRECT | O_NOFOLLOW | O_CLOEXEC);
  if (dio_fd < 0) say("note: O_DIRECT does not open here (%s): O_DIRECT ops fail with EINVAL\n", strerror(errno));
  aux_fd = open(aux_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (aux_fd < 0) die(aux_path);
}

/* The initial contents (the pattern, or a hole), no mappings; the aux file once. */
static void reset_files(int first) {
  unmap_all();
  if (PROG_SPARSE) {
    if (ftruncate(data_fd, 0) != 0 || ftruncate(data_fd, (off_t)PROG_SIZE) != 0) die("ftruncate");
  } else {
    write_pattern(data_fd, SRC_INIT, PROG_SIZE);
  }
  if (first) write_pattern(aux_fd, SRC_AUX, PROG_AUX_SIZE);
}

/* ---- One run of the program, observed and checked as fsfuzz does ---- */

static int run_once(void) {
  reproduced = evaluated = diverged = 0;
  found[0] = divergence[0] = 0;
  op_data_have = 0;
  uint64_t known = PROG_SIZE;
  int si = 0;
  for (; si < NSTEPS && !reproduced; si++) {
    const struct step *st = &steps[si];
    if (st->round) run_round(st->first, st->n);
    else run_op(0, st->first);
    const uint64_t after = st->need_size ? file_size() : known;
    if (chk.step < 0 || si <= chk.step) compare_history(si);
    if (st->need_size && (chk.step < 0 || si < chk.step)) compare_size(si, after);
    if (st->settle) settle(si, known, after);
    if (st->check) views(after, WHEN_CHECK, si);
    known = after;
    if (chk.step == si && chk.when == WHEN_OP && chk.kind != CHECK_SIZE && chk.kind != CHECK_HANG &&
        chk.op > 0) {
      check_op();
    }
    if (chk.step == si && chk.kind == CHECK_SIZE && (chk.when == WHEN_OP || chk.when == WHEN_SETTLE) &&
        st->need_size) {
      check_size(after);
    }
    if (chk.step == si && chk.kind == CHECK_HANG && chk.op > 0) { /* a hang would not have got here */
      evaluated = 1;
      note("op #%u finished in %.1f ms (deadline %lld ms)", chk.op, (double)recs[chk.op].ns / 1e6,
           (long long)deadline_ms);
    }
  }
  if (!reproduced) { /* fsfuzz stops a program at its first finding */
    const uint64_t size = file_size();
    if (chk.kind == CHECK_SIZE && chk.when == WHEN_FINAL) check_size(size);
    views(size, WHEN_FINAL, -1);
  }
  unmap_all(); /* then fsync: write-back errors are this program's */
  begin(0, 0);
  const int rc = fsync(data_fd);
  const int err = errno;
  end(0);
  if (chk.kind == CHECK_SYNC_EIO && chk.when == WHEN_DRAIN) {
    evaluated = 1;
    reproduced = rc < 0 && err == EIO;
    note("the end-of-program fsync returned %d%s%s", rc, rc < 0 ? ", errno " : "", rc < 0 ? strerror(err) : "");
  }
  kmsg_scan();
  if (diverged && reproduced) reproduced = 0; /* not the finding's situation: no verdict */
  return reproduced;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    say("usage: %s DIR|FILE [REPEAT [DEADLINE_MS]]\n", argv[0]);
    return 2;
  }
  const int repeat = argc > 2 && atoi(argv[2]) > 0 ? atoi(argv[2]) : 1;
  if (argc > 3 && atoll(argv[3]) > 0) deadline_ms = atoll(argv[3]);
  page = (size_t)sysconf(_SC_PAGESIZE);
  open_files(argv[1]);
  install_sigbus();
  kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (kmsg_fd >= 0) lseek(kmsg_fd, 0, SEEK_END);
  else if (chk.kind == CHECK_KERNEL_LOG) say("note: /dev/kmsg is not readable here; run as root\n");
  pthread_t th;
  if (MAX_ROUND > 0) {
    if (pthread_barrier_init(&go_barrier, NULL, MAX_ROUND + 1) || pthread_barrier_init(&done_barrier, NULL, MAX_ROUND + 1)) {
      die("pthread_barrier_init");
    }
    for (intptr_t i = 1; i <= MAX_ROUND; i++) {
      if (pthread_create(&th, NULL, worker, (void *)i) != 0) die("pthread_create");
    }
  }
  if (pthread_create(&th, NULL, watchdog, NULL) != 0) die("pthread_create");
  io_buffer(((size_t)1 << 20) + 4096);
  say("fsfuzz reproducer: %s\nchecks: %s\n", chk.title, chk.text);
  int hits = 0, diverging = 0;
  for (run_no = 1; run_no <= repeat; run_no++) {
    reset_files(run_no == 1);
    const int r = run_once();
    hits += r;
    diverging += diverged;
    if (diverged) {
      say("run %d/%d: diverged: %s; the check does not apply (it saw: %s)\n", run_no, repeat, divergence,
          evaluated ? found : "nothing");
      continue;
    }
    say("run %d/%d: %s%s\n", run_no, repeat,
        r ? "REPRODUCED: " : chk.kind == CHECK_NONE ? "done" : evaluated ? "not reproduced: " : "not reproduced",
        chk.kind == CHECK_NONE ? "" : evaluated ? found : " (the check point was not reached)");
  }
  say("reproduced in %d of %d run(s)", hits, repeat);
  if (diverging) say("; %d run(s) diverged from the finding's run before the check point", diverging);
  say("\n");
  if (MAX_ROUND > 0) {
    quitting = 1;
    pthread_barrier_wait(&go_barrier);
  }
  unmap_all();
  return hits ? 1 : 0;
}
)C";
}

}  // namespace fsfuzz::cruntime
