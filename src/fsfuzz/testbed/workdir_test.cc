// Tests for work dirs and their markers.
#include "src/fsfuzz/testbed/workdir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz {
namespace {

TEST(WorkDir, MakesDirWithMarkerNamingUs) {
  testing_util::ScratchRoot root;
  Result<std::string> dir = MakeWorkDir(root.path(), "testbed");
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  EXPECT_EQ(dir->rfind(root.path() + "/fsfuzz-", 0), 0u);
  struct stat st;
  ASSERT_EQ(::stat(dir->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  std::optional<MarkerInfo> m = ReadMarker(*dir);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->pid, ::getpid());
  EXPECT_EQ(m->kind, "testbed");
  EXPECT_EQ(m->start_time, ProcessStartTime(::getpid()));
  EXPECT_TRUE(OwnerAlive(*m));
  ::unlink((*dir + "/" + kMarkerName).c_str());
  ::rmdir(dir->c_str());
}

TEST(WorkDir, DeadOrReusedPidIsNotAlive) {
  EXPECT_FALSE(OwnerAlive(MarkerInfo{2147483632, 1, "testbed"}));
  // Our pid with another start time: a pid reused by a different process.
  EXPECT_FALSE(OwnerAlive(MarkerInfo{::getpid(), ProcessStartTime(::getpid()) + 1, "testbed"}));
  EXPECT_GT(ProcessStartTime(::getpid()), 0u);
  EXPECT_EQ(ProcessStartTime(2147483632), 0u);
}

TEST(WorkDir, IgnoresForeignOrSymlinkedMarkers) {
  testing_util::ScratchRoot root;
  std::ofstream(root.path() + "/" + kMarkerName) << "something else\npid 1\n";
  EXPECT_FALSE(ReadMarker(root.path()).has_value());
  ::unlink((root.path() + "/" + kMarkerName).c_str());
  testing_util::ScratchRoot other;
  ASSERT_TRUE(WriteMarker(other.path(), "dir").ok());
  ASSERT_EQ(::symlink((other.path() + "/" + kMarkerName).c_str(),
                      (root.path() + "/" + kMarkerName).c_str()), 0);
  EXPECT_FALSE(ReadMarker(root.path()).has_value());  // O_NOFOLLOW
  ::unlink((root.path() + "/" + kMarkerName).c_str());
  ::unlink((other.path() + "/" + kMarkerName).c_str());
}

}  // namespace
}  // namespace fsfuzz
