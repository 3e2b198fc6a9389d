// Byte sizes as people write them ("64K", "1M+4K", "0x1000"), shared by the .fsp text
// form and the command line; printing is canonical so text round-trips.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

// Parses terms joined by '+' or '-', each a decimal or 0x-hex number with an optional
// binary suffix K, M or G (either case): "256K+100", "12K-100", "0x1000", "2G". No
// spaces. Errors (kUsage) say "bad number 'TEXT'", "number 'TEXT' is too large" (a term
// or the added terms past 2^64-1) or "number 'TEXT' is negative".
Result<uint64_t> ParseSize(std::string_view text);

// Canonical form: multiples of 1K in the largest unit that divides them ("4K", "1M",
// "1028K"); otherwise the page-aligned part so printed plus "+N" ("256K+100"), and
// plain decimal below one page ("4095"). ParseSize(FormatSize(v)) == v for every v.
std::string FormatSize(uint64_t v);

}  // namespace fsfuzz
