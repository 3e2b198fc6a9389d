// `fsfuzz run --vm`: the seed corpus on real bcachefs (and ext4, xfs, btrfs) under
// Debian's 6.12 kernel in qemu; a simulated hang in the guest; a guest kernel crash.
// Root and qemu needed; the kernel is downloaded once into the cache.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "cli/cli_test_util.h"
#include "reports/summary.h"
#include "src/fsfuzz/base/exit_codes.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/vm/vm.h"

namespace fsfuzz {
namespace {

using testing::RunFsfuzz;
using testing::ScratchDir;

void SkipUnlessVm() {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (loop-free, but mkfs and the kernel cache want it)";
  Status s = vm::VmAvailable("debian-6.12");
  if (!s.ok()) GTEST_SKIP() << "no VM here: " << s.message();
}

std::vector<FindingRecord> Findings(const std::string& dir) {
  std::vector<FindingRecord> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.find("finding-") == std::string::npos || e.path().extension() != ".json") continue;
    auto r = ReadFindingFile(e.path().string());
    EXPECT_TRUE(r.ok()) << n;
    if (r.ok()) out.push_back(*r);
  }
  return out;
}

TEST(RunInVm, SeedCorpusOnBcachefsAndTheOthers) {
  SkipUnlessVm();
  ScratchDir out;
  auto r = RunFsfuzz("run " + std::string(FSFUZZ_SOURCE_DIR) + "/corpus/*.fsp --vm debian-6.12 "
                     "--fs bcachefs,ext4,xfs,btrfs --out " + out.path);
  // Only known findings (bcachefs's, the ext4/xfs DIO collision) are allowed here.
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("bcachefs (6.12."), std::string::npos) << r.out;
  for (const char* fs : {"ext4 (6.12.", "xfs (6.12.", "btrfs (6.12."}) EXPECT_NE(r.out.find(fs), std::string::npos) << fs;
  EXPECT_NE(r.out.find("seed-dio-from-own-mapping.fsp"), std::string::npos);
  EXPECT_EQ(r.out.find("skipped"), std::string::npos) << r.out;  // every disk mounted
  EXPECT_TRUE(testing::NoQemuLeft());
}

TEST(VmCommand, RunsAnyFsfuzzCommandPerFilesystemInTheGuest) {
  SkipUnlessVm();
  ScratchDir out;
  auto r = RunFsfuzz("vm debian-6.12 --fs bcachefs,btrfs --timeout 120 --out " + out.path +
                     " -- stress --dir {DIR} --ops 300 --out {OUT}");
  // bcachefs on 6.12 has known findings only; btrfs none: exit 0 either way.
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("(6.12."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bcachefs: fsfuzz stress --dir {DIR} --ops 300 --out {OUT} -> exit 0"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("btrfs: fsfuzz stress"), std::string::npos) << r.out;
  // Each filesystem's stress.json came back from the guest.
  size_t summaries = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(out.path)) {
    summaries += e.path().filename() == "stress.json";
  }
  EXPECT_EQ(summaries, 2u);
  EXPECT_TRUE(testing::NoQemuLeft());
}

TEST(VmCommand, ExecRunsACReproducerPerFilesystem) {
  SkipUnlessVm();
  // A known finding's C program: 1 on bcachefs 6.12 (ftruncate returns 1), 0 on ext4.
  ScratchDir out;
  const std::string bin = out.path + "/truncate-returns-1";
  const std::string cc = "cc -std=c11 -O2 -Wall -Werror -o " + bin + " " + std::string(FSFUZZ_SOURCE_DIR) +
                         "/docs/known-findings/bcachefs-truncate-returns-1.c";
  ASSERT_EQ(std::system(cc.c_str()), 0) << cc;
  auto r = RunFsfuzz("vm debian-6.12 --fs bcachefs,ext4 --timeout 120 --out " + out.path + "/vm --exec " + bin +
                     " -- {DIR} 5");
  EXPECT_EQ(r.code, kExitFinding) << r.out;
  EXPECT_NE(r.out.find("bcachefs: " + bin + " {DIR} 5 -> exit 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ext4: " + bin + " {DIR} 5 -> exit 0"), std::string::npos) << r.out;
  EXPECT_TRUE(testing::NoQemuLeft());
}

