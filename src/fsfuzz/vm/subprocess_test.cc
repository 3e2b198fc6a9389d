// Tests for fork/exec, capture, deadlines and child cleanup.
#include "src/fsfuzz/vm/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>

namespace fsfuzz::vm {
namespace {

TEST(Subprocess, CapturesOutputAndExitCode) {
  auto r = vm::Run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code(), 3);
  EXPECT_FALSE(r->ok());
  Status s = RunChecked({"sh", "-c", "echo boom >&2; exit 1"});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("boom"), std::string::npos);
  EXPECT_TRUE(RunChecked({"sh", "-c", "exit 1"}, {}, {0, 1}).ok());
}

TEST(Subprocess, ArgvIsNeverAShellString) {
  auto r = vm::Run({"printf", "%s|", "a b", "$(id)", ";"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "a b|$(id)|;|");
}

TEST(Subprocess, DeadlineKillsTheChild) {
  RunOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto t0 = std::chrono::steady_clock::now();
  auto r = vm::Run({"sleep", "30"}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  errno = 0;
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);  // nothing left to reap
  EXPECT_EQ(errno, ECHILD);
}

TEST(Subprocess, MissingToolIsAnEnvironmentError) {
  auto r = vm::Run({"fsfuzz-no-such-tool"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kEnvironment);
  EXPECT_FALSE(FindTool("mkfs.ext4").empty() && FindTool("sh").empty());
}

TEST(ChildProcess, DestructorKillsAndReaps) {
  pid_t pid;
  {
    auto c = ChildProcess::Spawn({"sleep", "30"});
    ASSERT_TRUE(c.ok());
    pid = c->pid();
    EXPECT_TRUE(c->running());
  }
  EXPECT_EQ(kill(pid, 0), -1);  // gone and reaped
  EXPECT_EQ(DescribeWaitStatus(9), "killed by signal 9");
  EXPECT_EQ(DescribeWaitStatus(3 << 8), "exited 3");
}

}  // namespace
}  // namespace fsfuzz::vm
