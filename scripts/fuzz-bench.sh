#!/usr/bin/env bash
# Fuzzing benchmarks (docs/fuzzing.md, "Measurements"):
#   fuzz-bench.sh model [RUNS] [MAX_SECONDS] [ENGINES] [BUGS]
#       fsfuzz_model from one neutral seed until its first finding, per simulated bug,
#       with and without semantic feedback, under libFuzzer and AFL++: median execs and
#       seconds to the first finding over RUNS runs (default 3, 120 s cap each), and whether
#       the crash file replays with `fsfuzz run --bytes` to the same signature.
#   fuzz-bench.sh speed [SECONDS]
#       exec/s of fsfuzz_program on tmpfs for 16-op programs under each engine (the
#       mutator keeps the op count: FSFUZZ_FIXED_OPS=1).
# Needs the fuzz-libfuzzer and fuzz-afl builds (cmake --preset ...; cmake --build ...).
set -euo pipefail
source "$(dirname "$0")/fuzz-lib.sh"
lf_bin="$fz_root/build/fuzz-libfuzzer/fuzz/bin"
afl_bin="$fz_root/build/fuzz-afl/fuzz/bin"
FZ_SEEDGEN="$lf_bin/fsfuzz_seedgen"
fz_init

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print a[int((NR + 1) / 2)]}'; }

bench_model() {
  local runs="${1:-3}" max="${2:-120}" engines="${3:-libfuzzer,afl}" bugs="${4:-all}"
  if [[ "$bugs" == all ]]; then
    bugs="stale-page,lost-write,extend-no-zero,torn-write,missing-sigbus,wrong-size,dio-map-hang,spurious-sigbus,dio-einval,evict-drops-dirty"
  fi
  fz_seed "$FZ_WORK/seed"
  printf '%-10s %-18s %-8s %5s %10s %9s %s\n' engine bug feedback found execs seconds replay
  local engine bug fb r
  for engine in ${engines//,/ }; do
    for bug in ${bugs//,/ }; do
      for fb in 1 0; do
        local execs=() secs=() found=0 replay="-"
        for ((r = 1; r <= runs; r++)); do
          local res crash
          if [[ "$engine" == libfuzzer ]]; then
            rm -rf "$FZ_WORK/corpus" && cp -r "$FZ_WORK/seed" "$FZ_WORK/corpus"
            res=$(FSFUZZ_MODEL_BUG=$bug FSFUZZ_FEEDBACK=$fb FSFUZZ_QUIET=1 \
                  fz_libfuzzer_until_finding "$lf_bin/fsfuzz_model" "$FZ_WORK/corpus" "$FZ_WORK/lf.log" "$max" \
                  -seed=$((r * 7919)))
          else
            rm -rf "$FZ_WORK/afl-out"
            res=$(FSFUZZ_MODEL_BUG=$bug FSFUZZ_FEEDBACK=$fb FSFUZZ_QUIET=1 FZ_AFL_MUTATOR="$afl_bin/libfsfuzz_afl_mutator.so" \
                  fz_afl_until_finding "$afl_bin/fsfuzz_model" "$FZ_WORK/seed" "$FZ_WORK/afl-out" "$max")
          fi
          read -r e s crash <<<"$res"
          if [[ "$crash" != "-" ]]; then
            found=$((found + 1))
            execs+=("$e")
            secs+=("$s")
            if [[ "$replay" == "-" ]]; then
              # The crash file, replayed by the CLI, must name the same finding.
              local want got
              want=$(FSFUZZ_MODEL_BUG=$bug "$lf_bin/fsfuzz_model_replay" "$crash" 2>&1 | grep -m1 -o 'signature [0-9a-f]*' | cut -d' ' -f2 || true)
              got=$(fz_replay_sig "$crash" --backend sim --bug "$bug")
              if [[ -n "$want" && "$want" == "$got" ]]; then replay="same:$got"; else replay="DIFF:$want/$got"; fi
            fi
          else
            execs+=(">$e")
            secs+=(">$max")
          fi
        done
        printf '%-10s %-18s %-8s %3d/%-1d %10s %9s %s\n' "$engine" "$bug" "$([[ $fb == 1 ]] && echo on || echo off)" \
          "$found" "$runs" "$(printf '%s\n' "${execs[@]}" | tr -d '>' | median)" \
          "$(printf '%s\n' "${secs[@]}" | tr -d '>' | median)" "$replay"
      done
    done
  done
}

bench_speed() {
  local secs="${1:-30}"
  "$FZ_SEEDGEN" random "$FZ_WORK/r16" 32 16 1
  echo "fsfuzz_program on $(stat -f -c %T "$FZ_TMPFS"), 16-op programs, $secs s per engine, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$FZ_WORK/corpus" && cp -r "$FZ_WORK/r16" "$FZ_WORK/corpus"
  FSFUZZ_DIR="$FZ_TMPFS" FSFUZZ_FIXED_OPS=1 FSFUZZ_QUIET=1 \
    "$lf_bin/fsfuzz_program" -max_total_time="$secs" -print_final_stats=1 "$FZ_WORK/corpus" >"$FZ_WORK/speed-lf.log" 2>&1 || true
  echo "libFuzzer (ASan+UBSan): $(grep -m1 -o 'average_exec_per_sec: *[0-9]*' "$FZ_WORK/speed-lf.log" | grep -o '[0-9]*$') exec/s"
  rm -rf "$FZ_WORK/afl-speed"
  FSFUZZ_DIR="$FZ_TMPFS" FSFUZZ_FIXED_OPS=1 FSFUZZ_QUIET=1 AFL_CUSTOM_MUTATOR_ONLY=1 \
    AFL_CUSTOM_MUTATOR_LIBRARY="$afl_bin/libfsfuzz_afl_mutator.so" AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=1 \
    timeout -k 5 $((secs + 60)) afl-fuzz -i "$FZ_WORK/r16" -o "$FZ_WORK/afl-speed" -V "$secs" -t 10000 -m none \
    -- "$afl_bin/fsfuzz_program" >"$FZ_WORK/speed-afl.log" 2>&1 || true
  local st="$FZ_WORK/afl-speed/default/fuzzer_stats"
  echo "AFL++ (persistent, no sanitizer): $(grep -m1 '^execs_per_sec' "$st" | grep -o '[0-9.]*$') exec/s" \
       "($(grep -m1 '^execs_done' "$st" | grep -o '[0-9]*$') execs)"
}

case "${1:-}" in
  model) shift; bench_model "$@" ;;
  speed) shift; bench_speed "$@" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