TEST(RunInVm, SimulatedHangInTheGuestIsAHangFindingWithStacks) {
  SkipUnlessVm();
  ScratchDir out;
  const std::string prog = out.path + "/hang.fsp";
  FILE* f = fopen(prog.c_str(), "w");
  fputs("file size=64K seed=3\nmmap m0 off=0 len=64K shared\ndwrite off=0 len=4K buf=m0+8K\n", f);
  fclose(f);
  auto r = RunFsfuzz("run " + prog + " --vm debian-6.12 --fs ext4 --backend sim --bug dio-map-hang --deadline 2000 "
                     "--vm-timeout 120 --out " + out.path);
  EXPECT_NE(r.code, 0) << r.out;
  bool hang = false;
  for (const FindingRecord& fr : Findings(out.path)) {
    if (fr.finding.cls != FindingClass::kHang) continue;
    hang = true;
    const std::string stacks = fr.finding.evidence.value("stacks", "");
    EXPECT_NE(stacks.find("wchan"), std::string::npos) << stacks;  // every guest thread, with its wchan
  }
  EXPECT_TRUE(hang) << r.out;
  EXPECT_TRUE(testing::NoQemuLeft());
}

TEST(RunInVm, GuestKernelCrashIsAKernelBugFinding) {
  SkipUnlessVm();
  ScratchDir out;
  auto r = RunFsfuzz("run " + std::string(FSFUZZ_SOURCE_DIR) + "/corpus/mmap-eof-sigbus.fsp --vm debian-6.12 "
                     "--fs ext4 --vm-crash-test panic --out " + out.path);
  EXPECT_EQ(r.code, 1) << r.out;
  bool bug = false;
  for (const FindingRecord& fr : Findings(out.path)) {
    if (fr.finding.cls == FindingClass::kKernelBug) {
      bug = true;
      EXPECT_EQ(fr.finding.title, "kernel panic: sysrq triggered crash");
    }
  }
  EXPECT_TRUE(bug) << r.out;
  EXPECT_TRUE(testing::NoQemuLeft());
}

TEST(CompareInVm, BcachefsRowComesFromTheVmBesideTheHostRows) {
  SkipUnlessVm();
  if (KernelHasFilesystem("bcachefs")) GTEST_SKIP() << "this kernel has bcachefs: compare runs it on the host";
  ScratchDir out;
  auto r = RunFsfuzz("compare --fs tmpfs,bcachefs --duration 8s --out " + out.path);
  EXPECT_TRUE(r.code == 0 || r.code == 1 || r.code == 4) << r.out;
  auto s = reports::ReadSummaryFile(out.path + "/summary.json");
  ASSERT_TRUE(s.ok()) << s.status().message() << "\n" << r.out;
  ASSERT_EQ(s->filesystems.size(), 2u) << r.out;
  const reports::FsResult& tmpfs = s->filesystems[0];
  const reports::FsResult& bch = s->filesystems[1];
  EXPECT_EQ(tmpfs.runner, "host");
  EXPECT_EQ(bch.name, "bcachefs");
  EXPECT_EQ(bch.runner, "vm:debian-6.12");
  EXPECT_EQ(reports::KernelOf(*s, bch).rfind("6.12.", 0), 0u) << reports::KernelOf(*s, bch);
  // It ran there: figures, or (bcachefs 6.12 deadlocks: a known finding) failed at a hang.
  EXPECT_NE(bch.status, reports::FsStatus::kSkipped) << bch.skip_reason;
  EXPECT_GT(bch.programs, 0u) << r.out;
  EXPECT_TRUE(std::filesystem::exists(out.path + "/report.html"));
  EXPECT_TRUE(testing::NoQemuLeft());
}

}  // namespace
}  // namespace fsfuzz
