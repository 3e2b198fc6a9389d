// Tests for the kernel-log watcher: records through a pipe (the /dev/kmsg format), reports
// held back until they end, and a live read of /dev/kmsg where it is readable.
#include "src/fsfuzz/testbed/kmsg.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz {
namespace {

void Write(int fd, const std::string& s) { ASSERT_EQ(::write(fd, s.data(), s.size()), static_cast<ssize_t>(s.size())); }

struct PipeWatcher {
  int wfd = -1;
  std::unique_ptr<KmsgWatcher> w;
  PipeWatcher() {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return;
    wfd = p[1];
    Result<std::unique_ptr<KmsgWatcher>> r = KmsgWatcher::StartFromFd(p[0]);
    if (r.ok()) w = std::move(*r);
  }
  ~PipeWatcher() {
    w.reset();
    if (wfd >= 0) ::close(wfd);
  }
  bool WaitLines(uint64_t n) {
    return testing_util::WaitFor([&] { return w->lines_read() >= n; });
  }
};

TEST(Kmsg, TurnsRecordsIntoReports) {
  PipeWatcher p;
  ASSERT_TRUE(p.w);
  Write(p.wfd,
        "6,100,1000000,-;loop3: detected capacity change from 0 to 1048576\n"
        " SUBSYSTEM=block\n"
        "4,101,2000000,-;WARNING: CPU: 0 PID: 9 at fs/iomap/direct-io.c:1 iomap_dio_rw+0x1/0x2\n"
        "4,102,2000010,-;Call Trace:\n"
        "4,103,2000020,-; <TASK>\n"
        "4,104,2000030,-; ext4_dio_write_iter+0x1e2/0x560\n"
        "4,105,2000040,-; </TASK>\n"
        "4,106,2000050,-;---[ end trace 0000000000000000 ]---\n");
  ASSERT_TRUE(p.WaitLines(7));
  std::vector<KernelReport> r = p.w->Drain();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].title, "WARNING in iomap_dio_rw");
  EXPECT_EQ(r[0].ts_us, 2000000u);
  EXPECT_EQ(r[0].lines.size(), 6u);
  EXPECT_TRUE(p.w->Drain().empty());  // drained once
}

TEST(Kmsg, HoldsBackAReportStillBeingPrinted) {
  PipeWatcher p;
  ASSERT_TRUE(p.w);
  Write(p.wfd,
        "3,200,5000000,-;INFO: task fsfuzz:4410 blocked for more than 122 seconds.\n"
        "6,201,5000010,-;Call Trace:\n"
        "6,202,5000020,-; <TASK>\n"
        "6,203,5000030,-; __schedule+0x3f0/0xb40\n");
  ASSERT_TRUE(p.WaitLines(4));
  EXPECT_TRUE(p.w->Drain(std::chrono::seconds(30)).empty());
  Write(p.wfd,
        "6,204,5000040,-; iomap_dio_rw+0x12/0x40\n"
        "6,205,5000050,-; </TASK>\n");
  ASSERT_TRUE(p.WaitLines(6));
  std::vector<KernelReport> r = p.w->Drain(std::chrono::seconds(30));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].title, "INFO: task hung in iomap_dio_rw");
  EXPECT_TRUE(r[0].complete);
}

TEST(Kmsg, DrainAllFlushesOpenReports) {
  PipeWatcher p;
  ASSERT_TRUE(p.w);
  Write(p.wfd, "2,300,7000000,-;Page cache invalidation failure on direct I/O.  Possible data "
               "corruption due to collision with buffered I/O!\n");
  ASSERT_TRUE(p.WaitLines(1));
  EXPECT_TRUE(p.w->Drain(std::chrono::seconds(30)).empty());  // its "File:" line may follow
  std::vector<KernelReport> r = p.w->DrainAll();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].cls, FindingClass::kDioCollision);
}

TEST(Kmsg, ReadsTheRealLog) {
  Result<std::unique_ptr<KmsgWatcher>> w = KmsgWatcher::Start();
  if (!w.ok()) GTEST_SKIP() << w.status().message();
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root: cannot write a test record to /dev/kmsg";
  int fd = ::open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0) << std::strerror(errno);
  // A harmless line (no pattern matches it): only proves live reading works.
  Write(fd, "<6>fsfuzz testbed self-test: kmsg watcher\n");
  ::close(fd);
  EXPECT_TRUE(testing_util::WaitFor([&] { return (*w)->lines_read() > 0; }));
}

TEST(Kmsg, TailReadsRecordsSinceOpen) {
  if (!testing_util::IsRoot()) GTEST_SKIP() << "not root";
  KmsgTail tail;
  int fd = ::open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  Write(fd, "<6>fsfuzz testbed self-test: kmsg tail\n");
  ::close(fd);
  bool seen = false;
  for (const std::string& l : tail.ReadNew()) seen |= l == "fsfuzz testbed self-test: kmsg tail";
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace fsfuzz
