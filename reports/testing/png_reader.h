// Test support: a minimal PNG decoder (8-bit grey/RGB/RGBA, not interlaced — what
// Chromium's screenshots are) over zlib, to check a screenshot is not blank.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::reports::testing {

struct Image {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4 bytes, row by row
  // The pixel at (x, y) as 0xRRGGBB (alpha dropped: screenshots are opaque).
  uint32_t Rgb(uint32_t x, uint32_t y) const;
};

// kCorrupt on anything it does not understand (bad signature, CRC, chunk, inflate
// error, a colour type or bit depth outside the subset).
Result<Image> DecodePng(const std::string& bytes);

}  // namespace fsfuzz::reports::testing
