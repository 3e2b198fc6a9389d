// Tests for trace-event counting (root), and the DIO-collision evidence on each
// filesystem: an O_DIRECT write racing stores through a mapping of the same range.
#include "src/fsfuzz/testbed/tracefs.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/cleanup.h"
#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/kmsg.h"
#include "src/fsfuzz/testbed/test_util.h"
#include "src/fsfuzz/testbed/testbed.h"

namespace fsfuzz {
namespace {

constexpr char kInvalidateFail[] = "iomap:iomap_dio_invalidate_fail";

TEST(TraceFs, OpensPrivateInstanceAndRemovesIt) {
  testing_util::ScratchRoot root;
  const std::string before = FindTracefs();
  Result<std::unique_ptr<TraceEvents>> t =
      TraceEvents::Open({kInvalidateFail, "nosuch:event"}, root.path());
  if (!t.ok()) GTEST_SKIP() << t.status().message();
  // Either the shared mount, or a private one in a work dir under our root.
  EXPECT_TRUE(!before.empty() || testing_util::MountedUnder(root.path()));
  const std::string instance = (*t)->instance_dir();
  EXPECT_NE(instance.find("/instances/fsfuzz-" + std::to_string(::getpid())), std::string::npos);
  EXPECT_TRUE(testing_util::Exists(instance));
  ASSERT_EQ((*t)->missing().size() + ((*t)->Has(kInvalidateFail) ? 1 : 0), 2u);
  EXPECT_FALSE((*t)->Has("nosuch:event"));
  EXPECT_EQ((*t)->Count(kInvalidateFail), 0u);
  t->reset();
  EXPECT_FALSE(testing_util::Exists(instance));
  EXPECT_FALSE(testing_util::MountedUnder(root.path()));
  EXPECT_EQ(FindTracefs(), before);  // a shared mount is left as it was
}

TEST(TraceFs, CleanupRemovesInstanceOfKilledRun) {
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root";
  testing_util::ScratchRoot root;
  Result<std::unique_ptr<TraceEvents>> t = TraceEvents::Open({kInvalidateFail}, root.path());
  if (!t.ok()) GTEST_SKIP() << t.status().message();
  // A child makes an instance in the same tracefs and dies by SIGKILL.
  const std::string instances = (*t)->instance_dir().substr(0, (*t)->instance_dir().rfind('/'));
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string mine = instances + "/fsfuzz-" + std::to_string(::getpid());
    ::_exit(::mkdir(mine.c_str(), 0700) == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::string stale = instances + "/fsfuzz-" + std::to_string(pid);
  ASSERT_TRUE(testing_util::Exists(stale));
  CleanupReport r = CleanupStale(root.path());
  // Every tracefs mount shows the same instances, and cleanup may list it through another
  // run's private mount (a CI run beside this one had one): match the instance, not the path.
  const std::string name = "/instances/fsfuzz-" + std::to_string(pid) + "\n";
  EXPECT_NE(r.ToString().find(name), std::string::npos) << r.ToString();
  EXPECT_FALSE(testing_util::Exists(stale));
  EXPECT_TRUE(testing_util::Exists((*t)->instance_dir()));  // ours: alive, kept
}

// The race of the dio-collision class: one thread O_DIRECT-writes a range while another
// stores into the same range through a shared mapping. Returns what was seen.
struct RaceResult {
  uint64_t events = 0;
  int fsync_errno = 0;
  int dio_errors = 0;
  int dio_errno = 0;
  std::vector<std::string> kernel_titles;
};

RaceResult Race(const std::string& dir, TraceEvents* trace, KmsgWatcher* kmsg, int iterations) {
  RaceResult r;
  const size_t len = 64 * 1024;
  const std::string path = dir + "/race";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
  int dfd = ::open(path.c_str(), O_RDWR | O_DIRECT);
  if (fd < 0 || dfd < 0 || ::ftruncate(fd, len) != 0) return r;
  uint8_t* map = static_cast<uint8_t*>(::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  void* buf = nullptr;
  if (map == MAP_FAILED || ::posix_memalign(&buf, 4096, len) != 0) return r;
  std::memset(buf, 0xab, len);
  std::memset(map, 0x11, len);
  ::fsync(fd);
  if (trace) trace->Drain();
  std::atomic<bool> stop{false};
  std::thread storer([&] {
    uint8_t v = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      for (size_t off = 0; off < len; off += 4096) {
        ++v;
        map[off + (v & 127)] = v;
      }
    }
  });
  for (int i = 0; i < iterations; ++i) {
    if (::pwrite(dfd, buf, len, 0) < 0) {
      ++r.dio_errors;
      r.dio_errno = errno;
    }
  }
  stop = true;
  storer.join();
  ::munmap(map, len);
  r.fsync_errno = ::fsync(fd) == 0 ? 0 : errno;
  if (trace) r.events = trace->Drain().counts[kInvalidateFail];
  if (kmsg) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const KernelReport& k : kmsg->DrainAll()) r.kernel_titles.push_back(k.title);
  }
  ::fsync(fd);  // the error is reported once per open file; drain it either way
  ::close(dfd);
  ::close(fd);
  std::free(buf);
  ::unlink(path.c_str());
  return r;
}

class DioRace : public ::testing::TestWithParam<const char*> {};

TEST_P(DioRace, CountsInvalidationFailures) {
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root";
  const Variant& v = *FindVariant(GetParam());
  if (std::optional<std::string> why = SkipReason(v)) GTEST_SKIP() << *why;
  testing_util::ScratchRoot root;
  TestbedOptions o;
  o.work_root = root.path();
  o.probe = false;
  Result<std::unique_ptr<Testbed>> tb = Testbed::Create(v, o);
  ASSERT_TRUE(tb.ok()) << tb.status().ToString();
  Result<std::unique_ptr<TraceEvents>> trace = TraceEvents::Open({kInvalidateFail}, root.path());
  ASSERT_TRUE(trace.ok()) << trace.status().ToString();
  Result<std::unique_ptr<KmsgWatcher>> kmsg = KmsgWatcher::Start();
  RaceResult r = Race((*tb)->dir(), trace->get(), kmsg.ok() ? kmsg->get() : nullptr, 400);
  std::string titles;
  for (const std::string& t : r.kernel_titles) titles += " [" + t + "]";
  std::printf("[ dio race ] %-8s event=%s count=%llu fsync=%s dio_errors=%d%s%s kmsg:%s\n",
              GetParam(), (*trace)->Has(kInvalidateFail) ? "yes" : "missing",
              static_cast<unsigned long long>(r.events),
              r.fsync_errno ? std::strerror(r.fsync_errno) : "ok", r.dio_errors,
              r.dio_errors ? " last errno=" : "", r.dio_errors ? std::strerror(r.dio_errno) : "",
              titles.empty() ? " none" : titles.c_str());
  EXPECT_TRUE((*trace)->Has(kInvalidateFail));
  EXPECT_TRUE(r.fsync_errno == 0 || r.fsync_errno == EIO) << std::strerror(r.fsync_errno);
  // ext4 and xfs (iomap DIO with page-cache invalidation around the I/O) show the
  // collision: the trace event for failed invalidations before the write, and EIO from
  // the next fsync for failures after it. btrfs and tmpfs are only reported.
  if (v.fs_type == "ext4" || v.fs_type == "xfs") {
    EXPECT_TRUE(r.events > 0 || r.fsync_errno == EIO) << "no collision evidence on " << v.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Filesystems, DioRace,
                         ::testing::Values("ext4", "ext4-dioread_nolock", "xfs", "btrfs", "tmpfs"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           std::string n = p.param;
                           for (char& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace fsfuzz
