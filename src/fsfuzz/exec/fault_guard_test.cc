// SIGBUS-tolerant copies on a real file mapping: exact page-granular counts past EOF.
#include "src/fsfuzz/exec/fault_guard.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/exec_test_util.h"

namespace fsfuzz {
namespace {

using testing::P;
using testing::Pat;
using testing::TempDir;

// A file of one page plus 100 bytes, mapped over three pages: page 0 is data, page 1 is
// the EOF page (100 bytes of data, then zeros), page 2 is wholly past EOF.
// In /tmp, or a memfd (for death tests: the child exits without running destructors,
// and a memfd leaves nothing behind).
class MappedFile {
 public:
  explicit MappedFile(bool memfd = false) {
    if (memfd) {
      fd_ = memfd_create("fsfuzz-fault-guard-test", MFD_CLOEXEC);
    } else {
      dir_ = std::make_unique<TempDir>();
      fd_ = open((dir_->path() + "/f").c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    }
    std::vector<uint8_t> data = Pat(3, 1, 0, P + 100);
    if (fd_ >= 0 && pwrite(fd_, data.data(), data.size(), 0) == static_cast<ssize_t>(data.size())) {
      void* a = mmap(nullptr, 3 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
      if (a != MAP_FAILED) map_ = static_cast<uint8_t*>(a);
    }
  }
  ~MappedFile() {
    if (map_) munmap(map_, 3 * P);
    if (fd_ >= 0) close(fd_);
  }
  uint8_t* map() const { return map_; }
  int fd() const { return fd_; }

 private:
  std::unique_ptr<TempDir> dir_;
  int fd_ = -1;
  uint8_t* map_ = nullptr;
};

TEST(FaultGuard, CopyStopsAtTheFirstPageWhollyPastEof) {
  MappedFile f;
  ASSERT_NE(f.map(), nullptr);
  std::vector<uint8_t> out(3 * P, 0xee);
  bool sigbus = false;
  EXPECT_EQ(GuardedCopy(out.data(), f.map(), 3 * P, &sigbus), 2 * P);
  EXPECT_TRUE(sigbus);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + P + 100), Pat(3, 1, 0, P + 100));
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + P + 100, out.begin() + 2 * P), testing::Zeros(P - 100));
  // Nothing of the faulting page was stored.
  EXPECT_EQ(out[2 * P], 0xee);
}

TEST(FaultGuard, CountsAreExactForUnalignedStarts) {
  MappedFile f;
  ASSERT_NE(f.map(), nullptr);
  std::vector<uint8_t> out(3 * P + 64);
  bool sigbus = false;
  // Source misaligned: stops at the source's page boundary.
  EXPECT_EQ(GuardedCopy(out.data() + 7, f.map() + 100, 3 * P - 100, &sigbus), 2 * P - 100);
  EXPECT_TRUE(sigbus);
  // Starting inside the bad page: nothing done.
  EXPECT_EQ(GuardedCopy(out.data(), f.map() + 2 * P + 5, 10, &sigbus), 0u);
  EXPECT_TRUE(sigbus);
  // Entirely below EOF: no fault.
  EXPECT_EQ(GuardedCopy(out.data() + 3, f.map() + 10, 2 * P - 10, &sigbus), 2 * P - 10);
  EXPECT_FALSE(sigbus);
}

TEST(FaultGuard, EqualComparesInPlaceAndSaysNoAtAFault) {
  MappedFile f;
  ASSERT_NE(f.map(), nullptr);
  std::vector<uint8_t> want = Pat(3, 1, 0, P + 100);
  want.resize(2 * P, 0);  // the EOF page's tail reads zero
  EXPECT_TRUE(GuardedEqual(f.map(), want.data(), 2 * P));
  EXPECT_TRUE(GuardedEqual(f.map() + 7, want.data() + 7, P));
  want[P + 99] ^= 1;
  EXPECT_FALSE(GuardedEqual(f.map(), want.data(), 2 * P));
  // Into the page wholly past EOF: a SIGBUS, answered as "not equal", not a crash.
  std::vector<uint8_t> more(3 * P, 0);
  EXPECT_FALSE(GuardedEqual(f.map() + 2 * P - 10, more.data(), 20));
  // And the guard is ready for the next copy.
  bool sigbus = false;
  std::vector<uint8_t> out(P);
  EXPECT_EQ(GuardedCopy(out.data(), f.map(), P, &sigbus), P);
  EXPECT_FALSE(sigbus);
}

TEST(FaultGuard, StorePatternStopsAtEofAndStoresThePattern) {
  MappedFile f;
  ASSERT_NE(f.map(), nullptr);
  bool sigbus = false;
  EXPECT_EQ(GuardedStorePattern(f.map() + 10, 3, 9, 10, 3 * P - 10, &sigbus), 2 * P - 10);
  EXPECT_TRUE(sigbus);
  std::vector<uint8_t> back(P + 100);
  ASSERT_EQ(pread(f.fd(), back.data(), back.size(), 0), static_cast<ssize_t>(back.size()));
  EXPECT_EQ(std::vector<uint8_t>(back.begin() + 10, back.end()), Pat(3, 9, 10, P + 90));
  // Without a fault the whole range is stored.
  EXPECT_EQ(GuardedStorePattern(f.map(), 3, 11, 0, 100, &sigbus), 100u);
  EXPECT_FALSE(sigbus);
}

TEST(FaultGuard, ThreadsFaultIndependently) {
  MappedFile f;
  ASSERT_NE(f.map(), nullptr);
  std::vector<std::thread> ts;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&] {
      std::vector<uint8_t> out(3 * P);
      for (int i = 0; i < 200; ++i) {
        bool sigbus = false;
        if (GuardedCopy(out.data(), f.map(), 3 * P, &sigbus) == 2 * P && sigbus) ++good;
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(good.load(), 800);
}

TEST(FaultGuard, ReinstallsAfterReplacement) {
  InstallSigbusHandler();
  EXPECT_TRUE(SigbusHandlerInstalled());
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  ASSERT_EQ(sigaction(SIGBUS, &dfl, nullptr), 0);
  EXPECT_FALSE(SigbusHandlerInstalled());
  InstallSigbusHandler();
  EXPECT_TRUE(SigbusHandlerInstalled());
  MappedFile f;
  ASSERT_NE(f.map(), nullptr);
  uint8_t b;
  bool sigbus = false;
  EXPECT_EQ(GuardedCopy(&b, f.map() + 2 * P, 1, &sigbus), 0u);
  EXPECT_TRUE(sigbus);
}

TEST(FaultGuardDeathTest, UnguardedFaultStillKills) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        InstallSigbusHandler();
        MappedFile f(/*memfd=*/true);
        volatile uint8_t* p = f.map() + 2 * P;
        (void)*p;
        _exit(0);
      },
      ::testing::KilledBySignal(SIGBUS), "");
}

TEST(FaultGuardDeathTest, SentSigbusStillKills) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        InstallSigbusHandler();
        kill(getpid(), SIGBUS);
        _exit(0);
      },
      ::testing::KilledBySignal(SIGBUS), "");
}

}  // namespace
}  // namespace fsfuzz
