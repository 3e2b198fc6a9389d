// Size parsing and canonical printing (see units.h).
#include "src/fsfuzz/prog/units.h"

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {
namespace {

constexpr uint64_t kK = 1ull << 10, kM = 1ull << 20, kG = 1ull << 30;

enum class TermError { kNone, kSyntax, kOverflow };

// One term: digits (decimal or 0x-hex) and an optional suffix.
TermError ParseTerm(std::string_view t, uint64_t* out) {
  uint64_t mult = 1;
  if (!t.empty()) {
    switch (t.back()) {
      case 'k':
      case 'K': mult = kK; break;
      case 'm':
      case 'M': mult = kM; break;
      case 'g':
      case 'G': mult = kG; break;
      default: break;
    }
    if (mult != 1) t.remove_suffix(1);
  }
  uint64_t base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    t.remove_prefix(2);
  }
  if (t.empty()) return TermError::kSyntax;
  bool overflow = false;
  uint64_t v = 0;
  for (char c : t) {
    uint64_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint64_t>(c - '0');
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = static_cast<uint64_t>(c - 'a' + 10);
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      d = static_cast<uint64_t>(c - 'A' + 10);
    } else {
      return TermError::kSyntax;
    }
    // Keep scanning after an overflow so that syntax errors still win.
    if (v > (UINT64_MAX - d) / base) overflow = true;
    v = v * base + d;
  }
  if (overflow || v > UINT64_MAX / mult) return TermError::kOverflow;
  *out = v * mult;
  return TermError::kNone;
}

std::string WithUnit(uint64_t v) {
  if (v % kG == 0) return std::to_string(v / kG) + "G";
  if (v % kM == 0) return std::to_string(v / kM) + "M";
  return std::to_string(v / kK) + "K";
}

}  // namespace

Result<uint64_t> ParseSize(std::string_view text) {
  // Added and subtracted terms are summed apart, so "12K-100+1" needs no signed math.
  uint64_t sums[2] = {0, 0};
  bool overflow = false;
  std::string_view rest = text;
  int sign = 0;  // 0: add the next term, 1: subtract it
  while (true) {
    const size_t op = rest.find_first_of("+-");
    uint64_t term = 0;
    switch (ParseTerm(rest.substr(0, op), &term)) {
      case TermError::kSyntax: return Status::Usage("bad number '" + std::string(text) + "'");
      case TermError::kOverflow: overflow = true; break;
      case TermError::kNone:
        if (term > UINT64_MAX - sums[sign]) overflow = true;
        sums[sign] += term;
        break;
    }
    if (op == std::string_view::npos) break;
    sign = rest[op] == '-' ? 1 : 0;
    rest.remove_prefix(op + 1);
  }
  if (overflow) return Status::Usage("number '" + std::string(text) + "' is too large");
  if (sums[1] > sums[0]) return Status::Usage("number '" + std::string(text) + "' is negative");
  return sums[0] - sums[1];
}

std::string FormatSize(uint64_t v) {
  if (v % kK == 0) return v == 0 ? "0" : WithUnit(v);
  // Sub-page remainders read best next to a page-aligned base ("256K+100").
  uint64_t base = RoundDown(v, kPageSize);
  if (base == 0) return std::to_string(v);
  return WithUnit(base) + "+" + std::to_string(v - base);
}

}  // namespace fsfuzz
