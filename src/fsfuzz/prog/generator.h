// Random valid programs: weighted op mix from the op table, ops focused on a few hot
// ranges so they overlap, rounds that race O_DIRECT against mapped access and truncate.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

using Rng = std::mt19937_64;

// The op table's weight column, indexed by OpKind.
std::array<int, kNumOpKinds> DefaultWeights();

struct GenOptions {
  uint64_t file_size = 256ull << 10;    // initial size
  uint64_t max_file_size = 1ull << 20;  // offsets and truncate sizes stay below this
  int num_steps = 32;
  double round_prob = 0.3;  // a step is a round
  int max_round_ops = 4;    // 1..8
  std::array<int, kNumOpKinds> weights = DefaultWeights();
  double misaligned_dio_prob = 0.05;  // an O_DIRECT op is misaligned on purpose
  double unaligned_prob = 0.2;        // other offsets/lengths are byte granular
  double map_buf_prob = 0.2;          // a data op's buffer is a mapping (buf=mK)
  double hot_prob = 0.6;              // an op targets one of the hot ranges
  uint64_t max_op_len = 64ull << 10;
  uint64_t op_size = 0;             // non-zero: every data op has exactly this length
  uint64_t aux_size = 64ull << 10;  // 0: no aux file, no aux mappings
  double sparse_prob = 0.1;         // the initial contents are a hole
  double check_prob = 0.05;         // insert a `check` step
  bool allow_remount = false;
  bool allow_drop_caches = false;  // evict may use drop_caches
  // fsx style: every mapped access is `mmap; op; [msync sync after a store]; munmap`.
  bool map_per_op = false;
};

// Deterministic for a given rng state (the generator draws only raw rng() words, so the
// result does not depend on the standard library's distributions). Always valid.
Program Generate(Rng& rng, const GenOptions& options);

// Named presets: "default"; "seed" (DIO from same-file mappings racing touches and
// truncates, many rounds); "fsx" (one thread, map per op, 4K ops, like
// `fsx -Z -r 4096 -w 4096 -t 4096`). False for an unknown name (options untouched).
bool GenPreset(std::string_view name, GenOptions* options);
std::vector<std::string_view> GenPresetNames();

// Overrides weights from "write=3,dwrite=5,..." (other kinds keep theirs). kUsage errors
// name the unknown op or the bad weight.
Status ParseMix(std::string_view mix, GenOptions* options);

}  // namespace fsfuzz
