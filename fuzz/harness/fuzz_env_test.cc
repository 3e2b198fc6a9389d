#include "fuzz/harness/fuzz_env.h"

#include <stdlib.h>

#include <gtest/gtest.h>

namespace fsfuzz::fuzz {
namespace {

// Engines pass no flags to targets: $FSFUZZ_VIEW_READS is how a run picks --view-reads,
// and a name it does not know stops the target with a message instead of being ignored.
TEST(FuzzEnv, ViewReadsComeFromTheEnvironment) {
  ::unsetenv("FSFUZZ_VIEW_READS");
  EXPECT_EQ(ReadFuzzEnv(std::chrono::milliseconds(1)).view_reads, ViewReads::kMapped);
  ::setenv("FSFUZZ_VIEW_READS", "loads", 1);
  FuzzEnv loads = ReadFuzzEnv(std::chrono::milliseconds(1));
  EXPECT_EQ(loads.view_reads, ViewReads::kLoads);
  EXPECT_TRUE(loads.view_reads_error.empty());
  ::setenv("FSFUZZ_VIEW_READS", "kernel", 1);
  EXPECT_EQ(ReadFuzzEnv(std::chrono::milliseconds(1)).view_reads, ViewReads::kKernel);
  ::setenv("FSFUZZ_VIEW_READS", "pages", 1);
  FuzzEnv bad = ReadFuzzEnv(std::chrono::milliseconds(1));
  EXPECT_NE(bad.view_reads_error.find("FSFUZZ_VIEW_READS=pages"), std::string::npos);
  ::unsetenv("FSFUZZ_VIEW_READS");
}

}  // namespace
}  // namespace fsfuzz::fuzz
