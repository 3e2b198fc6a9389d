// The work budget: seeds fit, programs that would read megabytes per check do not.
#include "fuzz/harness/budget.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::fuzz {
namespace {

TEST(Budget, CountsChecksOverEveryView) {
  auto small = ParseProgram("file size=64K seed=1\nwrite off=0 len=4K\n", "t");
  ASSERT_TRUE(small.ok());
  // 64K initial + 4K write + the final check reading 64K through buffered and direct.
  EXPECT_EQ(EstimatedBytes(*small), 64u * 1024 + 4096 + 2 * 64 * 1024);
  EXPECT_TRUE(WithinBudget(*small));

  std::string text = "file size=1M seed=1\n";
  for (int i = 0; i < 8; ++i) text += "mmap m" + std::to_string(i) + " off=0 len=2M shared\n";
  text += "truncate 2M\n";
  for (int i = 0; i < 40; ++i) text += "check\n";
  auto big = ParseProgram(text, "t");
  ASSERT_TRUE(big.ok()) << big.status().message();
  EXPECT_FALSE(WithinBudget(*big));
}

}  // namespace
}  // namespace fsfuzz::fuzz
