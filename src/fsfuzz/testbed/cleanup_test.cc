// Tests for `fsfuzz cleanup`: after SIGKILL (no handler runs) the mount and loop device
// stay; CleanupStale removes them, and never touches a directory without our marker or
// one whose owner is alive.
#include "src/fsfuzz/testbed/cleanup.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/holder_process.h"
#include "src/fsfuzz/testbed/test_util.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

using testing_util::Exists;
using testing_util::LoopsUnder;
using testing_util::MountedUnder;

TEST(Cleanup, AfterSigkillRemovesMountLoopAndWorkDir) {
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root";
  if (std::optional<std::string> why = SkipReason(*FindVariant("ext4"))) GTEST_SKIP() << *why;
  testing_util::ScratchRoot root;
  testing_util::Holder h = testing_util::StartHolder("ext4", root.path(), /*busy=*/true);
  ASSERT_TRUE(h.ready) << h.output;
  int status = testing_util::KillAndWait(h, SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  // Nothing ran: everything is still there.
  EXPECT_TRUE(MountedUnder(h.work));
  EXPECT_TRUE(LoopsUnder(h.work));
  EXPECT_TRUE(Exists(h.work + "/" + kMarkerName));

  CleanupReport r = CleanupStale(root.path());
  EXPECT_TRUE(r.ok()) << r.ToString();
  ASSERT_EQ(r.removed.size(), 1u) << r.ToString();
  EXPECT_EQ(r.removed[0], h.work);
  EXPECT_NE(r.ToString().find("umount " + h.mount), std::string::npos) << r.ToString();
  EXPECT_FALSE(MountedUnder(h.work));
  EXPECT_TRUE(testing_util::WaitFor([&] { return !LoopsUnder(h.work); }));
  EXPECT_FALSE(Exists(h.work));
  // A second run finds nothing.
  EXPECT_EQ(CleanupStale(root.path()).ToString(), "nothing to clean\n");
}

TEST(Cleanup, LeavesForeignAndLiveDirsAlone) {
  testing_util::ScratchRoot root;
  // Named like ours but without a marker: not touched.
  std::string foreign = root.path() + "/fsfuzz-notours";
  ASSERT_EQ(::mkdir(foreign.c_str(), 0700), 0);
  std::ofstream(foreign + "/data") << "keep me";
  // Ours, but the owner (this process) is alive: kept.
  Result<std::string> live = MakeWorkDir(root.path(), "testbed");
  ASSERT_TRUE(live.ok());
  // Ours with a dead owner: removed. A marker naming pid 0x7ffffff0 (never running).
  Result<std::string> dead = MakeWorkDir(root.path(), "testbed");
  ASSERT_TRUE(dead.ok());
  std::ofstream(*dead + "/" + kMarkerName, std::ios::trunc)
      << "fsfuzz-workdir v1\npid 2147483632\nstart 1\nkind testbed\n";
  std::ofstream(*dead + "/image") << "x";
  ASSERT_EQ(::mkdir((*dead + "/mnt").c_str(), 0700), 0);

  CleanupReport r = CleanupStale(root.path());
  EXPECT_TRUE(r.ok()) << r.ToString();
  ASSERT_EQ(r.removed.size(), 1u) << r.ToString();
  EXPECT_EQ(r.removed[0], *dead);
  ASSERT_EQ(r.kept.size(), 1u) << r.ToString();
  EXPECT_NE(r.kept[0].find("is alive"), std::string::npos);
  EXPECT_TRUE(Exists(foreign + "/data"));
  EXPECT_TRUE(Exists(*live + "/" + kMarkerName));
  EXPECT_FALSE(Exists(*dead));

  ::unlink((foreign + "/data").c_str());
  ::rmdir(foreign.c_str());
  ::unlink((*live + "/" + kMarkerName).c_str());
  ::rmdir(live->c_str());
}

TEST(Cleanup, KeepsMarkerWhenSomethingCannotBeRemoved) {
  testing_util::ScratchRoot root;
  Result<std::string> dead = MakeWorkDir(root.path(), "testbed");
  ASSERT_TRUE(dead.ok());
  std::ofstream(*dead + "/" + kMarkerName, std::ios::trunc)
      << "fsfuzz-workdir v1\npid 2147483632\nstart 1\nkind testbed\n";
  // A non-empty directory is never recursed into (it could be a mount we failed to undo).
  ASSERT_EQ(::mkdir((*dead + "/mnt").c_str(), 0700), 0);
  std::ofstream(*dead + "/mnt/file") << "x";
  CleanupReport r = CleanupStale(root.path());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(Exists(*dead + "/" + kMarkerName));
  EXPECT_TRUE(Exists(*dead + "/mnt/file"));
  ::unlink((*dead + "/mnt/file").c_str());
  r = CleanupStale(root.path());
  EXPECT_TRUE(r.ok()) << r.ToString();
  EXPECT_FALSE(Exists(*dead));
}

}  // namespace
}  // namespace fsfuzz
