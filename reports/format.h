// Number and size formatting shared by the Markdown and HTML reports, so both print the
// same figure the same way.
#pragma once

#include <cstdint>
#include <string>

namespace fsfuzz::reports {

std::string FormatCount(uint64_t n);  // "56789"
// Rates and latencies: one decimal, two below 1, none from 1000: "0.52", "16.7",
// "946.5", "21776".
std::string FormatFigure(double v);
std::string FormatBytes(uint64_t n);  // "1 MiB", "4 KiB", "1000 B"
// A microsecond value with its unit, for axis ticks: "1 us", "100 us", "1 ms", "10 s".
// micro: the spelling of the micro sign ("u" in ASCII, "\u00b5" in HTML).
std::string FormatMicros(double us, const char* micro = "u");

}  // namespace fsfuzz::reports
