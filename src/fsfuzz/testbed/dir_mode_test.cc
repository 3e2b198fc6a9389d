// Tests for directory mode: a fresh directory is accepted and probed, root-only features
// are listed as skipped (also as an unprivileged user), unsafe directories are refused.
#include "src/fsfuzz/testbed/dir_mode.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/probe.h"
#include "src/fsfuzz/testbed/test_util.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

bool HasSkip(const Env& env, const std::string& prefix) {
  for (const std::string& s : env.skipped) {
    if (s.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

TEST(DirMode, CreatesProbesAndListsSkips) {
  testing_util::ScratchRoot root;
  const std::string dir = root.path() + "/work";
  Result<DirTarget> t = OpenDirMode(dir);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->created);
  EXPECT_EQ(t->env.variant, "dir");
  EXPECT_NE(t->env.fs, "unknown");
  EXPECT_FALSE(t->env.kernel.empty());
  EXPECT_GT(t->env.block_size, 0u);
  EXPECT_FALSE(t->env.can_remount);
  EXPECT_TRUE(HasSkip(t->env, "remount: --dir mode"));
  EXPECT_TRUE(ReadMarker(t->dir).has_value());
  std::printf("[ dir mode ] fs=%s misaligned=%s overlap=%s skipped:", t->env.fs.c_str(),
              t->env.misaligned_dio.c_str(), t->env.overlap_dwrite.c_str());
  for (const std::string& s : t->env.skipped) std::printf(" [%s]", s.c_str());
  std::printf("\n");
  // Reusing our own directory is fine; the probe file is gone.
  ASSERT_TRUE(OpenDirMode(dir).ok());
  EXPECT_FALSE(testing_util::Exists(dir + "/.fsfuzz-probe-" + std::to_string(::getpid())));
  ::unlink((dir + "/" + kMarkerName).c_str());
  ::rmdir(dir.c_str());
}

TEST(DirMode, RefusesUnsafeDirectories) {
  EXPECT_EQ(OpenDirMode("/").status().kind(), ErrorKind::kUsage);
  EXPECT_EQ(OpenDirMode("/etc").status().kind(), ErrorKind::kUsage);
  testing_util::ScratchRoot root;
  std::ofstream(root.path() + "/theirs") << "x";
  EXPECT_EQ(OpenDirMode(root.path()).status().kind(), ErrorKind::kUsage);
  ::unlink((root.path() + "/theirs").c_str());
}

TEST(DirMode, UnprivilegedReportsRootFeaturesSkipped) {
  if (!testing_util::IsRoot()) GTEST_SKIP() << "needs root to drop to nobody";
  testing_util::ScratchRoot root;
  const std::string dir = root.path() + "/nobody";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::chown(dir.c_str(), 65534, 65534), 0);
  ::chmod(root.path().c_str(), 0755);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(p[0]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
    Result<DirTarget> t = OpenDirMode(dir);
    if (!t.ok()) ::_exit(11);
    std::string out;
    for (const std::string& s : t->env.skipped) out += s + "\n";
    out += t->env.root ? "root\n" : "user\n";
    std::optional<std::string> why = SkipReason(*FindVariant("xfs"));  // --fs without root
    out += why ? *why + "\n" : "no skip reason\n";
    if (::write(p[1], out.data(), out.size()) < 0) ::_exit(12);
    ::_exit(0);
  }
  ::close(p[1]);
  std::string got;
  char buf[1024];
  ssize_t n;
  while ((n = ::read(p[0], buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  ::close(p[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << got;
  std::printf("[ nobody   ] %s", got.c_str());
  EXPECT_NE(got.find("drop_caches: not root"), std::string::npos) << got;
  EXPECT_NE(got.find("remount: --dir mode"), std::string::npos) << got;
  EXPECT_NE(got.find("tracefs: not root"), std::string::npos) << got;
  EXPECT_NE(got.find("user\n"), std::string::npos);
  EXPECT_NE(got.find("xfs: not root"), std::string::npos) << got;
  ::unlink((dir + "/" + kMarkerName).c_str());
  ::rmdir(dir.c_str());
}

TEST(Probe, MeasuresTheHostTmp) {
  testing_util::ScratchRoot root;
  ProbeOptions o;
  o.variant = "dir";
  Result<Env> env = ProbeEnv(root.path(), o);
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(env->page_size, static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)));
  EXPECT_NE(env->misaligned_dio, "");
  EXPECT_TRUE(env->overlap_dwrite == "snapshot" || env->overlap_dwrite == "forward" ||
              env->overlap_dwrite == "unknown");
  if (env->dio_supported) {
    EXPECT_GE(env->DirectAlign(), 512u);
  }
}

}  // namespace
}  // namespace fsfuzz
