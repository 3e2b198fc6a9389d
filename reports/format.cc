// Number and size formatting (see format.h).
#include "reports/format.h"

#include <cmath>
#include <cstdio>

namespace fsfuzz::reports {
namespace {

std::string Printf(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Drops trailing zeros of a fixed-point number: "1.50" -> "1.5", "2.00" -> "2".
std::string Trim(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string FormatCount(uint64_t n) { return std::to_string(n); }

std::string FormatFigure(double v) {
  if (!std::isfinite(v)) return "?";
  const double a = std::fabs(v);
  if (a >= 999.95) return Printf("%.0f", v);
  if (a >= 0.995) return Printf("%.1f", v);
  return Printf("%.2f", v);
}

std::string FormatBytes(uint64_t n) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  double v = static_cast<double>(n);
  // Two decimals at most, trailing zeros dropped: 1536 -> "1.5 KiB".
  while (u < 4 && v >= 1024) {
    v /= 1024;
    ++u;
  }
  return Trim(Printf("%.2f", v)) + " " + kUnits[u];
}

std::string FormatMicros(double us, const char* micro) {
  if (us >= 1e6) return Trim(Printf("%.2f", us / 1e6)) + " s";
  if (us >= 1e3) return Trim(Printf("%.2f", us / 1e3)) + " ms";
  return Trim(Printf("%.2f", us)) + " " + micro + "s";
}

}  // namespace fsfuzz::reports
