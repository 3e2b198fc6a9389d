// Tests for reading a run's outcome from frames, console text and qemu's end.
#include "src/fsfuzz/vm/vm_outcome.h"

#include <gtest/gtest.h>

namespace fsfuzz::vm {
namespace {

QemuRun MakeRun(const std::string& console, QemuEnd end, bool started = true) {
  QemuRun r;
  r.console.Feed(console, 1.0);
  r.console.Finish(1.0);
  r.end = end;
  r.guest_started = started;
  return r;
}

VmResult Fresh() {
  VmResult r;
  r.disks = {{"bcachefs", "bcachefs", "", false, ""}, {"xfs", "xfs", "", false, ""}};
  r.commands.resize(2);
  return r;
}

const char* kBoot =
    "@@FSFUZZ-INIT {\"event\":\"start\",\"uptime\":4.0}@@\n"
    "@@FSFUZZ-INIT {\"event\":\"module\",\"path\":\"kernel/x.ko\",\"required\":false,\"ok\":false,\"error\":\"bad\"}@@\n"
    "@@FSFUZZ-INIT {\"event\":\"mount\",\"disk\":\"bcachefs\",\"ok\":true,\"uptime\":5.0}@@\n"
    "@@FSFUZZ-INIT {\"event\":\"mount\",\"disk\":\"xfs\",\"ok\":false,\"error\":\"mount: bad superblock\",\"uptime\":5.5}@@\n"
    "@@FSFUZZ-INIT {\"event\":\"cmd_start\",\"index\":0,\"uptime\":6.0}@@\n";

TEST(VmOutcome, Completed) {
  VmResult r = Fresh();
  InterpretRun(MakeRun(std::string(kBoot) +
                       "@@FSFUZZ {\"verdict\":\"ok\"}@@\n"
                       "@@FSFUZZ-INIT {\"event\":\"cmd_exit\",\"index\":0,\"status\":0,\"uptime\":7.5}@@\n"
                       "@@FSFUZZ-INIT {\"event\":\"cmd_start\",\"index\":1,\"uptime\":7.6}@@\n"
                       "@@FSFUZZ-INIT {\"event\":\"cmd_exit\",\"index\":1,\"status\":1,\"uptime\":8.0}@@\n"
                       "@@FSFUZZ-INIT {\"event\":\"done\",\"uptime\":8.5}@@\n",
                   QemuEnd::kExited),
               &r);
  EXPECT_EQ(r.outcome, VmOutcome::kCompleted);
  EXPECT_TRUE(r.disks[0].mounted);
  EXPECT_FALSE(r.disks[1].mounted);
  EXPECT_EQ(r.disks[1].error, "mount: bad superblock");
  EXPECT_EQ(r.commands[0].exit_status, 0);
  EXPECT_DOUBLE_EQ(r.commands[0].seconds, 1.5);
  EXPECT_EQ(r.commands[1].exit_status, 1);
  EXPECT_DOUBLE_EQ(r.kernel_boot_s, 4.0);
  EXPECT_DOUBLE_EQ(r.init_to_payload_s, 2.0);
  EXPECT_DOUBLE_EQ(r.host_to_payload_s, 1.0);
  EXPECT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.frames.size(), 10u);
}

TEST(VmOutcome, GuestHang) {
  VmResult r = Fresh();
  InterpretRun(MakeRun(std::string(kBoot) +
                       "@@FSFUZZ-INIT {\"event\":\"hang\",\"index\":0,\"uptime\":66}@@\n"
                       "[  66.1] sysrq: Show State\n"
                       "@@FSFUZZ-INIT {\"event\":\"hang_dumped\",\"index\":0,\"uptime\":67}@@\n",
                   QemuEnd::kKilledHang),
               &r);
  EXPECT_EQ(r.outcome, VmOutcome::kGuestHang);
  EXPECT_TRUE(r.commands[0].hung);
  EXPECT_FALSE(r.commands[0].finished);
  EXPECT_EQ(r.qemu_end, "killed-after-hang");
  EXPECT_EQ(r.task_dump, "[  66.1] sysrq: Show State\n");
  EXPECT_EQ(r.detail, "command 0 outlived its deadline; task stacks are on the console");
}

TEST(VmOutcome, MountHang) {
  VmResult r = Fresh();
  InterpretRun(MakeRun("@@FSFUZZ-INIT {\"event\":\"start\",\"uptime\":4.0}@@\n"
                       "@@FSFUZZ-INIT {\"event\":\"hang\",\"mount\":\"xfs\",\"after\":120}@@\n",
                       QemuEnd::kKilledTimeout),
               &r);
  EXPECT_EQ(r.outcome, VmOutcome::kGuestHang);
  EXPECT_EQ(r.disks[1].error, "mount hung");
  EXPECT_FALSE(r.commands[0].hung);
  EXPECT_EQ(r.detail, "mounting xfs outlived its deadline; task stacks are on the console");
}

TEST(VmOutcome, PanicAndWedgedAndNeverBooted) {
  VmResult r = Fresh();
  InterpretRun(MakeRun(std::string(kBoot) + "[ 9.1] Kernel panic - not syncing: Fatal exception\n", QemuEnd::kExited), &r);
  EXPECT_EQ(r.outcome, VmOutcome::kKernelCrash);
  EXPECT_EQ(r.detail, "[ 9.1] Kernel panic - not syncing: Fatal exception");

  r = Fresh();
  InterpretRun(MakeRun(kBoot, QemuEnd::kKilledTimeout), &r);
  EXPECT_EQ(r.outcome, VmOutcome::kHostTimeout);

  r = Fresh();
  InterpretRun(MakeRun(kBoot, QemuEnd::kExited), &r);
  EXPECT_EQ(r.outcome, VmOutcome::kGuestDied);

  r = Fresh();
  InterpretRun(MakeRun("[ 0.1] early junk\n", QemuEnd::kKilledTimeout, false), &r);
  EXPECT_EQ(r.outcome, VmOutcome::kBootFailed);
  EXPECT_STREQ(VmOutcomeName(r.outcome), "boot-failed");
}

}  // namespace
}  // namespace fsfuzz::vm
