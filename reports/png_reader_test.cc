// Tests for the test-support PNG decoder: every row filter, colour types, and rejection
// of damaged files, on PNGs encoded here with zlib.
#include "reports/testing/png_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace fsfuzz::reports::testing {
namespace {

void Be32(std::string* out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>(v >> s));
}

void Chunk(std::string* png, const char* type, const std::string& data) {
  Be32(png, static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  *png += body;
  Be32(png, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// Encodes w x h pixels (channels bytes each) applying `filter` to every row.
std::string Encode(uint32_t w, uint32_t h, uint8_t colour, int channels, const std::vector<uint8_t>& px,
                   uint8_t filter) {
  const size_t stride = w * channels;
  std::string raw;
  for (uint32_t y = 0; y < h; ++y) {
    raw.push_back(static_cast<char>(filter));
    for (size_t i = 0; i < stride; ++i) {
      const int x = px[y * stride + i];
      const int a = i >= static_cast<size_t>(channels) ? px[y * stride + i - channels] : 0;
      const int b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const int c = y > 0 && i >= static_cast<size_t>(channels) ? px[(y - 1) * stride + i - channels] : 0;
      int pred = 0;
      if (filter == 1) pred = a;
      if (filter == 2) pred = b;
      if (filter == 3) pred = (a + b) / 2;
      if (filter == 4) {
        const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      raw.push_back(static_cast<char>(static_cast<uint8_t>(x - pred)));
    }
  }
  uLongf zlen = compressBound(raw.size());
  std::string z(zlen, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &zlen, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
  z.resize(zlen);
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  Be32(&ihdr, w);
  Be32(&ihdr, h);
  ihdr += std::string{8, static_cast<char>(colour), 0, 0, 0};
  Chunk(&png, "IHDR", ihdr);
  Chunk(&png, "IDAT", z.substr(0, z.size() / 2));  // split: IDATs concatenate
  Chunk(&png, "IDAT", z.substr(z.size() / 2));
  Chunk(&png, "IEND", "");
  return png;
}

std::vector<uint8_t> Pixels(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 37 + i / 7);
  return v;
}

TEST(PngReader, EveryFilterRgba) {
  const std::vector<uint8_t> px = Pixels(5 * 4 * 4);
  for (uint8_t f = 0; f <= 4; ++f) {
    Result<Image> img = DecodePng(Encode(5, 4, 6, 4, px, f));
    ASSERT_TRUE(img.ok()) << img.status().ToString();
    EXPECT_EQ(img->width, 5u);
    EXPECT_EQ(img->height, 4u);
    EXPECT_EQ(img->rgba, px) << "filter " << int(f);
  }
}

TEST(PngReader, RgbAndGrey) {
  const std::vector<uint8_t> rgb = Pixels(3 * 2 * 3);
  Result<Image> img = DecodePng(Encode(3, 2, 2, 3, rgb, 4));
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->Rgb(1, 1), static_cast<uint32_t>(rgb[12]) << 16 | rgb[13] << 8 | rgb[14]);
  Result<Image> grey = DecodePng(Encode(2, 2, 0, 1, {0, 50, 100, 255}, 1));
  ASSERT_TRUE(grey.ok());
  EXPECT_EQ(grey->Rgb(1, 1), 0xFFFFFFu);
  EXPECT_EQ(grey->Rgb(1, 0), 0x323232u);
}

TEST(PngReader, RejectsDamage) {
  std::string png = Encode(2, 2, 6, 4, Pixels(16), 0);
  EXPECT_FALSE(DecodePng("GIF89a").ok());
  EXPECT_FALSE(DecodePng(png.substr(0, png.size() - 12)).ok());  // no IEND
  std::string flipped = png;
  flipped[40] = static_cast<char>(flipped[40] ^ 1);  // CRC no longer matches
  EXPECT_FALSE(DecodePng(flipped).ok());
  EXPECT_FALSE(DecodePng(Encode(2, 2, 3, 1, {0, 0, 0, 0}, 0)).ok());  // palette: not supported
}

}  // namespace
}  // namespace fsfuzz::reports::testing
