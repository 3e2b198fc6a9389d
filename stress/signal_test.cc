// Signals and crashes of `fsfuzz stress` (issue 5): SIGINT stops it cleanly, leaving no
// mount or loop device and every announced finding on disk; SIGKILL at random moments
// loses no announced finding either, and `fsfuzz cleanup` then removes what is left.
// The simulator variants need nothing; the tmpfs and ext4 ones need root.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "reports/summary.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz::stress {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing_util::IsRoot;
using testing_util::LoopsUnder;
using testing_util::MountedUnder;
using testing_util::WaitFor;

// A scratch directory for one test (outputs and, for testbeds, the work root).
struct Scratch {
  std::string path;
  Scratch() {
    char t[] = "/tmp/stress-sigtest-XXXXXX";
    path = mkdtemp(t);
  }
  ~Scratch() {
    std::error_code ec;
    if (!MountedUnder(path)) fs::remove_all(path, ec);
  }
};

// `fsfuzz ARGS` with stdout and stderr to files; the child is ours to signal and reap.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& dir) : out_(dir + "/stdout"), err_(dir + "/stderr") {
    std::vector<std::string> argv = {FSFUZZ_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      const int o = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(o, 1), dup2(e, 2);
      std::vector<char*> a;
      for (std::string& s : argv) a.push_back(s.data());
      a.push_back(nullptr);
      execv(a[0], a.data());
      _exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  void Signal(int sig) { kill(pid_, sig); }
  // The wait status, or -1 when it did not end within `timeout`.
  int Wait(std::chrono::seconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    int st;
    while (std::chrono::steady_clock::now() < end) {
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        reaped_ = true;
        return st;
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }
  std::string Stdout() const { return Slurp(out_); }
  std::string Stderr() const { return Slurp(err_); }
  // Waits until stdout contains `what`.
  bool WaitStdout(const std::string& what, std::chrono::seconds timeout) {
    return WaitFor([&] { return Stdout().find(what) != std::string::npos; }, timeout);
  }

 private:
  static std::string Slurp(const std::string& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string out_, err_;
};

// The finding files announced on stdout ("finding saved: PATH  (title)"): each must be on
// disk and parse. Returns how many were announced. A line cut off by a kill has no
// "  (" and was not yet fully announced.
size_t CheckAnnounced(const std::string& stdout_text) {
  std::istringstream in(stdout_text);
  std::string line;
  size_t n = 0;
  const std::string tag = "finding saved: ";
  while (std::getline(in, line)) {
    if (line.rfind(tag, 0) != 0 || line.find("  (") == std::string::npos) continue;
    const std::string path = line.substr(tag.size(), line.find("  (") - tag.size());
    ++n;
    auto rec = ReadFindingFile(path);
    EXPECT_TRUE(rec.ok()) << path << ": " << rec.status().message();
  }
  return n;
}

void ExpectSummaryParses(const std::string& path, bool required) {
  if (!required && !fs::exists(path)) return;
  auto s = reports::ReadSummaryFile(path);
  EXPECT_TRUE(s.ok()) << path << ": " << s.status().message();
}

// Processes whose command line names `dir` (lane processes are forks: they share it).
std::vector<pid_t> ProcessesNaming(const std::string& dir) {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "cmdline", std::ios::binary);
    std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmd.find(dir) != std::string::npos && static_cast<pid_t>(std::stol(name)) != ::getpid()) {
      out.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return out;
}

std::vector<std::string> SimArgs(const std::string& out) {
  return {"stress", "--backend", "sim", "--bug", "lost-write", "--duration", "120s", "--threads", "2",
          "--out", out, "--progress-interval", "0.2"};
}

TEST(StressSignals, SigintOnSimulatorStopsAndKeepsFindings) {
  Scratch dir;
  Child c(SimArgs(dir.path + "/out"), dir.path);
  ASSERT_TRUE(c.WaitStdout("finding saved: ", 30s)) << c.Stderr();
  c.Signal(SIGINT);
  const int st = c.Wait(60s);
  ASSERT_NE(st, -1) << "did not stop after SIGINT";
  ASSERT_TRUE(WIFEXITED(st)) << st;
  EXPECT_EQ(WEXITSTATUS(st), 1) << c.Stderr();  // findings
  EXPECT_GT(CheckAnnounced(c.Stdout()), 0u);
  ExpectSummaryParses(dir.path + "/out/stress.json", true);
  auto s = reports::ReadSummaryFile(dir.path + "/out/stress.json");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->filesystems.at(0).status, reports::FsStatus::kRan);
  EXPECT_GT(s->filesystems.at(0).TotalFindings(), 0u);
}

TEST(StressSignals, SigkillAtRandomMomentsOnSimulatorLosesNoAnnouncedFinding) {
  std::mt19937 rng(12345);
  size_t announced = 0;
  for (int round = 0; round < 6; ++round) {
    Scratch dir;
    Child c(SimArgs(dir.path + "/out"), dir.path);
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 2000));
    c.Signal(SIGKILL);
    ASSERT_NE(c.Wait(30s), -1);
    announced += CheckAnnounced(c.Stdout());
    ExpectSummaryParses(dir.path + "/out/stress.json", false);  // snapshots are atomic
    // The lane processes die with the run (PR_SET_PDEATHSIG).
    EXPECT_TRUE(WaitFor([&] { return ProcessesNaming(dir.path).empty(); })) << "a lane process outlived the run";
  }
  EXPECT_GT(announced, 0u) << "no kill came after a finding; the test proved nothing";
}

