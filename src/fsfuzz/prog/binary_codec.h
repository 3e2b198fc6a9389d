// The binary form of programs for fuzzers: a total decoder (every byte string is a valid
// program) and an encoder with Decode(Encode(p)) == p. The format is in binary_codec.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

// Bounds the decoder clamps every number into (fuzzing-sized by default). Values beyond
// the program model's hard limits (limits.h) are lowered to them.
struct DecodeLimits {
  uint64_t initial_size = 1ull << 20;  // header size
  uint64_t offset = 2ull << 20;        // file offsets of data ops and mmap, truncate sizes
  uint64_t op_len = 256ull << 10;      // data op, touch and fallocate lengths
  uint64_t map_len = 2ull << 20;       // mmap lengths (and msync/madvise lengths)
  uint64_t aux_size = 256ull << 10;
  size_t steps = 64;
};

// Total: Validate(Decode(...)) is empty and the program is canonical (IsCanonical), for
// any bytes, including none. Missing bytes read as zero.
Program Decode(const uint8_t* data, size_t size, const DecodeLimits& limits = {});

// Decode(Encode(p)) == p whenever WithinDecodeLimits(p, limits). Other programs encode
// to bytes that decode to some valid program.
std::vector<uint8_t> Encode(const Program& p, const DecodeLimits& limits = {});

// True when p is valid, canonical and every number lies inside limits.
bool WithinDecodeLimits(const Program& p, const DecodeLimits& limits = {});

}  // namespace fsfuzz
