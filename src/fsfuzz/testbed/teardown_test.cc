// Tests for the teardown registry: actions run in order, once; the marker survives a
// directory that could not be removed; a forked child never tears down its parent's
// resources.
#include "src/fsfuzz/testbed/teardown.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz {
namespace {

using testing_util::Exists;

TEST(Teardown, TeardownAllRunsArmedSlotsOnce) {
  testing_util::ScratchRoot root;
  const std::string dir = root.path() + "/w";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::mkdir((dir + "/mnt").c_str(), 0700), 0);
  std::ofstream(dir + "/image") << "x";
  std::ofstream(dir + "/marker") << "m";
  TeardownHandle h = RegisterTeardown({{TeardownOp::kUmount, dir + "/mnt"},
                                       {TeardownOp::kLoopClear, ""},
                                       {TeardownOp::kUnlink, dir + "/image"},
                                       {TeardownOp::kRmdir, dir + "/mnt"},
                                       {TeardownOp::kMarker, dir + "/marker"},
                                       {TeardownOp::kRmdir, dir}});
  ASSERT_TRUE(h.valid());
  EXPECT_TRUE(TeardownArmed(h));
  TeardownAll();
  EXPECT_FALSE(TeardownArmed(h));
  EXPECT_FALSE(Exists(dir));
  EXPECT_FALSE(UnregisterTeardown(h));  // already run: the owner has nothing left to do
}

TEST(Teardown, UnregisteredSlotIsNotRun) {
  testing_util::ScratchRoot root;
  const std::string file = root.path() + "/keep";
  std::ofstream(file) << "x";
  TeardownHandle h = RegisterTeardown({{TeardownOp::kUnlink, file}});
  ASSERT_TRUE(h.valid());
  EXPECT_TRUE(UnregisterTeardown(h));
  TeardownAll();
  EXPECT_TRUE(Exists(file));
  ::unlink(file.c_str());
}

TEST(Teardown, MarkerStaysWhenADirCannotBeRemoved) {
  testing_util::ScratchRoot root;
  const std::string dir = root.path() + "/w";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::mkdir((dir + "/mnt").c_str(), 0700), 0);
  std::ofstream(dir + "/mnt/busy") << "x";  // rmdir(mnt) fails: as if still mounted
  std::ofstream(dir + "/marker") << "m";
  TeardownHandle h = RegisterTeardown({{TeardownOp::kRmdir, dir + "/mnt"},
                                       {TeardownOp::kMarker, dir + "/marker"},
                                       {TeardownOp::kRmdir, dir}});
  ASSERT_TRUE(h.valid());
  TeardownAll();
  EXPECT_TRUE(Exists(dir + "/marker"));
  UnregisterTeardown(h);
  ::unlink((dir + "/mnt/busy").c_str());
  ::rmdir((dir + "/mnt").c_str());
  ::unlink((dir + "/marker").c_str());
  ::rmdir(dir.c_str());
}

// A tracefs instance kept busy by a forked lane's trace_pipe (stress aborted by a second
// SIGINT, 2026-12-07) left the whole work dir behind: its failure is not the work dir's.
TEST(Teardown, OtherDirThatCannotBeRemovedDoesNotKeepTheWorkDir) {
  testing_util::ScratchRoot root;
  const std::string dir = root.path() + "/w";
  const std::string busy = root.path() + "/instance";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::mkdir(busy.c_str(), 0700), 0);
  std::ofstream(busy + "/trace_pipe") << "x";  // rmdir(instance) fails: as if still open
  std::ofstream(dir + "/marker") << "m";
  TeardownHandle h = RegisterTeardown({{TeardownOp::kRmdirOther, busy},
                                       {TeardownOp::kMarker, dir + "/marker"},
                                       {TeardownOp::kRmdir, dir}});
  ASSERT_TRUE(h.valid());
  TeardownAll();
  EXPECT_FALSE(Exists(dir));
  EXPECT_TRUE(Exists(busy));
  UnregisterTeardown(h);
  ::unlink((busy + "/trace_pipe").c_str());
  ::rmdir(busy.c_str());
}

TEST(Teardown, ForkedChildDoesNotTearDownTheParent) {
  testing_util::ScratchRoot root;
  const std::string file = root.path() + "/parents";
  std::ofstream(file) << "x";
  TeardownHandle h = RegisterTeardown({{TeardownOp::kUnlink, file}});
  ASSERT_TRUE(h.valid());
  pid_t pid = ::fork();
  if (pid == 0) {
    TeardownAll();
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(Exists(file));
  EXPECT_TRUE(UnregisterTeardown(h));
  ::unlink(file.c_str());
}

TEST(Teardown, RefusesOverlongPaths) {
  TeardownHandle h = RegisterTeardown({{TeardownOp::kUnlink, std::string(5000, 'a')}});
  EXPECT_FALSE(h.valid());
}

}  // namespace
}  // namespace fsfuzz
