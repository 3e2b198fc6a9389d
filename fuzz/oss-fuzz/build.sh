#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: fsfuzz_program and fsfuzz_codec with their seed
# corpora, dictionaries and options into $OUT. (fsfuzz_model is left out on purpose: it
# crashes by design, on the simulator's planted bugs, and would only file noise.) Honours CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE SANITIZER
# FUZZING_ENGINE SRC OUT (WORK when set); links with $CXX. No Boost, no GoogleTest.
# scripts/fuzz-oss-check.sh runs it locally with the environment OSS-Fuzz would set.
src="${FSFUZZ_SRC:-$SRC/fsfuzz}"
build="${WORK:-/tmp}/fsfuzz-build-${FUZZING_ENGINE:-libfuzzer}-${SANITIZER:-address}"

if [[ "${FUZZING_ENGINE:-libfuzzer}" == "afl" ]]; then
  # Our targets run rounds on worker threads: counters must be updated atomically.
  export AFL_LLVM_THREADSAFE_INST=1
fi

# CMake reads CC/CXX/CFLAGS/CXXFLAGS from the environment; the engine is linked as given.
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS_RELEASE="" -DCMAKE_CXX_FLAGS_RELEASE="" \
  -DFSFUZZ_BUILD_FUZZERS=ON -DFSFUZZ_BUILD_TESTS=OFF -DFSFUZZ_BUILD_TOOLS=OFF \
  -DFSFUZZ_FUZZ_ENGINE=oss-fuzz -DFSFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" -j"$(nproc)" --target fsfuzz_program fsfuzz_codec fsfuzz_seedgen

for t in fsfuzz_program fsfuzz_codec; do
  cp "$build/fuzz/bin/$t" "$OUT/"
done
# Seed corpora (corpus/*.fsp encoded), dictionaries and options files.
"$src/scripts/fuzz-corpus.sh" "$build/fuzz/bin/fsfuzz_seedgen" "$build/fuzz/out"
for t in fsfuzz_program fsfuzz_codec; do
  cp "$build/fuzz/out/$t.dict" "$build/fuzz/out/$t.options" "$build/fuzz/out/${t}_seed_corpus.zip" "$OUT/"
done
