// Teardown on signals (root): a child holding a testbed is sent SIGINT, SIGTERM or
// SIGHUP; its mount, loop device and work dir must be gone and its exit status must name
// the signal. SIGKILL leaves everything behind for CleanupStale (cleanup_test.cc).
#include <signal.h>
#include <sys/wait.h>

#include <cstring>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/holder_process.h"
#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz {
namespace {

using testing_util::Exists;
using testing_util::LoopsUnder;
using testing_util::MountedUnder;
using testing_util::WaitFor;

struct SignalCase {
  int sig;
  const char* variant;
  bool busy;  // a file held open in the mount: the handler's lazy unmount path
};

class SignalTeardown : public ::testing::TestWithParam<SignalCase> {};

TEST_P(SignalTeardown, RemovesEverythingAndDiesOfTheSignal) {
  const SignalCase& c = GetParam();
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root";
  if (std::optional<std::string> why = SkipReason(*FindVariant(c.variant))) GTEST_SKIP() << *why;
  testing_util::ScratchRoot root;
  testing_util::Holder h = testing_util::StartHolder(c.variant, root.path(), c.busy);
  ASSERT_TRUE(h.ready) << "holder output: " << h.output;
  ASSERT_FALSE(h.work.empty());
  EXPECT_TRUE(MountedUnder(h.work));
  if (std::string(c.variant) != "tmpfs") {
    EXPECT_TRUE(LoopsUnder(h.work));
  }

  int status = testing_util::KillAndWait(h, c.sig);
  ASSERT_TRUE(WIFSIGNALED(status)) << "status " << status;
  EXPECT_EQ(WTERMSIG(status), c.sig) << strsignal(WTERMSIG(status));
  EXPECT_FALSE(MountedUnder(h.work));
  // The kernel drops the last reference of a lazily unmounted busy mount as the process
  // exits; autoclear then detaches the loop device.
  EXPECT_TRUE(WaitFor([&] { return !LoopsUnder(h.work); })) << h.loop << " still bound";
  EXPECT_FALSE(Exists(h.work));
}

INSTANTIATE_TEST_SUITE_P(
    Signals, SignalTeardown,
    ::testing::Values(SignalCase{SIGINT, "ext4", false}, SignalCase{SIGTERM, "ext4", false},
                      SignalCase{SIGHUP, "xfs", false}, SignalCase{SIGINT, "btrfs", true},
                      SignalCase{SIGTERM, "ext4", true}, SignalCase{SIGTERM, "tmpfs", true}),
    [](const ::testing::TestParamInfo<SignalCase>& p) {
      std::string name = std::string(sigabbrev_np(p.param.sig)) + "_" + p.param.variant +
                         (p.param.busy ? "_busy" : "");
      return name;
    });

}  // namespace
}  // namespace fsfuzz
