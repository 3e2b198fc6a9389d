// Aligned Markdown pipe tables (see md_table.h).
#include "reports/md_table.h"

#include <algorithm>

namespace fsfuzz::reports {
namespace {

std::string CellText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

// Display width in code points (UTF-8 continuation bytes do not advance the column), so
// a non-ASCII skip reason does not shift the table.
size_t Width(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Pad(const std::string& s, size_t width, MdTable::Align a) {
  const std::string fill(width - std::min(width, Width(s)), ' ');
  return a == MdTable::Align::kRight ? fill + s : s + fill;
}

}  // namespace

void MdTable::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (std::string& c : cells) c = CellText(c);
  rows_.push_back(std::move(cells));
}

std::string MdTable::Render() const {
  std::vector<size_t> width(columns_.size(), 3);  // "---" is the shortest rule
  for (size_t c = 0; c < columns_.size(); ++c) {
    width[c] = std::max(width[c], Width(CellText(columns_[c].header)));
    for (const auto& row : rows_) width[c] = std::max(width[c], Width(row[c]));
  }
  std::string out = "|";
  for (size_t c = 0; c < columns_.size(); ++c)
    out += " " + Pad(CellText(columns_[c].header), width[c], columns_[c].align) + " |";
  out += "\n|";
  for (size_t c = 0; c < columns_.size(); ++c) {
    const bool right = columns_[c].align == Align::kRight;
    out += (right ? "-" : ":") + std::string(width[c], '-') + (right ? ":" : "-") + "|";
  }
  out += "\n";
  for (const auto& row : rows_) {
    out += "|";
    for (size_t c = 0; c < columns_.size(); ++c) out += " " + Pad(row[c], width[c], columns_[c].align) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace fsfuzz::reports
