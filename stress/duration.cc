// Durations (see duration.h).
#include "stress/duration.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fsfuzz::stress {

Result<double> ParseDuration(std::string_view text) {
  const std::string s(text);
  auto bad = [&] {
    return Status::Usage("bad duration '" + s + "' (examples: 60s, 2m, 1h30m, 500ms, or seconds as a number)");
  };
  if (s.empty()) return bad();
  double total = 0;
  size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    const char* begin = s.c_str() + i;
    if (*begin == '-' || *begin == '+') return bad();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(v)) return bad();
    i += static_cast<size_t>(end - begin);
    // The unit: none (seconds, only as the whole text), ms, s, m, h.
    double unit = 1;
    if (s.compare(i, 2, "ms") == 0) {
      unit = 1e-3, i += 2;
    } else if (i < s.size() && s[i] == 's') {
      unit = 1, ++i;
    } else if (i < s.size() && s[i] == 'm') {
      unit = 60, ++i;
    } else if (i < s.size() && s[i] == 'h') {
      unit = 3600, ++i;
    } else if (i < s.size() || any) {
      return bad();  // "5x", or "1m30" (a unitless part after a unit)
    }
    total += v * unit;
    any = true;
  }
  return total;
}

std::string FormatDuration(double seconds) {
  if (!(seconds > 0)) seconds = 0;
  const long long t = static_cast<long long>(seconds);
  char buf[48];
  if (t < 60) {
    std::snprintf(buf, sizeof buf, "%llds", t);
  } else if (t < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", t / 60, t % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", t / 3600, t / 60 % 60, t % 60);
  }
  return buf;
}

}  // namespace fsfuzz::stress
