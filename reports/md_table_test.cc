// Tests for aligned Markdown tables.
#include "reports/md_table.h"

#include <gtest/gtest.h>

namespace fsfuzz::reports {
namespace {

TEST(MdTable, AlignsColumns) {
  MdTable t({{"fs", MdTable::Align::kLeft}, {"ops/s", MdTable::Align::kRight}});
  t.AddRow({"ext4", "946.5"});
  t.AddRow({"bcachefs", "-"});
  EXPECT_EQ(t.Render(),
            "| fs       | ops/s |\n"
            "|:---------|------:|\n"
            "| ext4     | 946.5 |\n"
            "| bcachefs |     - |\n");
}

TEST(MdTable, MakesCellsSafe) {
  MdTable t({{"a", MdTable::Align::kLeft}, {"b", MdTable::Align::kLeft}});
  t.AddRow({"x|y", "line\nbreak"});
  t.AddRow({"only one"});
  EXPECT_EQ(t.Render(),
            "| a        | b          |\n"
            "|:---------|:-----------|\n"
            "| x\\|y     | line break |\n"
            "| only one |            |\n");
}

TEST(MdTable, CountsCodePointsNotBytes) {
  MdTable t({{"unit", MdTable::Align::kLeft}});
  t.AddRow({"\xC2\xB5s"});
  t.AddRow({"ms"});
  EXPECT_EQ(t.Render(), "| unit |\n|:-----|\n| \xC2\xB5s   |\n| ms   |\n");
}

}  // namespace
}  // namespace fsfuzz::reports
