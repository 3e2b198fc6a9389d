#!/usr/bin/env bash
# Builds what the fuzz targets want beside them (OSS-Fuzz's $OUT layout) from corpus/*.fsp:
# NAME_seed_corpus.zip, NAME.dict and NAME.options for fsfuzz_program, fsfuzz_model and
# fsfuzz_codec. Usage: scripts/fuzz-corpus.sh SEEDGEN OUT_DIR
#   SEEDGEN  the fsfuzz_seedgen binary of any fuzz build (build/fuzz-*/fuzz/bin/)
# The binary seeds are the `fsfuzz encode` form of each .fsp file (OUT_DIR/seeds/).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
seedgen="$1"
out="$2"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
seeds="$out/seeds"
rm -rf "$seeds"
"$seedgen" encode "$seeds" "$here"/corpus/*.fsp
"$seedgen" dict binary "$out/fsfuzz_program.dict"
cp "$out/fsfuzz_program.dict" "$out/fsfuzz_model.dict"
"$seedgen" dict text "$out/fsfuzz_codec.dict"
cp "$here"/fuzz/options/*.options "$out/"
if command -v zip >/dev/null; then
  rm -f "$out"/fsfuzz_{program,model,codec}_seed_corpus.zip
  (cd "$seeds" && zip -q -j "$out/fsfuzz_program_seed_corpus.zip" ./*.bin)
  cp "$out/fsfuzz_program_seed_corpus.zip" "$out/fsfuzz_model_seed_corpus.zip"
  (cd "$seeds" && zip -q -j "$out/fsfuzz_codec_seed_corpus.zip" ./*.bin "$here"/corpus/*.fsp)
else
  echo "fuzz-corpus: zip not found; the seeds stay unzipped in $seeds" >&2
fi
