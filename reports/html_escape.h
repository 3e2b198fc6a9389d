// Escaping text from the summary (programs, titles, reasons, mount options, file names)
// for HTML and SVG, so nothing in the input can become markup or script.
#pragma once

#include <string>
#include <string_view>

namespace fsfuzz::reports {

// Escapes & < > " ' as character references, for element text and quoted attribute
// values alike. Bytes that are not valid UTF-8, and control characters other than tab,
// newline and carriage return, become U+FFFD: they are not legal in HTML or XML text.
std::string EscapeHtml(std::string_view text);

}  // namespace fsfuzz::reports