class StressHang : public ::testing::TestWithParam<const char*> {};

TEST_P(StressHang, HangEndsTheRunWithTheFindingAndFiguresOnDisk) {
  // With --threads 2 the hang is in a lane process: the run must end the same way, and
  // the other lane with it.
  Scratch dir;
  Child c({"stress", "--backend", "sim", "--bug", "dio-map-hang", "--mix", "seed", "--deadline", "300", "--duration",
           "120s", "--threads", GetParam(), "--out", dir.path + "/out", "--progress-interval", "0.2"},
          dir.path);
  const int st = c.Wait(90s);
  ASSERT_NE(st, -1) << "a simulated hang did not end the run";
  ASSERT_TRUE(WIFEXITED(st)) << st;
  EXPECT_EQ(WEXITSTATUS(st), 5) << c.Stderr();  // kExitHang
  EXPECT_GE(CheckAnnounced(c.Stdout()), 1u);
  EXPECT_NE(c.Stdout().find("hung"), std::string::npos) << c.Stdout();
  auto s = reports::ReadSummaryFile(dir.path + "/out/stress.json");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->filesystems.at(0).status, reports::FsStatus::kFailed);
  EXPECT_NE(s->filesystems.at(0).skip_reason.find("hang"), std::string::npos);
  EXPECT_TRUE(WaitFor([&] { return ProcessesNaming(dir.path).empty(); })) << "a lane process outlived the run";
}

INSTANTIATE_TEST_SUITE_P(Lanes, StressHang, ::testing::Values("1", "2"),
                         [](const auto& p) { return std::string("threads") + p.param; });

// Real filesystems (root): the work root is the test's own, so "nothing left" is exact.
class StressSignalsRoot : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!IsRoot()) GTEST_SKIP() << "needs root (testbeds: mount, loop devices)";
  }
  std::vector<std::string> Args(const Scratch& dir, const char* fs) {
    return {"stress", "--fs", fs, "--duration", "120s", "--mix", "seed", "--threads", "2", "--out",
            dir.path + "/out", "--work-root", dir.path, "--progress-interval", "0.2", "--image-mib", "256"};
  }
  static void ExpectNothingLeft(const std::string& root) {
    EXPECT_TRUE(WaitFor([&] { return !MountedUnder(root); })) << "a mount under " << root << " is left";
    EXPECT_TRUE(WaitFor([&] { return !LoopsUnder(root); })) << "a loop device backed under " << root << " is left";
    for (const auto& e : fs::directory_iterator(root))
      EXPECT_NE(e.path().filename().string().rfind("fsfuzz-", 0), 0u) << "work dir left: " << e.path();
  }
};

TEST_P(StressSignalsRoot, SigintTearsDownAndKeepsFindings) {
  Scratch dir;
  Child c(Args(dir, GetParam()), dir.path);
  ASSERT_TRUE(c.WaitStdout("programs", 60s)) << c.Stderr();  // the testbed is up and running
  std::this_thread::sleep_for(1500ms);
  c.Signal(SIGINT);
  const int st = c.Wait(60s);
  ASSERT_NE(st, -1) << "did not stop after SIGINT";
  ASSERT_TRUE(WIFEXITED(st)) << st << "\n" << c.Stderr();
  EXPECT_TRUE(WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 1) << WEXITSTATUS(st) << "\n" << c.Stderr();
  CheckAnnounced(c.Stdout());
  ExpectSummaryParses(dir.path + "/out/stress.json", true);
  ExpectNothingLeft(dir.path);
}

TEST_P(StressSignalsRoot, SecondSigintAbortsAndStillTearsDown) {
  Scratch dir;
  Child c(Args(dir, GetParam()), dir.path);
  ASSERT_TRUE(c.WaitStdout("programs", 60s)) << c.Stderr();
  c.Signal(SIGINT);
  c.Signal(SIGINT);
  const int st = c.Wait(60s);
  ASSERT_NE(st, -1);
  CheckAnnounced(c.Stdout());
  ExpectNothingLeft(dir.path);
}

TEST_P(StressSignalsRoot, SigkillLosesNoAnnouncedFindingAndCleanupRemovesTheRest) {
  std::mt19937 rng(777);
  for (int round = 0; round < 2; ++round) {
    Scratch dir;
    {
      Child c(Args(dir, GetParam()), dir.path);
      ASSERT_TRUE(c.WaitStdout("programs", 60s)) << c.Stderr();
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 3000));
      c.Signal(SIGKILL);
      ASSERT_NE(c.Wait(30s), -1);
      CheckAnnounced(c.Stdout());
      ExpectSummaryParses(dir.path + "/out/stress.json", false);
    }
    Child cleanup({"cleanup", "--work-root", dir.path}, dir.path);
    const int st = cleanup.Wait(60s);
    ASSERT_TRUE(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0) << cleanup.Stdout() << cleanup.Stderr();
    ExpectNothingLeft(dir.path);
  }
}

INSTANTIATE_TEST_SUITE_P(Filesystems, StressSignalsRoot, ::testing::Values("tmpfs", "ext4"),
                         [](const auto& p) { return std::string(p.param); });

}  // namespace
}  // namespace fsfuzz::stress
