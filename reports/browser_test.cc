// The browser check (issue 5, item 4): report.html of a realistic summary rendered by
// headless Chromium (Debian's chromium package) must show the three charts and every
// filesystem in the DOM, and a screenshot that is not blank. Skips without Chromium.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "reports/charts.h"
#include "reports/svg.h"
#include "reports/testing/png_reader.h"
#include "reports/testing/sample.h"
#include "reports/write_report.h"
#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz::reports {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr auto kTimeout = std::chrono::seconds(60);

struct ChildRun {
  bool timed_out = false;
  int status = -1;  // waitpid status
};

// Runs argv with stdout and stderr to files, in a process group of its own so that on
// timeout the browser and every helper process it started are killed together, by the
// group id of the process started here. HOME, TMPDIR and XDG dirs point into `sandbox`
// so nothing is written outside it.
ChildRun RunBounded(const std::vector<std::string>& argv, const std::string& out, const std::string& err,
                    const std::string& sandbox) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings = {"HOME=" + sandbox, "TMPDIR=" + sandbox,
                                          "XDG_CONFIG_HOME=" + sandbox + "/.config",
                                          "XDG_CACHE_HOME=" + sandbox + "/.cache", "LANG=C.UTF-8"};
  if (const char* path = std::getenv("PATH")) env_strings.push_back(std::string("PATH=") + path);
  std::vector<char*> env;
  for (std::string& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);

  // Helpers whose parent (the browser) exits first become ours, not init's, so that the
  // group kill below is followed by reaping every one of them.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  const pid_t pid = ::fork();
  if (pid == 0) {  // only async-signal-safe calls from here to exec
    ::setpgid(0, 0);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = ::open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || in < 0) ::_exit(126);
    ::dup2(in, 0), ::dup2(o, 1), ::dup2(e, 2);
    ::execve(args[0], args.data(), env.data());
    ::_exit(127);
  }
  ChildRun r;
  if (pid < 0) return r;
  ::setpgid(pid, pid);  // also here: whichever runs first, the group exists before a kill
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  for (;;) {
    const pid_t w = ::waitpid(pid, &r.status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &r.status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGKILL);  // helpers (zygote, GPU, renderer) left in the group, if any
  while (::waitpid(-pid, nullptr, 0) > 0 || errno == EINTR) {
  }
  return r;
}

std::string Tail(const std::string& path) {
  Result<std::string> t = ReadWholeFile(path);
  if (!t.ok()) return "";
  return t->size() > 2000 ? t->substr(t->size() - 2000) : *t;
}

class BrowserCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kChromium, X_OK) != 0)
      GTEST_SKIP() << kChromium << " is missing: install Debian's chromium package to run the browser check";
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/fsfuzz-browser-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    work_ = tmpl;
    ASSERT_TRUE(WriteReportDir(testing::SampleSummary(), work_ + "/report").ok());
    url_ = "file://" + work_ + "/report/report.html";
  }

  void TearDown() override {
    if (work_.empty()) return;
    if (HasFailure()) {  // keep the report, screenshot and logs to look at
      std::printf("browser check artifacts kept in %s\n", work_.c_str());
      return;
    }
    fs::remove_all(work_);
  }

  // Chromium with a fresh profile; the profile and its sandbox are removed afterwards.
  ChildRun Chromium(const std::string& name, const std::vector<std::string>& extra) {
    const std::string sandbox = work_ + "/" + name + "-sandbox";
    fs::create_directories(sandbox);
    std::vector<std::string> argv = {kChromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-quic",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--disable-extensions",
                                     "--disable-dev-shm-usage",
                                     "--hide-scrollbars",
                                     "--user-data-dir=" + sandbox + "/profile",
                                     "--window-size=1280,2400"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(url_);
    ChildRun r = RunBounded(argv, work_ + "/" + name + ".out", work_ + "/" + name + ".err", sandbox);
    fs::remove_all(sandbox);
    return r;
  }

  void ExpectExitedCleanly(const ChildRun& r, const std::string& name) {
    EXPECT_FALSE(r.timed_out) << "chromium " << name << " did not finish in " << kTimeout.count() << " s";
    EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0)
        << "chromium " << name << " failed (status " << r.status << "):\n"
        << Tail(work_ + "/" + name + ".err");
  }

  std::string work_, url_;
};

TEST_F(BrowserCheck, DomHasChartsAndEveryFilesystem) {
  const ChildRun r = Chromium("dom", {"--dump-dom"});
  ExpectExitedCleanly(r, "dom");
  Result<std::string> dom = ReadWholeFile(work_ + "/dom.out");
  ASSERT_TRUE(dom.ok());
  for (const char* id : {kThroughputChartId, kLatencyChartId, kFindingsChartId})
    EXPECT_NE(dom->find("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + std::string(id) + "\""), std::string::npos)
        << id;
  for (const FsResult& f : testing::SampleSummary().filesystems)
    EXPECT_NE(dom->find(">" + f.name + "<"), std::string::npos) << f.name;
  EXPECT_NE(dom->find("not in /proc/filesystems"), std::string::npos);
}

TEST_F(BrowserCheck, ScreenshotIsNotBlank) {
  const std::string png_path = work_ + "/screenshot.png";
  const ChildRun r = Chromium("shot", {"--screenshot=" + png_path});
  ExpectExitedCleanly(r, "shot");
  Result<std::string> bytes = ReadWholeFile(png_path);
  ASSERT_TRUE(bytes.ok()) << "no screenshot: " << Tail(work_ + "/shot.err");
  if (const char* keep = std::getenv("FSFUZZ_SCREENSHOT_OUT"))
    fs::copy_file(png_path, keep, fs::copy_options::overwrite_existing);
  Result<testing::Image> img = testing::DecodePng(*bytes);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img->width, 1280u);
  EXPECT_EQ(img->height, 2400u);

  // Ink per 400-px band of the page, distinct colours, and pixels of each filesystem's
  // chart colour: a blank, unstyled or chart-less page fails one of these.
  const size_t bands = img->height / 400;
  std::vector<size_t> ink(bands);
  std::set<uint32_t> colours;
  std::vector<size_t> swatch(4);
  for (uint32_t y = 0; y < bands * 400; ++y) {
    for (uint32_t x = 0; x < img->width; ++x) {
      const uint32_t c = img->Rgb(x, y);
      colours.insert(c);
      const int r8 = c >> 16, g8 = c >> 8 & 0xFF, b8 = c & 0xFF;
      if (r8 < 235 || g8 < 235 || b8 < 235) ++ink[y / 400];
      for (size_t i = 0; i < swatch.size(); ++i) {
        const uint32_t want = static_cast<uint32_t>(std::strtoul(FsColour(i) + 1, nullptr, 16));
        if (std::abs(r8 - int(want >> 16)) <= 10 && std::abs(g8 - int(want >> 8 & 0xFF)) <= 10 &&
            std::abs(b8 - int(want & 0xFF)) <= 10)
          ++swatch[i];
      }
    }
  }
  for (size_t b = 0; b < bands; ++b)
    EXPECT_GT(ink[b], 400u * img->width / 100) << "band " << b << " (y " << b * 400 << ") is nearly blank";
  EXPECT_GT(colours.size(), 50u);
  for (size_t i = 0; i < swatch.size(); ++i)
    EXPECT_GT(swatch[i], 2000u) << "too few pixels of filesystem colour " << FsColour(i);
}

}  // namespace
}  // namespace fsfuzz::reports
