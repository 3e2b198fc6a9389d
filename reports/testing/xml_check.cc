// XML well-formedness check and element extraction for tests (see xml_check.h).
#include "reports/testing/xml_check.h"

#include <cctype>
#include <vector>

namespace fsfuzz::reports::testing {
namespace {

bool NameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

Status Error(size_t at, const std::string& what) {
  return Status::Corrupt("offset " + std::to_string(at) + ": " + what);
}

// At doc[i] == '&': a reference "&name;", "&#123;" or "&#x1F;"; returns its length or 0.
size_t Reference(std::string_view doc, size_t i) {
  size_t j = i + 1;
  if (j < doc.size() && doc[j] == '#') {
    ++j;
    const bool hex = j < doc.size() && doc[j] == 'x';
    if (hex) ++j;
    const size_t start = j;
    while (j < doc.size() &&
           (hex ? std::isxdigit(static_cast<unsigned char>(doc[j])) : std::isdigit(static_cast<unsigned char>(doc[j]))))
      ++j;
    if (j == start) return 0;
  } else {
    const size_t start = j;
    while (j < doc.size() && std::isalnum(static_cast<unsigned char>(doc[j]))) ++j;
    if (j == start) return 0;
  }
  return j < doc.size() && doc[j] == ';' ? j + 1 - i : 0;
}

void SkipSpace(std::string_view doc, size_t* i) {
  while (*i < doc.size() && std::isspace(static_cast<unsigned char>(doc[*i]))) ++*i;
}

}  // namespace

Status CheckWellFormedXml(std::string_view doc) {
  std::vector<std::string> open;
  bool had_root = false;
  size_t i = 0;
  while (i < doc.size()) {
    if (doc[i] == '&') {
      if (Reference(doc, i) == 0) return Error(i, "bare '&'");
      i += Reference(doc, i);
      continue;
    }
    if (doc[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(doc[i]))) return Error(i, "text outside the root");
      ++i;
      continue;
    }
    if (doc.substr(i, 4) == "<!--") {
      const size_t end = doc.find("-->", i + 4);
      if (end == std::string_view::npos) return Error(i, "unterminated comment");
      i = end + 3;
      continue;
    }
    if (doc.substr(i, 9) == "<!DOCTYPE") {
      if (had_root || !open.empty()) return Error(i, "DOCTYPE after the root");
      const size_t end = doc.find('>', i);
      if (end == std::string_view::npos) return Error(i, "unterminated DOCTYPE");
      i = end + 1;
      continue;
    }
    const bool closing = i + 1 < doc.size() && doc[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    const size_t name_start = j;
    while (j < doc.size() && NameChar(doc[j])) ++j;
    const std::string name(doc.substr(name_start, j - name_start));
    if (name.empty()) return Error(i, "'<' that starts no tag");
    if (closing) {
      SkipSpace(doc, &j);
      if (j >= doc.size() || doc[j] != '>') return Error(j, "malformed end tag </" + name);
      if (open.empty() || open.back() != name)
        return Error(i, "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">"));
      open.pop_back();
      i = j + 1;
      continue;
    }
    if (open.empty() && had_root) return Error(i, "a second root element <" + name + ">");
    // Attributes: name="value" or name='value', separated by space.
    for (;;) {
      const size_t before = j;
      SkipSpace(doc, &j);
      if (j >= doc.size()) return Error(i, "unterminated <" + name);
      if (doc[j] == '>' || doc.substr(j, 2) == "/>") break;
      if (j == before) return Error(j, "no space before an attribute in <" + name);
      const size_t a = j;
      while (j < doc.size() && NameChar(doc[j])) ++j;
      if (j == a) return Error(j, "bad attribute in <" + name);
      if (j + 1 >= doc.size() || doc[j] != '=' || (doc[j + 1] != '"' && doc[j + 1] != '\''))
        return Error(j, "unquoted attribute " + std::string(doc.substr(a, j - a)) + " in <" + name);
      const char quote = doc[j + 1];
      size_t k = j + 2;
      for (; k < doc.size() && doc[k] != quote; ++k) {
        if (doc[k] == '<') return Error(k, "'<' in an attribute value");
        if (doc[k] == '&' && Reference(doc, k) == 0) return Error(k, "bare '&' in an attribute value");
      }
      if (k >= doc.size()) return Error(j, "unterminated attribute value");
      j = k + 1;
    }
    if (doc[j] == '/') {
      had_root = had_root || open.empty();
      i = j + 2;
    } else {
      had_root = true;
      open.push_back(name);
      i = j + 1;
    }
  }
  if (!open.empty()) return Error(doc.size(), "<" + open.back() + "> never closed");
  if (!had_root) return Error(0, "no root element");
  return Status::Ok();
}

std::string ElementById(std::string_view doc, std::string_view tag, std::string_view id) {
  const std::string needle = "id=\"" + std::string(id) + "\"";
  const size_t at = doc.find(needle);
  if (at == std::string_view::npos) return "";
  const size_t start = doc.rfind("<" + std::string(tag), at);
  if (start == std::string_view::npos) return "";
  const std::string close = "</" + std::string(tag) + ">";
  const size_t end = doc.find(close, at);
  if (end == std::string_view::npos) return "";
  return std::string(doc.substr(start, end + close.size() - start));
}

}  // namespace fsfuzz::reports::testing
