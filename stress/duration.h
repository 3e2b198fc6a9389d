// Parsing and printing of durations and sizes given on the command line ("60s", "2m",
// "1h30m", "1.5s", "500ms"; a bare number is seconds).
#pragma once

#include <string>
#include <string_view>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::stress {

// Seconds; kUsage naming the text when it is not a duration (negative ones included).
Result<double> ParseDuration(std::string_view text);

// "45s", "2m05s", "1h02m03s": for progress lines (whole seconds, rounded down).
std::string FormatDuration(double seconds);

}  // namespace fsfuzz::stress
