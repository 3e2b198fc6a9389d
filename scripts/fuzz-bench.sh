#!/usr/bin/env bash
# Fuzzing benchmarks (docs/fuzzing.md, "Measurements"):
#   fuzz-bench.sh model [RUNS] [MAX_SECONDS] [ENGINES] [BUGS] [CONFIGS]
#       fsfuzz_model from one neutral seed until its first finding, per simulated bug and
#       guidance config (full, nofb, bytes, none: see bench_model; default full,nofb),
#       under libFuzzer and AFL++ (ENGINES, default libfuzzer,afl): median execs and
#       seconds to the first finding over RUNS runs (default 3, 120 s cap each), and whether
#       the crash file replays with `fsfuzz run --bytes` to the same signature.
#   fuzz-bench.sh speed [SECONDS] [all|program|codec|model]
#       exec/s of fsfuzz_program (16-op programs, FSFUZZ_FIXED_OPS=1) on tmpfs and on the
#       disk filesystem of $TMPDIR under each engine, of fsfuzz_codec and of fsfuzz_model.
# Needs the fuzz-libfuzzer and fuzz-afl builds (cmake --preset ...; cmake --build ...).
# FZ_AFL_BIN=DIR takes the AFL++ targets from another build (to compare two versions).
set -euo pipefail
source "$(dirname "$0")/fuzz-lib.sh"
lf_bin="$fz_root/build/fuzz-libfuzzer/fuzz/bin"
afl_bin="${FZ_AFL_BIN:-$fz_root/build/fuzz-afl/fuzz/bin}"  # FZ_AFL_BIN: another build's targets
FZ_SEEDGEN="$lf_bin/fsfuzz_seedgen"
fz_init

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print a[int((NR + 1) / 2)]}'; }

# A configuration of the guidance, per engine:
#   full   semantic feedback on, structure-aware mutator (libFuzzer: CustomMutator/CrossOver;
#          AFL++: libfsfuzz_afl_mutator.so beside its havoc)
#   nofb   semantic feedback off ($FSFUZZ_FEEDBACK=0), structure-aware mutator
#   bytes  semantic feedback on, no structure-aware mutator (libFuzzer: $FSFUZZ_MUTATOR=bytes;
#          AFL++: no custom mutator library)
#   none   neither (edge coverage of the harness and byte mutations only)
bench_model() {
  local runs="${1:-3}" max="${2:-120}" engines="${3:-libfuzzer,afl}" bugs="${4:-all}" configs="${5:-full,nofb}"
  if [[ "$bugs" == all ]]; then
    bugs="stale-page,lost-write,extend-no-zero,torn-write,missing-sigbus,wrong-size,dio-map-hang,spurious-sigbus,dio-einval,evict-drops-dirty"
  fi
  fz_seed "$FZ_WORK/seed"
  fz_cli >/dev/null || echo "fuzz-bench: no fsfuzz CLI (build/default): replays not checked" >&2
  echo "fsfuzz_model from one neutral seed until the first finding; median of $runs runs, ${max} s cap;" \
       "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); a miss counts as the cap in the median"
  printf '%-10s %-18s %-6s %5s %10s %9s %s\n' engine bug config found execs seconds replay
  local engine bug cfg r
  for engine in ${engines//,/ }; do
    for bug in ${bugs//,/ }; do
      for cfg in ${configs//,/ }; do
        local fb=1 mut=1
        case "$cfg" in
          full) ;;
          nofb) fb=0 ;;
          bytes) mut=0 ;;
          none) fb=0; mut=0 ;;
          *) echo "fuzz-bench: unknown config $cfg" >&2; exit 2 ;;
        esac
        local execs=() secs=() found=0 replay="-"
        for ((r = 1; r <= runs; r++)); do
          local res crash
          if [[ "$engine" == libfuzzer ]]; then
            rm -rf "$FZ_WORK/corpus" && cp -r "$FZ_WORK/seed" "$FZ_WORK/corpus"
            local mutenv=""
            [[ $mut == 0 ]] && mutenv=bytes
            res=$(FSFUZZ_MODEL_BUG=$bug FSFUZZ_FEEDBACK=$fb FSFUZZ_QUIET=1 FSFUZZ_MUTATOR=$mutenv \
                  fz_libfuzzer_until_finding "$lf_bin/fsfuzz_model" "$FZ_WORK/corpus" "$FZ_WORK/lf.log" "$max" \
                  -seed=$((r * 7919)))
          else
            rm -rf "$FZ_WORK/afl-out"
            local lib=""
            [[ $mut == 1 ]] && lib="$afl_bin/libfsfuzz_afl_mutator.so"
            res=$(FSFUZZ_MODEL_BUG=$bug FSFUZZ_FEEDBACK=$fb FSFUZZ_QUIET=1 FZ_AFL_MUTATOR="$lib" FZ_AFL_SEED=$r \
                  fz_afl_until_finding "$afl_bin/fsfuzz_model" "$FZ_WORK/seed" "$FZ_WORK/afl-out" "$max")
          fi
          read -r e s crash <<<"$res"
          if [[ "$crash" != "-" ]]; then
            found=$((found + 1))
            execs+=("$e")
            secs+=("$s")
            if [[ "$replay" == "-" ]]; then
              # The crash file, replayed by the CLI, must name the same finding.
              # Findings in rounds depend on the threads' interleaving: up to 3 tries each.
              local want="" got="" try
              for try in 1 2 3; do
                [[ -n "$want" ]] || want=$(FSFUZZ_MODEL_BUG=$bug "$lf_bin/fsfuzz_model_replay" "$crash" 2>&1 | grep -m1 -o 'signature [0-9a-f]*' | cut -d' ' -f2 || true)
                [[ -n "$want" && "$got" == "$want" ]] && break
                got=$(fz_replay_sig "$crash" --backend sim --bug "$bug")
                [[ -n "$want" && "$got" == "$want" ]] && break
              done
              if [[ -n "$want" && "$want" == "$got" ]]; then replay="same"; else replay="DIFF:$want/$got"; fi
            fi
          else
            execs+=(">$e")
            secs+=(">$max")
          fi
        done
        printf '%-10s %-18s %-6s %3d/%-1d %10s %9s %s   [execs: %s]\n' "$engine" "$bug" "$cfg" \
          "$found" "$runs" "$(printf '%s\n' "${execs[@]}" | tr -d '>' | median)" \
          "$(printf '%s\n' "${secs[@]}" | tr -d '>' | median)" "$replay" "${execs[*]}"
      done
    done
  done
}

