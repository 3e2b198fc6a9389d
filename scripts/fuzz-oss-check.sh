#!/usr/bin/env bash
# Runs fuzz/oss-fuzz/build.sh as OSS-Fuzz would (its compiler flags, $LIB_FUZZING_ENGINE,
# $SRC/$OUT/$WORK) into a temporary $OUT, then checks each target the way check_build
# does: it runs, it runs inputs from its seed corpus without crashing, and it is
# instrumented (libFuzzer reports coverage; afl-showmap sees a map).
# Usage: scripts/fuzz-oss-check.sh [CONFIG...]   CONFIG: libfuzzer-address (default),
#        libfuzzer-undefined, afl-address, or all. Uses clang 14 and afl-clang-fast.
set -euo pipefail
source "$(dirname "$0")/fuzz-lib.sh"
configs=("$@")
[[ ${#configs[@]} -eq 0 ]] && configs=(libfuzzer-address)
[[ "${configs[0]}" == all ]] && configs=(libfuzzer-address libfuzzer-undefined afl-address)
fz_init

# OSS-Fuzz's flag sets (infra/base-images/base-builder, base-clang).
base_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
san_address="-fsanitize=address -fsanitize-address-use-after-scope"
san_undefined="-fsanitize=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr -fno-sanitize-recover=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"
# libc++ as on OSS-Fuzz, when this machine has it (Debian: libc++-14-dev libc++abi-14-dev).
# FZ_OSS_STDLIB=libstdc++ forces the system's library (to tell libc++-only breakage apart).
cxx_extra=""
if [[ "${FZ_OSS_STDLIB:-libc++}" == libstdc++ ]]; then
  echo "fuzz-oss-check: FZ_OSS_STDLIB=libstdc++: building with libstdc++ (OSS-Fuzz uses libc++)" >&2
elif echo '#include <vector>' | clang++ -stdlib=libc++ -x c++ -fsyntax-only - 2>/dev/null; then
  cxx_extra="-stdlib=libc++"
else
  echo "fuzz-oss-check: no libc++ here; building with libstdc++ (OSS-Fuzz uses libc++)" >&2
fi

check_config() {
  local config="$1" engine="${1%-*}" sanitizer="${1#*-}"
  local san_var="san_$sanitizer"
  local cflags="$base_cflags ${!san_var}"
  # $WORK (the build tree) is kept under build/ so the next check builds incrementally.
  local out="$FZ_WORK/$config/out" work="$fz_root/build/fuzz-oss-work/$config" src="$fz_root/build/fuzz-oss-work/src"
  mkdir -p "$out" "$work" "$src"
  ln -sfn "$fz_root" "$src/fsfuzz"
  local cc=clang cxx=clang++ engine_lib=-fsanitize=fuzzer
  if [[ "$engine" == libfuzzer ]]; then
    cflags="$cflags -fsanitize=fuzzer-no-link"
    # OSS-Fuzz's libFuzzer is built against its libc++; Debian's libclang_rt.fuzzer is built
    # against libstdc++ (std::__cxx11 names). With libc++ for our code, its runtime must be
    # linked too (the two libraries' names do not clash: std::__1 vs std::__cxx11).
    if [[ -n "$cxx_extra" ]]; then
      engine_lib="-fsanitize=fuzzer -Wl,--no-as-needed $(clang++ -print-file-name=libstdc++.so.6)"
    fi
  else
    cc=afl-clang-fast cxx=afl-clang-fast++ engine_lib=/usr/lib/afl/libAFLDriver.a
  fi
  echo "== $config: build.sh (CC=$cc, LIB_FUZZING_ENGINE=$engine_lib)"
  if ! env CC="$cc" CXX="$cxx" CFLAGS="$cflags" CXXFLAGS="$cflags $cxx_extra" LIB_FUZZING_ENGINE="$engine_lib" \
       SANITIZER="$sanitizer" FUZZING_ENGINE="$engine" SRC="$src" OUT="$out" WORK="$work" \
       ASAN_OPTIONS=detect_leaks=0 bash -eu "$fz_root/fuzz/oss-fuzz/build.sh" >"$FZ_WORK/$config.build.log" 2>&1; then
    grep -m5 -B2 -A3 'error' "$FZ_WORK/$config.build.log" || tail -30 "$FZ_WORK/$config.build.log"
    echo "FAIL $config: build.sh failed"
    return 1
  fi
  local t ok=0
  for t in fsfuzz_program fsfuzz_codec; do  # fsfuzz_model is not shipped (build.sh)
    for f in "$t" "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do
      [[ -e "$out/$f" ]] || { echo "FAIL $config: $f missing in \$OUT"; ok=1; }
    done
    local seeds="$FZ_WORK/$config/seeds-$t"
    mkdir -p "$seeds" && (cd "$seeds" && unzip -q -o "$out/${t}_seed_corpus.zip")
    local log="$FZ_WORK/$config.$t.log"
    if [[ "$engine" == libfuzzer ]]; then
      # A few inputs from the seed corpus plus some mutations; coverage must be reported.
      if ! FSFUZZ_DIR="$FZ_TMPFS" UBSAN_OPTIONS=silence_unsigned_overflow=1 "$out/$t" -runs=200 \
           -dict="$out/$t.dict" -artifact_prefix="$FZ_WORK/$config-" "$seeds" >"$log" 2>&1; then
        tail -20 "$log"; echo "FAIL $config: $t crashed on its seeds"; ok=1; continue
      fi
      local cov
      cov=$(grep -m1 -o 'INITED cov: [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
      if [[ "${cov:-0}" -lt 100 ]]; then echo "FAIL $config: $t reports coverage $cov"; ok=1; continue; fi
      echo "ok   $config: $t runs its seeds, coverage $cov"
    else
      # Each seed through the binary alone, then afl-showmap must see an edge map.
      if ! FSFUZZ_DIR="$FZ_TMPFS" "$out/$t" "$seeds"/* >"$log" 2>&1; then
        tail -20 "$log"; echo "FAIL $config: $t crashed on its seeds"; ok=1; continue
      fi
      local first tuples map_size
      first=$(ls "$seeds" | head -1)
      # Our targets have more edges than AFL++'s default map (the feedback functions alone
      # are ~45,000): afl-showmap refuses them without AFL_MAP_SIZE (afl-fuzz sizes its map
      # from the forkserver). The size is the target's own __afl_final_loc.
      map_size=$(AFL_DEBUG=1 FSFUZZ_DIR="$FZ_TMPFS" "$out/$t" "$seeds/$first" 2>&1 | grep -m1 -o '__afl_final_loc = [0-9]*' | grep -o '[0-9]*$' || true)
      FSFUZZ_DIR="$FZ_TMPFS" AFL_QUIET=1 AFL_MAP_SIZE=$(( ${map_size:-65536} + 8 )) afl-showmap -q -t 10000 -m none \
        -o "$FZ_WORK/$config.$t.map" -- "$out/$t" "$seeds/$first" >/dev/null 2>&1 || true
      tuples=$(wc -l <"$FZ_WORK/$config.$t.map" 2>/dev/null || echo 0)
      if [[ "$tuples" -lt 100 ]]; then echo "FAIL $config: afl-showmap sees $tuples edges in $t"; ok=1; continue; fi
      echo "ok   $config: $t runs its seeds, afl-showmap sees $tuples edges"
    fi
  done
  return $ok
}

rc=0
for c in "${configs[@]}"; do
  check_config "$c" || rc=1
done
exit $rc
