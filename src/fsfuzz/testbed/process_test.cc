// Tests for running helper programs: exit codes, captured stderr, timeouts, missing tools.
#include "src/fsfuzz/testbed/process.h"

#include <signal.h>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

TEST(Process, FindsPrograms) {
  EXPECT_TRUE(FindProgram("true").has_value());
  EXPECT_FALSE(FindProgram("fsfuzz-no-such-tool").has_value());
  EXPECT_FALSE(FindProgram("").has_value());
}

TEST(Process, ReportsExitCodeAndStderr) {
  Result<CommandResult> ok = RunCommand({"true"});
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->ok());
  Result<CommandResult> bad = RunCommand({"ls", "/fsfuzz-no-such-path"});
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->ok());
  EXPECT_NE(bad->exit_code, 0);
  EXPECT_NE(bad->err.find("fsfuzz-no-such-path"), std::string::npos);
  EXPECT_NE(bad->Describe("ls").find("ls exited with"), std::string::npos);
  Result<CommandResult> echo = RunCommand({"echo", "a b"});  // argv, not a shell line
  ASSERT_TRUE(echo.ok());
  EXPECT_EQ(echo->out, "a b\n");
}

TEST(Process, KillsOnTimeout) {
  Result<CommandResult> r = RunCommand({"sleep", "30"}, std::chrono::milliseconds(100));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->term_signal, SIGKILL);
}

TEST(Process, MissingProgramIsEnvironmentError) {
  Result<CommandResult> r = RunCommand({"mkfs.fsfuzz-none", "/dev/null"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kEnvironment);
}

}  // namespace
}  // namespace fsfuzz
