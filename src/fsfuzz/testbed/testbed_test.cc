// Integration tests (root): make, use, remount and tear down every variant this machine
// has; variants it lacks are skipped with their one-line reason.
#include "src/fsfuzz/testbed/testbed.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz {
namespace {

using testing_util::Exists;
using testing_util::LoopsUnder;
using testing_util::MountedUnder;

std::vector<uint8_t> Bytes(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 12));
  return v;
}

std::vector<uint8_t> ReadAll(const std::string& path, size_t n) {
  std::vector<uint8_t> v(n);
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return {};
  ssize_t got = ::pread(fd, v.data(), n, 0);
  ::close(fd);
  v.resize(got < 0 ? 0 : static_cast<size_t>(got));
  return v;
}

// Skips (with the reason) unless root and the variant can be had here; else a testbed.
std::unique_ptr<Testbed> MakeOrSkip(const Variant& v, const std::string& root, std::string* skip) {
  if (!testing_util::IsRoot()) {
    *skip = "not root";
    return nullptr;
  }
  if (std::optional<std::string> why = SkipReason(v)) {
    *skip = *why;
    return nullptr;
  }
  TestbedOptions o;
  o.work_root = root;
  Result<std::unique_ptr<Testbed>> tb = Testbed::Create(v, o);
  if (!tb.ok() && tb.status().kind() == ErrorKind::kEnvironment) {
    *skip = std::string(v.name) + ": " + tb.status().message();
    return nullptr;
  }
  EXPECT_TRUE(tb.ok()) << tb.status().ToString();
  if (!tb.ok()) return nullptr;
  return std::move(*tb);
}

class VariantTest : public ::testing::TestWithParam<Variant> {};

}  // namespace

// Test names and ctest listings show the variant's name, not its bytes.
void PrintTo(const Variant& v, std::ostream* os) { *os << v.name; }

namespace {

TEST_P(VariantTest, MakeUseRemountTeardown) {
  const Variant& v = GetParam();
  testing_util::ScratchRoot root;
  std::string skip;
  std::unique_ptr<Testbed> tb = MakeOrSkip(v, root.path(), &skip);
  if (!tb) {
    if (!skip.empty()) GTEST_SKIP() << skip;
    return;
  }
  const Env& env = tb->env();
  std::printf("[ probe    ] %-20s fs=%s block=%llu dio_align=%llu/%llu misaligned=%s overlap=%s "
              "loop_dio=%d opts=%s\n",
              std::string(v.name).c_str(), env.fs.c_str(), (unsigned long long)env.block_size,
              (unsigned long long)env.dio_mem_align, (unsigned long long)env.dio_offset_align,
              env.misaligned_dio.c_str(), env.overlap_dwrite.c_str(), tb->loop_direct_io(),
              env.mount_options.c_str());
  EXPECT_EQ(env.fs, std::string(v.fs_type));
  EXPECT_EQ(env.variant, std::string(v.name));
  EXPECT_TRUE(env.can_remount);
  EXPECT_TRUE(MountedUnder(tb->work_dir()));
  EXPECT_EQ(v.loop, !tb->loop_path().empty());

  // Use: a buffered write, then an O_DIRECT write over part of it.
  const std::string file = tb->dir() + "/f";
  const size_t n = 1 << 20;
  std::vector<uint8_t> want = Bytes(n, 1);
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, want.data(), n, 0), static_cast<ssize_t>(n));
  ASSERT_EQ(::fsync(fd), 0);
  const size_t align = env.DirectAlign();
  void* dbuf = nullptr;
  ASSERT_EQ(::posix_memalign(&dbuf, 4096, 65536), 0);
  std::vector<uint8_t> d = Bytes(65536, 99);
  std::memcpy(dbuf, d.data(), d.size());
  int dfd = ::open(file.c_str(), O_RDWR | O_DIRECT);
  ASSERT_GE(dfd, 0) << std::strerror(errno);
  ASSERT_EQ(::pwrite(dfd, dbuf, 65536, static_cast<off_t>(align * 16)), 65536) << std::strerror(errno);
  std::memcpy(want.data() + align * 16, d.data(), d.size());
  std::free(dbuf);
  ::close(dfd);
  EXPECT_EQ(ReadAll(file, n), want);
  void* map = ::mmap(nullptr, n, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(map, MAP_FAILED);
  EXPECT_EQ(std::memcmp(map, want.data(), n), 0);
  ::munmap(map, n);
  ASSERT_EQ(::fsync(fd), 0);
  ::close(fd);

  // evict with drop_caches: the clean pages go, the data stays.
  EXPECT_TRUE(DropCaches().ok());
  EXPECT_EQ(ReadAll(file, n), want);

  // Remount: the data comes back from the disk (a cold cache).
  ASSERT_TRUE(tb->Remount().ok());
  EXPECT_TRUE(MountedUnder(tb->work_dir()));
  EXPECT_EQ(ReadAll(file, n), want);
  ASSERT_TRUE(tb->Remount().ok());  // twice: the loop device must survive each gap

  const std::string work = tb->work_dir();
  Status st = tb->Teardown();
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_FALSE(MountedUnder(work));
  EXPECT_TRUE(testing_util::WaitFor([&] { return !LoopsUnder(work); }));
  EXPECT_FALSE(Exists(work));
}

INSTANTIATE_TEST_SUITE_P(All, VariantTest, ::testing::ValuesIn(kVariants),
                         [](const ::testing::TestParamInfo<Variant>& p) {
                           std::string name(p.param.name);
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(Testbed, FailedSetupLeavesNothing) {
  // A mount option the kernel refuses: Create fails after mkfs (as f2fs does where it
  // formats but cannot mount) and undoes everything it did.
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root";
  Variant bad = *FindVariant("ext4");
  if (std::optional<std::string> why = SkipReason(bad)) GTEST_SKIP() << *why;
  bad.mount_options = "no_such_option_fsfuzz";
  testing_util::ScratchRoot root;
  TestbedOptions o;
  o.work_root = root.path();
  o.image_mib = 64;
  Result<std::unique_ptr<Testbed>> tb = Testbed::Create(bad, o);
  ASSERT_FALSE(tb.ok());
  EXPECT_EQ(tb.status().kind(), ErrorKind::kEnvironment) << tb.status().ToString();
  std::printf("[ mount err] %s\n", tb.status().message().c_str());
  EXPECT_FALSE(MountedUnder(root.path()));
  EXPECT_TRUE(testing_util::WaitFor([&] { return !LoopsUnder(root.path()); }));
}

TEST(Testbed, SkipReasonsAreOneLine) {
  for (const Variant& v : kVariants) {
    std::optional<std::string> why = SkipReason(v);
    if (!why) continue;
    std::printf("[ skip     ] %s\n", why->c_str());
    EXPECT_EQ(why->find('\n'), std::string::npos);
    EXPECT_EQ(why->rfind(std::string(v.name) + ": ", 0), 0u) << *why;
  }
}

TEST(Testbed, BcachefsIsNeverFaked) {
  // This kernel has no bcachefs: a skip reason, and Create refuses with it.
  const Variant& v = *FindVariant("bcachefs");
  if (KernelHasFilesystem("bcachefs")) GTEST_SKIP() << "this kernel has bcachefs";
  std::optional<std::string> why = SkipReason(v);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("/proc/filesystems"), std::string::npos) << *why;
  Result<std::unique_ptr<Testbed>> tb = Testbed::Create(v, {});
  ASSERT_FALSE(tb.ok());
  EXPECT_EQ(tb.status().kind(), ErrorKind::kEnvironment);
}

}  // namespace
}  // namespace fsfuzz
