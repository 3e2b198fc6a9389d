#!/usr/bin/env bash
# The README's first command: sets up and builds (scripts/setup.sh), then runs the same
# stress run on every filesystem this machine has (`fsfuzz compare`, about a minute
# each) and prints where the report is. Run as root on Debian 12.
#
#   sudo ./scripts/compare.sh                     # ext4, xfs, btrfs, tmpfs; bcachefs if present
#   sudo FSFUZZ_COMPARE_DURATION=20s ./scripts/compare.sh
#   sudo ./scripts/compare.sh --fs ext4,tmpfs --mix seed   # more flags go to fsfuzz compare
#
# Env: FSFUZZ_COMPARE_DURATION (per filesystem, default 60s), FSFUZZ_COMPARE_OUT (report
# directory, default compare-out). Exit: 0 when the report was written (findings
# included: they are in the report), else fsfuzz's exit code (fsfuzz exit-codes).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
  echo "compare: needs root (fresh filesystems on loop devices and tmpfs); run it with sudo" >&2
  exit 3
fi
./scripts/setup.sh

duration=${FSFUZZ_COMPARE_DURATION:-60s}
out=${FSFUZZ_COMPARE_OUT:-compare-out}
fsfuzz=build/default/cli/fsfuzz
echo "compare: ${duration} per filesystem; report in ${out}/"
rc=0
"$fsfuzz" compare --duration "$duration" --out "$out" "$@" || rc=$?
if [[ -f $out/report.html && ( $rc -eq 0 || $rc -eq 1 ) ]]; then
  echo "compare: open $(realpath "$out/report.html")   (tables to paste in a mail: $out/report.md)"
  exit 0
fi
echo "compare: fsfuzz compare failed (exit $rc); see fsfuzz exit-codes" >&2
exit "$rc"
