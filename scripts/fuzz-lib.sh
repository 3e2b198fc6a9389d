# Helpers the fuzz scripts share (sourced, not run): a tmpfs to fuzz on, running an engine
# until its first finding, and replaying a crash file with `fsfuzz run --bytes`.
# Everything a helper makes lives under $FZ_WORK (made by fz_init, removed by fz_cleanup).

fz_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FZ_WORK=""
FZ_TMPFS=""

# fz_init: a private work dir (and, as root, a tmpfs in it); cleanup at exit.
fz_init() {
  FZ_WORK="$(mktemp -d "${TMPDIR:-/tmp}/fsfuzz-fuzzscript.XXXXXX")"
  trap fz_cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$FZ_WORK/tmpfs"
  if [[ $(id -u) -eq 0 ]] && mount -t tmpfs -o size=1g fsfuzz-fuzz "$FZ_WORK/tmpfs" 2>/dev/null; then
    FZ_TMPFS="$FZ_WORK/tmpfs"
  elif [[ -d /dev/shm && -w /dev/shm ]]; then
    FZ_TMPFS="$(mktemp -d /dev/shm/fsfuzz-fuzzscript.XXXXXX)"
  else
    FZ_TMPFS="$FZ_WORK/tmpfs"  # not tmpfs: the runs say which filesystem they used
  fi
}

fz_cleanup() {
  local rc=$?
  if [[ -n "$FZ_WORK" ]]; then
    # Engines still running (a timeout fired) are ours: their pids are in $FZ_WORK/pids.
    if [[ -f "$FZ_WORK/pids" ]]; then
      while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$FZ_WORK/pids"
      sleep 0.2
    fi
    mountpoint -q "$FZ_WORK/tmpfs" && umount "$FZ_WORK/tmpfs"
    [[ "$FZ_TMPFS" == /dev/shm/* ]] && rm -rf "$FZ_TMPFS"
    rm -rf "$FZ_WORK"
  fi
  return $rc
}

# The fsfuzz CLI for replays: $FSFUZZ_CLI, else the default preset's, else build/'s. A copy
# in $FZ_WORK is used once made, so a concurrent rebuild of build/default (the binary is
# missing while it links) cannot fail a replay half-way through a script.
fz_cli() {
  local c
  if [[ -n "$FZ_WORK" && -x "$FZ_WORK/fsfuzz-cli" ]]; then echo "$FZ_WORK/fsfuzz-cli"; return 0; fi
  for c in "${FSFUZZ_CLI:-}" "$fz_root/build/default/cli/fsfuzz" "$fz_root/build/cli/fsfuzz"; do
    if [[ -n "$c" && -x "$c" ]]; then
      if [[ -n "$FZ_WORK" ]] && cp "$c" "$FZ_WORK/fsfuzz-cli.tmp" 2>/dev/null; then
        mv "$FZ_WORK/fsfuzz-cli.tmp" "$FZ_WORK/fsfuzz-cli"
        c="$FZ_WORK/fsfuzz-cli"
      fi
      echo "$c"
      return 0
    fi
  done
  return 1
}

# fz_seed DIR: one neutral program (no simulated bug fires on it) as a starting corpus.
fz_seed() {
  mkdir -p "$1"
  printf 'file size=16K seed=1\nread off=0 len=4K\n' >"$FZ_WORK/neutral.fsp"
  "$FZ_SEEDGEN" encode "$1" "$FZ_WORK/neutral.fsp"
}

# fz_sig LOG: the signature of the first "==fsfuzz== FINDING" line of a log ("" if none).
fz_sig() { grep -m1 -o '==fsfuzz== FINDING.*(signature [0-9a-f]*)' "$1" 2>/dev/null | sed 's/.*signature \([0-9a-f]*\))/\1/'; }

# fz_replay_sig CRASH ARGS...: `fsfuzz run --bytes CRASH ARGS...`; prints the signature of
# the finding it wrote ("" when none).
fz_replay_sig() {
  local crash="$1"; shift
  local out="$FZ_WORK/replay.$RANDOM"
  local cli
  cli="$(fz_cli)" || { echo "no-cli"; return 0; }
  "$cli" run --bytes "$crash" --out "$out" --deadline 1000 --no-kernel-watch "$@" >"$out.log" 2>&1 || true
  grep -ho '"signature": *"[0-9a-f]*"' "$out"/finding-*.json 2>/dev/null | head -1 | grep -o '[0-9a-f]\{16\}' || true
}

# fz_libfuzzer_until_finding BIN CORPUS LOG MAX_SECONDS [ARGS...]: runs libFuzzer until its
# first crash; prints "execs seconds crash_file" (crash_file "-" when none was found).
fz_libfuzzer_until_finding() {
  local bin="$1" corpus="$2" log="$3" max="$4"; shift 4
  local art="$FZ_WORK/art.$RANDOM/"
  mkdir -p "$art"
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" -max_total_time="$max" -print_final_stats=1 -artifact_prefix="$art" "$@" "$corpus" >"$log" 2>&1 || true
  t1=$(date +%s.%N)
  local execs crash
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  crash=$(ls "$art"crash-* 2>/dev/null | head -1 || true)
  echo "${execs:-0} $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') ${crash:--}"
}

# fz_afl_until_finding BIN SEEDS OUTDIR MAX_SECONDS: runs afl-fuzz (persistent mode,
# shared-memory input, our custom mutator when $FZ_AFL_MUTATOR is set, a fixed seed when
# $FZ_AFL_SEED is) until the first crash; prints "execs seconds crash_file".
fz_afl_until_finding() {
  local bin="$1" seeds="$2" out="$3" max="$4"
  local t0 t1
  t0=$(date +%s.%N)
  env AFL_BENCH_UNTIL_CRASH=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_QUIET=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=1 AFL_NO_STARTUP_CALIBRATION=1 \
    ${FZ_AFL_MUTATOR:+AFL_CUSTOM_MUTATOR_LIBRARY=$FZ_AFL_MUTATOR} \
    timeout -k 5 $((max + 30)) afl-fuzz -i "$seeds" -o "$out" -V "$max" -t "${FZ_AFL_TIMEOUT:-5000}" -m none \
    ${FZ_AFL_SEED:+-s "$FZ_AFL_SEED"} \
    -- "$bin" >"$out.log" 2>&1 || true
  t1=$(date +%s.%N)
  local execs crash secs
  crash=$(ls "$out"/default/crashes/id:* 2>/dev/null | head -1 || true)
  if [[ -n "$crash" ]]; then
    # AFL++ names a crash by the execs and milliseconds it took: the first finding's cost.
    execs=$(basename "$crash" | grep -o 'execs:[0-9]*' | cut -d: -f2)
    secs=$(basename "$crash" | grep -o 'time:[0-9]*' | cut -d: -f2 | awk '{printf "%.1f", $1 / 1000}')
  else
    execs=$(grep -m1 '^execs_done' "$out/default/fuzzer_stats" 2>/dev/null | grep -o '[0-9]*$' || echo 0)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
  fi
  echo "${execs:-0} ${secs} ${crash:--}"
}
