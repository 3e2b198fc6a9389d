#!/usr/bin/env bash
# Installs what fsfuzz needs on Debian 12 (apt) and builds it with the default preset.
# Idempotent; run as root (or with sudo) on a fresh machine. Prints what it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(
  # build
  build-essential cmake g++ clang lld libclang-rt-14-dev libgtest-dev libgmock-dev
  libboost-program-options-dev nlohmann-json3-dev zlib1g-dev
  # filesystems and testbeds
  e2fsprogs xfsprogs btrfs-progs util-linux kmod
  # the VM runner (bcachefs through Debian's 6.12 kernel) and its downloads
  qemu-system-x86 busybox-static cpio apt dpkg xz-utils zstd debian-archive-keyring ca-certificates
  # fuzzing engines
  afl++ zip
  # the report's browser check
  chromium fonts-dejavu-core
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing packages: ${missing[*]}; run as root (sudo) to install them" >&2
    exit 3
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset default >/dev/null
cmake --build --preset default -j"$(nproc)"
