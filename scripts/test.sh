#!/usr/bin/env bash
# Sets up (apt + build) and runs every test: unit tests, root integration tests (real
# ext4/xfs/btrfs/tmpfs testbeds), the report's browser check, the VM boot and bcachefs
# tests (qemu, TCG) and the fuzzing checks. Tests that need what this machine lacks skip
# with their reason. Run as root on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
ctest --preset default --output-on-failure
if [[ -x scripts/fuzz-ci.sh ]]; then
  ./scripts/fuzz-ci.sh
fi
# Nothing of ours may stay mounted or attached.
./build/default/cli/fsfuzz cleanup >/dev/null
if grep -qE ' /tmp/fsfuzz-' /proc/mounts; then
  echo "test: a testbed mount was left behind:" >&2
  grep -E ' /tmp/fsfuzz-' /proc/mounts >&2
  exit 1
fi
echo "test: all passed"
