// Test support: a small XML well-formedness check for the generated HTML and SVG (the
// report is written as XML-compatible HTML), and extraction of one element by id.
#pragma once

#include <string>
#include <string_view>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::reports::testing {

// Ok when doc is well-formed: one root element, every tag closed in order, attribute
// values quoted and free of '<', every '&' starting a character or entity reference.
// A leading <!DOCTYPE ...> and comments are skipped. The error names the byte offset.
Status CheckWellFormedXml(std::string_view doc);

// The element (start tag to matching end tag) whose start tag carries id="<id>", or ""
// when none; elements of the same name must not nest inside it.
std::string ElementById(std::string_view doc, std::string_view tag, std::string_view id);

}  // namespace fsfuzz::reports::testing
