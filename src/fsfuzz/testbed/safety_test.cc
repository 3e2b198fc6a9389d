// Tests for the safety rules: system directories (and bind mounts of them) refused,
// non-empty foreign directories refused, symlinks leading out of the work dir refused.
#include "src/fsfuzz/testbed/safety.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/test_util.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

TEST(Safety, RefusesSystemDirectories) {
  for (const char* d : {"/", "/proc", "/sys", "/dev", "/boot", "/etc", "/usr", "/bin", "/lib",
                        "/home", "/root", "/var", "/run", "/tmp", "/usr/../etc", "/etc/"}) {
    EXPECT_TRUE(DangerousTarget(d).has_value()) << d;
    Status st = CheckTargetDir(d);
    EXPECT_FALSE(st.ok()) << d;
    EXPECT_EQ(st.kind(), ErrorKind::kUsage) << d;
  }
}

TEST(Safety, AcceptsNewAndEmptyDirectories) {
  testing_util::ScratchRoot root;
  EXPECT_FALSE(DangerousTarget(root.path()).has_value());
  EXPECT_TRUE(CheckTargetDir(root.path()).ok());                 // empty
  EXPECT_TRUE(CheckTargetDir(root.path() + "/not/yet").ok());    // missing: we create it
}

TEST(Safety, RefusesNonEmptyDirectoryWithoutMarker) {
  testing_util::ScratchRoot root;
  std::ofstream(root.path() + "/someones-file") << "data";
  Status st = CheckTargetDir(root.path());
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("not empty"), std::string::npos) << st.message();
  // With our marker it is ours (a previous run): accepted.
  ASSERT_TRUE(WriteMarker(root.path(), "dir").ok());
  EXPECT_TRUE(CheckTargetDir(root.path()).ok());
  ::unlink((root.path() + "/someones-file").c_str());
  ::unlink((root.path() + "/" + kMarkerName).c_str());
}

TEST(Safety, RefusesSymlinkToSystemDirectory) {
  testing_util::ScratchRoot root;
  const std::string link = root.path() + "/etc-link";
  ASSERT_EQ(::symlink("/etc", link.c_str()), 0);
  EXPECT_TRUE(DangerousTarget(link).has_value());
  EXPECT_FALSE(CheckTargetDir(link).ok());
  ::unlink(link.c_str());
}

TEST(Safety, RefusesSymlinkLeadingOutOfWorkDir) {
  testing_util::ScratchRoot root;
  testing_util::ScratchRoot outside;
  const std::string work = root.path();
  ASSERT_EQ(::symlink(outside.path().c_str(), (work + "/escape").c_str()), 0);
  ASSERT_EQ(::symlink((outside.path() + "/f").c_str(), (work + "/file-link").c_str()), 0);
  ASSERT_EQ(::mkdir((work + "/sub").c_str(), 0700), 0);

  EXPECT_FALSE(CheckInside(work, work + "/escape/f").ok());
  EXPECT_FALSE(CheckInside(work, work + "/file-link").ok());
  EXPECT_FALSE(CheckInside(work, work + "/sub/../../x").ok());
  EXPECT_TRUE(CheckInside(work, work + "/sub/new-file").ok());

  Result<int> fd = OpenUnder(work, "escape/f", O_RDWR | O_CREAT);
  EXPECT_FALSE(fd.ok());
  EXPECT_NE(fd.status().message().find("symlink"), std::string::npos) << fd.status().message();
  fd = OpenUnder(work, "file-link", O_RDWR | O_CREAT);
  EXPECT_FALSE(fd.ok());
  EXPECT_FALSE(testing_util::Exists(outside.path() + "/f"));  // nothing created outside
  EXPECT_FALSE(OpenUnder(work, "../x", O_RDWR | O_CREAT).ok());
  fd = OpenUnder(work, "sub/ok", O_RDWR | O_CREAT);
  ASSERT_TRUE(fd.ok()) << fd.status().ToString();
  ::close(*fd);

  ::unlink((work + "/sub/ok").c_str());
  ::rmdir((work + "/sub").c_str());
  ::unlink((work + "/escape").c_str());
  ::unlink((work + "/file-link").c_str());
}

TEST(Safety, RefusesBindMountOfRoot) {
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root (bind mounts need it)";
  testing_util::ScratchRoot root;
  const std::string target = root.path() + "/rootbind";
  ASSERT_EQ(::mkdir(target.c_str(), 0700), 0);
  ASSERT_EQ(::mount("/", target.c_str(), nullptr, MS_BIND, nullptr), 0) << std::strerror(errno);
  std::optional<std::string> why = DangerousTarget(target);
  ::umount2(target.c_str(), MNT_DETACH);
  ::rmdir(target.c_str());
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("same directory as /"), std::string::npos) << *why;
}

}  // namespace
}  // namespace fsfuzz
