#include "src/fsfuzz/exec/page_table_probe.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

const size_t kPage = static_cast<size_t>(::sysconf(_SC_PAGESIZE));

struct Anon {
  Anon(size_t pages) : len(pages * kPage) {
    addr = static_cast<uint8_t*>(::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  }
  ~Anon() {
    if (addr != MAP_FAILED) ::munmap(addr, len);
  }
  uint8_t* addr;
  size_t len;
};

TEST(PageTableProbe, SaysWhichPagesArePresent) {
  Anon m(4);
  ASSERT_NE(m.addr, MAP_FAILED);
  m.addr[kPage] = 1;      // page 1 written: present
  m.addr[3 * kPage] = 2;  // page 3 too
  PageTableProbe probe;
  std::vector<bool> present;
  ASSERT_TRUE(probe.Present(m.addr, m.len, present));
  EXPECT_EQ(present, (std::vector<bool>{false, true, false, true}));
  // A range that starts and ends inside pages: one flag per page it touches.
  ASSERT_TRUE(probe.Present(m.addr + kPage + 10, kPage, present));
  EXPECT_EQ(present, (std::vector<bool>{true, false}));
  ASSERT_EQ(::madvise(m.addr, m.len, MADV_DONTNEED), 0);  // zaps the PTEs
  ASSERT_TRUE(probe.Present(m.addr, m.len, present));
  EXPECT_EQ(present, (std::vector<bool>(4, false)));
}

// A forked lane asks about its own page tables, not those of the process that opened
// /proc/self/pagemap first.
TEST(PageTableProbe, AForkedChildSeesItsOwnPageTables) {
  Anon m(2);
  ASSERT_NE(m.addr, MAP_FAILED);
  PageTableProbe probe;
  std::vector<bool> present;
  ASSERT_TRUE(probe.Present(m.addr, m.len, present));  // opened in the parent
  ASSERT_EQ(present, (std::vector<bool>{false, false}));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    m.addr[kPage] = 1;  // only in the child's page tables
    std::vector<bool> mine;
    if (!probe.Present(m.addr, m.len, mine)) _exit(2);
    _exit(mine == std::vector<bool>{false, true} ? 0 : 3);
  }
  int st = 0;
  ASSERT_EQ(::waitpid(pid, &st, 0), pid);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 0);
  ASSERT_TRUE(probe.Present(m.addr, m.len, present));
  EXPECT_EQ(present, (std::vector<bool>{false, false}));
}

}  // namespace
}  // namespace fsfuzz
