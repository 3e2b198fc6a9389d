// Boot tests: real kernels under qemu (TCG unless KVM works), real filesystems, the static
// probe payload; the crash hook, a guest hang and a host deadline. Skipped with a reason
// when qemu, busybox-static, e2fsprogs or the kernel (network) are missing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/vm.h"

namespace fsfuzz::vm {
namespace {

constexpr const char* kKernel = "debian-6.12";

// No child process is left (qemu included).
bool NoChildren() {
  errno = 0;
  return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

// The console's last lines, for failure messages.
std::string Tail(const std::string& console, int lines = 60) {
  size_t pos = console.size();
  for (int i = 0; i <= lines && pos != std::string::npos && pos > 0; ++i) pos = console.rfind('\n', pos - 1);
  return "--- console tail ---\n" + console.substr(pos == std::string::npos ? 0 : pos + 1);
}

// The probe reported success on fs.
bool ProbeOk(const VmResult& r, const std::string& fs) {
  for (const auto& f : r.frames)
    if (f.source == GuestFrame::Source::kPayload && f.valid && f.data.is_object() &&
        f.data.value("fs", std::string()) == fs && f.data.value("probe", std::string()) == "ok")
      return true;
  return false;
}

class VmBootTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { available_ = VmAvailable(kKernel); }
  void SetUp() override {
    if (!available_.ok()) GTEST_SKIP() << "no VM: " << available_.ToString();
    auto d = ScopedTempDir::Create("fsfuzz-vm-boot-test.");
    ASSERT_TRUE(d.ok());
    dir_ = std::make_unique<ScopedTempDir>(std::move(d.value()));
  }
  void TearDown() override {
    if (!dir_) return;
    // The runner's private work dir is gone and so is qemu.
    for (const auto& e : std::filesystem::directory_iterator(dir_->path()))
      EXPECT_NE(e.path().filename().string().rfind("fsfuzz-vm.", 0), 0u) << e.path() << " left behind";
    EXPECT_TRUE(NoChildren());
  }
  VmSpec Spec() const {
    VmSpec s;
    s.kernel = kKernel;
    s.accel = Accel::kTcg;
    s.work_parent = dir_->path();
    s.results_dir = dir_->path() + "/results";
    return s;
  }
  static Status available_;
  std::unique_ptr<ScopedTempDir> dir_;
};
Status VmBootTest::available_;

TEST_F(VmBootTest, ProbeOnBcachefsExt4XfsBtrfs) {
  VmSpec s = Spec();
  for (const char* fs : {"bcachefs", "ext4", "xfs", "btrfs"}) {
    s.disks.push_back(DiskFor(fs));
    s.commands.push_back({{"fsfuzz_vm_probe", std::string("/mnt/") + fs, std::string("/results/probe-") + fs + ".json"}, 120});
  }
  s.commands.push_back({{"sh", "-c", "cat /proc/mounts > /results/mounts && sync /results/mounts"}, 30});
  s.payload = FSFUZZ_VM_PROBE;
  auto r = RunInVm(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, VmOutcome::kCompleted) << r->detail << "\n" << Tail(r->console);
  EXPECT_EQ(r->results_error, "");
  for (const auto& d : r->disks) EXPECT_TRUE(d.mounted) << d.name << ": " << d.error;
  for (size_t i = 0; i < r->commands.size(); ++i) EXPECT_EQ(r->commands[i].exit_status, 0) << "command " << i;
  for (const char* fs : {"bcachefs", "ext4", "xfs", "btrfs"}) {
    EXPECT_TRUE(ProbeOk(*r, fs)) << fs;
    auto json = ReadFile(s.results_dir + "/guest/probe-" + fs + ".json");
    ASSERT_TRUE(json.ok()) << json.status().ToString();
    EXPECT_NE(json->find("\"probe\":\"ok\""), std::string::npos) << *json;
    EXPECT_NE(json->find(std::string("\"fs\":\"") + fs + "\""), std::string::npos) << *json;
  }
  auto mounts = ReadFile(s.results_dir + "/guest/mounts");
  ASSERT_TRUE(mounts.ok());
  EXPECT_NE(mounts->find("/mnt/bcachefs bcachefs"), std::string::npos) << *mounts;
  EXPECT_TRUE(PathExists(s.results_dir + "/console.log"));
  EXPECT_EQ(r->kernel.version.rfind("6.12.", 0), 0u);
  std::printf("[   INFO   ] kernel %s, accel %s: kernel start -> /init %.2fs (guest clock); qemu spawn -> "
              "/init %.2fs, -> first command %.2fs (host clock; modules + 4 mounts between); whole run %.2fs\n",
              r->kernel.version.c_str(), r->accel.c_str(), r->kernel_boot_s, r->host_to_init_s,
              r->host_to_payload_s, r->wall_s);
  RecordProperty("host_to_init_s", std::to_string(r->host_to_init_s));
  RecordProperty("kernel_boot_s", std::to_string(r->kernel_boot_s));
  RecordProperty("host_to_payload_s", std::to_string(r->host_to_payload_s));
}

TEST_F(VmBootTest, DynamicPayloadGetsItsLibraries) {
  if (!PathExists("/bin/ls")) GTEST_SKIP() << "no /bin/ls";
  VmSpec s = Spec();
  s.disks.push_back(DiskFor("ext4", "ext4_dj", 256ull << 20, "data=journal"));
  s.payload = "/bin/ls";  // coreutils ls: dynamic; /fsfuzz/bin comes before busybox in PATH
  // A bare argv[0] runs /fsfuzz/bin/ls; inside `sh -c` busybox would pick its applet.
  s.commands.push_back({{"ls", "--version"}, 30});
  s.commands.push_back({{"sh", "-c", "/fsfuzz/bin/ls -la /mnt/ext4_dj > /results/ls.txt && "
                                     "grep /mnt/ext4_dj /proc/mounts >> /results/ls.txt && sync /results/ls.txt"}, 30});
  auto r = RunInVm(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, VmOutcome::kCompleted) << r->detail << "\n" << Tail(r->console);
  ASSERT_EQ(r->commands.size(), 2u);
  EXPECT_EQ(r->commands[0].exit_status, 0) << r->console;
  EXPECT_EQ(r->commands[1].exit_status, 0) << r->console;
  EXPECT_NE(r->console.find("GNU coreutils"), std::string::npos);
  auto out = ReadFile(s.results_dir + "/guest/ls.txt");
  ASSERT_TRUE(out.ok());
  EXPECT_NE(out->find("lost+found"), std::string::npos) << *out;
  EXPECT_NE(out->find("data=journal"), std::string::npos) << *out;  // the disk's mount options
}

TEST_F(VmBootTest, CrashHookPanicsAndQemuIsGone) {
  VmSpec s = Spec();
  s.disks.push_back(DiskFor("xfs", "", 512ull << 20));
  s.crash_hook = "panic";
  s.commands.push_back({{"true"}, 30});
  auto r = RunInVm(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, VmOutcome::kKernelCrash) << r->detail << "\n" << Tail(r->console);
  EXPECT_NE(r->detail.find("sysrq triggered crash"), std::string::npos) << r->detail;
  EXPECT_NE(r->console.find("Call Trace:"), std::string::npos);
  EXPECT_NE(r->console.find("sysrq_handle_crash"), std::string::npos);
  EXPECT_EQ(r->qemu_end, "exited");  // panic=-1 + -no-reboot: qemu ends by itself
  EXPECT_FALSE(r->commands[0].started);
}

TEST_F(VmBootTest, HangDumpsTaskStacksAndHostKillsQemu) {
  VmSpec s = Spec();
  s.disks.push_back(DiskFor("bcachefs"));
  s.commands.push_back({{"sh", "-c", "echo before > /results/before && sync /results/before && sleep 1000"}, 5});
  s.grace_s = 60;
  auto r = RunInVm(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->outcome, VmOutcome::kGuestHang) << r->detail << "\n" << Tail(r->console);
  EXPECT_EQ(r->qemu_end, "killed-after-hang");
  EXPECT_TRUE(r->commands[0].hung);
  EXPECT_NE(r->console.find("sysrq: Show State"), std::string::npos);
  EXPECT_NE(r->task_dump.find("task:sleep"), std::string::npos);  // the hung payload's stack
  EXPECT_NE(r->task_dump.find("do_nanosleep"), std::string::npos);
  // What the guest synced before it hung survives the kill.
  auto before = ReadFile(s.results_dir + "/guest/before");
  ASSERT_TRUE(before.ok()) << r->results_error;
  EXPECT_EQ(*before, "before\n");
  auto log = ReadFile(s.results_dir + "/guest/fsfuzz-init.jsonl");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find("\"event\":\"hang_dumped\""), std::string::npos);
  EXPECT_LT(r->wall_s, 60);  // killed soon after the dump, not at the grace deadline
}

TEST_F(VmBootTest, HostDeadlineKillsAGuestThatNeverReports) {
  VmSpec s = Spec();
  s.boot_timeout_s = 1;  // far too short for /init to start under TCG
  s.commands.push_back({{"true"}, 10});
  auto r = RunInVm(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, VmOutcome::kBootFailed) << r->detail << "\n" << Tail(r->console);
  EXPECT_EQ(r->qemu_end, "killed-at-deadline");
}

TEST(VmKernels, Debian61BootsTheOtherFilesystems) {
  if (Status s = VmAvailable("debian-6.1"); !s.ok()) GTEST_SKIP() << "no VM: " << s.ToString();
  auto d = ScopedTempDir::Create("fsfuzz-vm-boot-test.");
  ASSERT_TRUE(d.ok());
  VmSpec s;
  s.kernel = "debian-6.1";
  s.accel = Accel::kTcg;
  s.work_parent = d->path();
  s.payload = FSFUZZ_VM_PROBE;
  for (const char* fs : {"ext4", "xfs", "btrfs"}) {
    s.disks.push_back(DiskFor(fs));
    s.commands.push_back({{"fsfuzz_vm_probe", std::string("/mnt/") + fs}, 120});
  }
  auto r = RunInVm(s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, VmOutcome::kCompleted) << r->detail << "\n" << Tail(r->console);
  EXPECT_EQ(r->kernel.version.rfind("6.1.", 0), 0u) << r->kernel.version;
  for (const char* fs : {"ext4", "xfs", "btrfs"}) EXPECT_TRUE(ProbeOk(*r, fs)) << fs;
  for (const auto& c : r->commands) EXPECT_EQ(c.exit_status, 0);
  EXPECT_TRUE(NoChildren());
}

TEST(VmKernels, Bcachefs61IsMissingWithAClearReason) {
  if (Status s = VmAvailable("debian-6.1"); !s.ok()) GTEST_SKIP() << "no VM: " << s.ToString();
  VmSpec s;
  s.kernel = "debian-6.1";
  s.disks.push_back(DiskFor("bcachefs"));
  auto r = RunInVm(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'bcachefs' is neither in"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace fsfuzz::vm
