#!/usr/bin/env bash
# Issue 6's figure for the simulated bugs: for each bug class, `fsfuzz stress` with a random
# seed finds it, `fsfuzz minimize` shrinks the first finding, and `fsfuzz repro` replays the
# minimized program RUNS times with the bug (and RUNS times without it, which must give 0).
#   scripts/sim-pipeline.sh [RUNS] [SEED]      (SEED default: random, printed)
# Prints one row per bug: seed, ops before -> after, rate with the bug, rate without.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
seed="${2:-$((RANDOM * 32768 + RANDOM))}"
f=build/default/cli/fsfuzz
[[ -x $f ]] || { echo "sim-pipeline: build first (cmake --build --preset default)" >&2; exit 3; }
work=$(mktemp -d /tmp/fsfuzz-simpipe-XXXXXX)
trap 'rm -rf "$work"' EXIT
bugs=(stale-page lost-write extend-no-zero torn-write missing-sigbus wrong-size spurious-sigbus dio-einval
      evict-drops-dirty dio-map-hang)
echo "stress seed $seed, $runs replays each; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-18s %-24s %-16s %-10s %s\n' bug "stress" minimized "with bug" "without"
for bug in "${bugs[@]}"; do
  sim=(--backend sim --bug "$bug" --deadline 1000)
  d="$work/$bug"
  rc=0
  "$f" stress "${sim[@]}" --duration 10s --seed "$seed" --out "$d/stress" >"$d.stress.log" 2>&1 || rc=$?
  first=$(ls "$d"/stress/findings/*.json 2>/dev/null | head -1 || true)
  if [[ -z $first ]]; then
    printf '%-18s %-24s\n' "$bug" "not found in 10 s (rc $rc)"
    continue
  fi
  "$f" minimize "$first" "${sim[@]}" -q --out "$d/min" >"$d.min.log" 2>&1 || true
  shrink=$(grep -oE '[0-9]+ ops -> [0-9]+ ops' "$d.min.log" | head -1 || true)
  min=$(ls "$d"/min/*.json 2>/dev/null | head -1 || true)
  if [[ -z $min ]]; then
    printf '%-18s %-24s %s\n' "$bug" "found" "minimize failed: $(tail -1 "$d.min.log")"
    continue
  fi
  with=$("$f" repro "$min" "${sim[@]}" --runs "$runs" -q --out "$d/rep" 2>&1 | grep -oE 'same finding: [0-9]+/[0-9]+' |
         head -1 || true)
  without=$("$f" repro "$min" --backend sim --deadline 1000 --runs "$runs" -q 2>&1 |
            grep -oE 'same finding: [0-9]+/[0-9]+' | head -1 || true)
  printf '%-18s %-24s %-16s %-10s %s\n' "$bug" "found" "${shrink:-?}" "${with#same finding: }" \
    "${without#same finding: }"
done
