// Base64 (RFC 4648, standard alphabet, padded) for byte vectors in JSON traces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/fsfuzz/base/bytes.h"

namespace fsfuzz {

std::string Base64Encode(const uint8_t* data, size_t n);
inline std::string Base64Encode(const std::vector<uint8_t>& v) { return Base64Encode(v.data(), v.size()); }
inline std::string Base64Encode(const Bytes& v) { return Base64Encode(v.data(), v.size()); }

// Strict: length a multiple of 4, padding only at the end, no whitespace, and unused
// bits zero (so every byte string has exactly one encoding). False on malformed input.
bool Base64Decode(std::string_view text, std::vector<uint8_t>* out);

}  // namespace fsfuzz
