// Minimal PNG decoding for tests (see png_reader.h); the format is RFC 2083 / ISO 15948.
#include "reports/testing/png_reader.h"

#include <zlib.h>

#include <cstdlib>
#include <cstring>

namespace fsfuzz::reports::testing {
namespace {

uint32_t Be32(const std::string& b, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(b[at])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 2])) << 8 | static_cast<uint8_t>(b[at + 3]);
}

Result<std::vector<uint8_t>> Inflate(const std::string& z, size_t expected) {
  std::vector<uint8_t> out(expected);
  z_stream s;
  std::memset(&s, 0, sizeof s);
  if (inflateInit(&s) != Z_OK) return Status::Internal("inflateInit failed");
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
  s.avail_in = static_cast<uInt>(z.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&s, Z_FINISH);
  const size_t got = out.size() - s.avail_out;
  inflateEnd(&s);
  if (rc != Z_STREAM_END || got != expected)
    return Status::Corrupt("image data: inflate gave " + std::to_string(got) + " of " + std::to_string(expected) +
                           " bytes (zlib " + std::to_string(rc) + ")");
  return out;
}

uint8_t Paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<uint8_t>(a);
  return static_cast<uint8_t>(pb <= pc ? b : c);
}

// Undoes the per-row filters in place; raw rows are 1 filter byte + stride bytes.
Status Unfilter(std::vector<uint8_t>& raw, size_t stride, size_t bpp, uint32_t height) {
  for (uint32_t y = 0; y < height; ++y) {
    uint8_t* row = &raw[y * (stride + 1)];
    const uint8_t* prev = y > 0 ? &raw[(y - 1) * (stride + 1) + 1] : nullptr;
    const uint8_t filter = row[0];
    uint8_t* px = row + 1;
    for (size_t i = 0; i < stride; ++i) {
      const int a = i >= bpp ? px[i - bpp] : 0;
      const int b = prev ? prev[i] : 0;
      const int c = prev && i >= bpp ? prev[i - bpp] : 0;
      switch (filter) {
        case 0:
          break;
        case 1:
          px[i] = static_cast<uint8_t>(px[i] + a);
          break;
        case 2:
          px[i] = static_cast<uint8_t>(px[i] + b);
          break;
        case 3:
          px[i] = static_cast<uint8_t>(px[i] + (a + b) / 2);
          break;
        case 4:
          px[i] = static_cast<uint8_t>(px[i] + Paeth(a, b, c));
          break;
        default:
          return Status::Corrupt("row " + std::to_string(y) + ": unknown filter " + std::to_string(filter));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

uint32_t Image::Rgb(uint32_t x, uint32_t y) const {
  const uint8_t* p = &rgba[(static_cast<size_t>(y) * width + x) * 4];
  return static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2];
}

Result<Image> DecodePng(const std::string& b) {
  static const char kSignature[] = "\x89PNG\r\n\x1a\n";
  if (b.size() < 8 || b.compare(0, 8, kSignature, 8) != 0) return Status::Corrupt("not a PNG (signature)");
  Image img;
  uint8_t depth = 0, colour = 0, interlace = 0;
  std::string idat;
  bool ended = false;
  for (size_t at = 8; at + 12 <= b.size() && !ended;) {
    const uint32_t len = Be32(b, at);
    if (len > b.size() - at - 12) return Status::Corrupt("chunk runs past the end");
    const std::string type = b.substr(at + 4, 4);
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(b.data() + at + 4), len + 4);
    if (crc != Be32(b, at + 8 + len)) return Status::Corrupt("bad CRC in " + type);
    const size_t data = at + 8;
    if (type == "IHDR") {
      if (len != 13) return Status::Corrupt("bad IHDR");
      img.width = Be32(b, data);
      img.height = Be32(b, data + 4);
      depth = static_cast<uint8_t>(b[data + 8]);
      colour = static_cast<uint8_t>(b[data + 9]);
      interlace = static_cast<uint8_t>(b[data + 12]);
    } else if (type == "IDAT") {
      idat.append(b, data, len);
    } else if (type == "IEND") {
      ended = true;
    }
    at += 12 + len;
  }
  if (!ended) return Status::Corrupt("no IEND chunk");
  size_t channels = 0;
  switch (colour) {
    case 0:
      channels = 1;
      break;  // grey
    case 2:
      channels = 3;
      break;  // RGB
    case 4:
      channels = 2;
      break;  // grey + alpha
    case 6:
      channels = 4;
      break;  // RGBA
    default:
      return Status::Corrupt("colour type " + std::to_string(colour) + " not supported");
  }
  if (depth != 8 || interlace != 0) return Status::Corrupt("only 8-bit, non-interlaced PNGs are supported");
  if (img.width == 0 || img.height == 0 || img.width > 16384 || img.height > 16384)
    return Status::Corrupt("implausible size");
  const size_t stride = img.width * channels;
  Result<std::vector<uint8_t>> raw = Inflate(idat, (stride + 1) * img.height);
  if (!raw.ok()) return raw.status();
  if (Status s = Unfilter(*raw, stride, channels, img.height); !s.ok()) return s;
  img.rgba.resize(static_cast<size_t>(img.width) * img.height * 4);
  for (uint32_t y = 0; y < img.height; ++y) {
    const uint8_t* src = &(*raw)[y * (stride + 1) + 1];
    for (uint32_t x = 0; x < img.width; ++x) {
      const uint8_t* p = src + x * channels;
      uint8_t* q = &img.rgba[(static_cast<size_t>(y) * img.width + x) * 4];
      const bool grey = channels <= 2;
      q[0] = p[0];
      q[1] = grey ? p[0] : p[1];
      q[2] = grey ? p[0] : p[2];
      q[3] = channels == 4 ? p[3] : channels == 2 ? p[1] : 255;
    }
  }
  return img;
}

}  // namespace fsfuzz::reports::testing
