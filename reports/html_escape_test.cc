// Tests for HTML escaping of text from the summary.
#include "reports/html_escape.h"

#include <gtest/gtest.h>

namespace fsfuzz::reports {
namespace {

TEST(EscapeHtml, Markup) {
  EXPECT_EQ(EscapeHtml("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;");
  EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;");  // already-escaped text is text too
}

TEST(EscapeHtml, KeepsWhitespaceAndUtf8) {
  EXPECT_EQ(EscapeHtml("a\tb\nc\r"), "a\tb\nc\r");
  EXPECT_EQ(EscapeHtml("\xC2\xB5s \xE2\x80\x94 \xF0\x9F\x90\xA7"), "\xC2\xB5s \xE2\x80\x94 \xF0\x9F\x90\xA7");
}

TEST(EscapeHtml, ReplacesWhatXmlForbids) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(EscapeHtml(std::string("a\0b", 3)), "a" + r + "b");
  EXPECT_EQ(EscapeHtml("\x1b[0m"), r + "[0m");
  EXPECT_EQ(EscapeHtml("\xFF"), r);
  EXPECT_EQ(EscapeHtml("\xC0\xAF"), r + r);          // overlong '/'
  EXPECT_EQ(EscapeHtml("\xED\xA0\x80"), r + r + r);  // a surrogate
  EXPECT_EQ(EscapeHtml("\xE2\x80"), r + r);          // truncated
}

}  // namespace
}  // namespace fsfuzz::reports
