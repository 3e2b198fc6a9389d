// An aligned Markdown pipe table, readable as plain text in a mail and rendered as a
// table by Markdown viewers.
#pragma once

#include <string>
#include <vector>

namespace fsfuzz::reports {

class MdTable {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kLeft;
  };

  explicit MdTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // Missing cells are blank, extra cells dropped. Cell text is made table-safe: '|' is
  // escaped and line breaks become spaces.
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  // Header, alignment row and rows, each line ending in '\n'; columns padded to width.
  std::string Render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace fsfuzz::reports
