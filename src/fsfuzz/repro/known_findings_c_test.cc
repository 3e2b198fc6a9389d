// Every known finding has its C program in docs/known-findings, and every C program there
// compiles as a maintainer would build it (the evidence must not rot).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "src/fsfuzz/finding/known_findings.h"

namespace fsfuzz {
namespace {

const std::string kDir = std::string(FSFUZZ_SOURCE_DIR) + "/docs/known-findings";

TEST(KnownFindingsC, EveryRowHasItsProgram) {
  for (const KnownFinding& k : KnownFindings()) {
    EXPECT_TRUE(std::filesystem::exists(kDir + "/" + std::string(k.id) + ".c")) << k.id;
  }
}

TEST(KnownFindingsC, EveryProgramCompiles) {
  if (std::system("cc --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no C compiler (cc)";
  const std::string out = ::testing::TempDir() + "/known-finding-bin";
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    if (e.path().extension() != ".c") continue;
    ++n;
    const std::string cmd = "cc -std=c11 -pthread -Wall -Werror -O2 -o " + out + " " + e.path().string() + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  std::filesystem::remove(out);
  EXPECT_GE(n, KnownFindings().size() / 2);
}

}  // namespace
}  // namespace fsfuzz