# exec/s of one libFuzzer run: lf_rate BIN SECONDS CORPUS_SRC [ARGS...] (env passes through)
lf_rate() {
  local bin="$1" secs="$2" src="$3"; shift 3
  rm -rf "$FZ_WORK/corpus" && cp -r "$src" "$FZ_WORK/corpus"
  mkdir -p "$FZ_WORK/rate-art"
  "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$FZ_WORK/rate-art/" "$@" "$FZ_WORK/corpus" \
    >"$FZ_WORK/rate.log" 2>&1 || true
  local eps n
  eps=$(grep -m1 -o 'average_exec_per_sec: *[0-9]*' "$FZ_WORK/rate.log" | grep -o '[0-9]*$' || true)
  n=$(grep -m1 -o 'number_of_executed_units: *[0-9]*' "$FZ_WORK/rate.log" | grep -o '[0-9]*$' || true)
  if grep -q 'ERROR: libFuzzer\|==fsfuzz== FINDING' "$FZ_WORK/rate.log"; then
    echo "${eps:-?} exec/s (${n:-?} execs; stopped early at a crash: $(grep -m1 -o '==fsfuzz== FINDING[^(]*\|ERROR: libFuzzer: [a-z -]*' "$FZ_WORK/rate.log"))"
  else
    echo "${eps:-?} exec/s (${n:-?} execs)"
  fi
}

