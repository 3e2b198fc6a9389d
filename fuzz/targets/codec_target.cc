// fsfuzz_codec: the program codecs, no file I/O. Every input is tried both ways:
//   as bytes: Decode is total (valid, canonical), Encode(Decode(b)) decodes to the same
//     program, and the text form round-trips: Parse(Print(p)) == p, annotated too;
//   as text: Parse either fails with "NAME:LINE:COL: ..." or gives a program whose
//     printed form parses back to it, and whose encoding decodes to it when it lies
//     within the decoder's limits (or to some valid program when it does not).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/text_codec.h"

namespace {

using namespace fsfuzz;

[[noreturn]] void Fail(const char* what, const Program& p, const std::string& extra = "") {
  std::fprintf(stderr, "==fsfuzz== CODEC: %s\n--- program ---\n%s%s\n", what, PrintProgram(p).c_str(),
               extra.c_str());
  std::abort();
}

void CheckTextRoundTrip(const Program& p) {
  for (bool annotate : {false, true}) {
    const std::string text = PrintProgram(p, PrintOptions{.annotate = annotate});
    auto back = ParseProgram(text, "printed");
    if (!back.ok()) Fail("printed program does not parse", p, "\n" + back.status().message() + "\n" + text);
    if (!(*back == p)) Fail("parse(print(p)) != p", p, "\n--- parsed ---\n" + PrintProgram(*back));
  }
}

void FromBytes(const uint8_t* data, size_t size) {
  const Program p = Decode(data, size);
  if (!Validate(p).empty()) Fail("decoded program does not validate", p, "\n" + Validate(p)[0].message);
  if (!IsCanonical(p)) Fail("decoded program is not canonical", p);
  if (!WithinDecodeLimits(p)) Fail("decoded program exceeds the decode limits", p);
  const std::vector<uint8_t> bytes = Encode(p);
  if (!(Decode(bytes.data(), bytes.size()) == p)) Fail("decode(encode(p)) != p", p);
  CheckTextRoundTrip(p);
}

void FromText(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = ParseProgram(text, "input");
  if (!p.ok()) {
    if (p.status().message().rfind("input:", 0) != 0) Fail("parse error without a location", Program{}, p.status().message());
    return;
  }
  if (!Validate(*p).empty()) Fail("parsed program does not validate", *p);
  CheckTextRoundTrip(*p);
  const std::vector<uint8_t> bytes = Encode(*p);
  const Program back = Decode(bytes.data(), bytes.size());
  if (WithinDecodeLimits(*p) && !(back == *p)) Fail("decode(encode(p)) != p for a program within limits", *p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FromBytes(data, size);
  FromText(data, size);
  return 0;
}
