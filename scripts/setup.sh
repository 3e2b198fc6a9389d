#!/usr/bin/env bash
# Installs what fsfuzz needs on Debian 12 (apt) and builds it with the default preset.
# Idempotent; run as root (or with sudo) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake g++ clang lld libgtest-dev libgmock-dev libboost-program-options-dev
      nlohmann-json3-dev xfsprogs btrfs-progs e2fsprogs util-linux kmod xz-utils zip)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing packages ${missing[*]}; run as root (sudo) to install them" >&2
    exit 3
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake --preset default >/dev/null
cmake --build --preset default -j"$(nproc)"