# exec/s of one afl-fuzz run: afl_rate BIN SECONDS SEEDS (env passes through)
afl_rate() {
  local bin="$1" secs="$2" seeds="$3"
  rm -rf "$FZ_WORK/afl-speed"
  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=1 \
    timeout -k 5 $((secs + 60)) afl-fuzz -i "$seeds" -o "$FZ_WORK/afl-speed" -V "$secs" -t 10000 -m none \
    -- "$bin" >"$FZ_WORK/speed-afl.log" 2>&1 || true
  local st="$FZ_WORK/afl-speed/default/fuzzer_stats"
  echo "$(grep -m1 '^execs_per_sec' "$st" 2>/dev/null | grep -o '[0-9.]*$' || echo '?') exec/s" \
       "($(grep -m1 '^execs_done' "$st" 2>/dev/null | grep -o '[0-9]*$' || echo '?') execs," \
       "$(grep -m1 '^saved_crashes' "$st" 2>/dev/null | grep -o '[0-9]*$' || echo '?') crashes)"
}

bench_speed() {
  local secs="${1:-30}" which="${2:-all}"
  "$FZ_SEEDGEN" random "$FZ_WORK/r16" 32 16 1
  fz_seed "$FZ_WORK/seed"
  local out="$fz_root/build/fuzz-libfuzzer/fuzz/out"
  echo "$secs s per line, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at start"
  if [[ "$which" == all || "$which" == program ]]; then
    echo "fsfuzz_program, 16-op programs (FSFUZZ_FIXED_OPS=1), known findings skipped:"
    echo "  libFuzzer (ASan+UBSan), $(stat -f -c %T "$FZ_TMPFS") $FZ_TMPFS: $(FSFUZZ_DIR="$FZ_TMPFS" FSFUZZ_FIXED_OPS=1 FSFUZZ_QUIET=1 \
      lf_rate "$lf_bin/fsfuzz_program" "$secs" "$FZ_WORK/r16")"
    mkdir -p "$FZ_WORK/ondisk"
    echo "  libFuzzer (ASan+UBSan), $(stat -f -c %T "$FZ_WORK/ondisk") $FZ_WORK/ondisk: $(FSFUZZ_DIR="$FZ_WORK/ondisk" FSFUZZ_FIXED_OPS=1 FSFUZZ_QUIET=1 \
      lf_rate "$lf_bin/fsfuzz_program" "$secs" "$FZ_WORK/r16")"
    echo "  AFL++ (persistent, no sanitizer, custom mutator only), $(stat -f -c %T "$FZ_TMPFS"): $(FSFUZZ_DIR="$FZ_TMPFS" FSFUZZ_FIXED_OPS=1 \
      FSFUZZ_QUIET=1 AFL_CUSTOM_MUTATOR_ONLY=1 AFL_CUSTOM_MUTATOR_LIBRARY="$afl_bin/libfsfuzz_afl_mutator.so" \
      afl_rate "$afl_bin/fsfuzz_program" "$secs" "$FZ_WORK/r16")"
  fi
  if [[ "$which" == all || "$which" == codec ]]; then
    mkdir -p "$FZ_WORK/codec-seeds" && cp "$out"/seeds/*.bin "$fz_root"/corpus/*.fsp "$FZ_WORK/codec-seeds/"
    echo "fsfuzz_codec, libFuzzer (ASan+UBSan), seeds + dict: $(lf_rate "$lf_bin/fsfuzz_codec" "$secs" "$FZ_WORK/codec-seeds" \
      -dict="$out/fsfuzz_codec.dict" -max_len=8192)"
    echo "fsfuzz_codec, AFL++: $(afl_rate "$afl_bin/fsfuzz_codec" "$secs" "$FZ_WORK/codec-seeds")"
  fi
  if [[ "$which" == all || "$which" == model ]]; then
    # No bug on (FSFUZZ_MODEL_BUG=none): the simulator's speed without stopping at a finding.
    echo "fsfuzz_model (FSFUZZ_MODEL_BUG=none), from the seed corpus:"
    echo "  libFuzzer (ASan+UBSan): $(FSFUZZ_MODEL_BUG=none FSFUZZ_QUIET=1 lf_rate "$lf_bin/fsfuzz_model" "$secs" "$out/seeds")"
    echo "  AFL++: $(FSFUZZ_MODEL_BUG=none FSFUZZ_QUIET=1 AFL_CUSTOM_MUTATOR_LIBRARY="$afl_bin/libfsfuzz_afl_mutator.so" \
      afl_rate "$afl_bin/fsfuzz_model" "$secs" "$out/seeds")"
  fi
}

case "${1:-}" in
  model) shift; bench_model "$@" ;;
  speed) shift; bench_speed "$@" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
