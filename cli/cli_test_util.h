// Test helpers: run the fsfuzz binary and capture its output and exit code.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fsfuzz::testing {

struct Ran {
  int code = -1;
  std::string out;  // stdout and stderr
};

inline Ran RunFsfuzz(const std::string& args) {
  Ran r;
  std::string cmd = std::string(FSFUZZ_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

struct ScratchDir {
  std::string path;
  ScratchDir() {
    char t[] = "/tmp/fsfuzz-clitest-XXXXXX";
    path = mkdtemp(t);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// Processes named `name` that are children of this test (none may outlive a VM test).
inline bool NoQemuLeft() {
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = e.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    FILE* f = fopen(("/proc/" + pid + "/stat").c_str(), "r");
    if (!f) continue;
    char comm[256] = {0};
    int ppid = 0;
    int got = fscanf(f, "%*d (%255[^)]) %*c %d", comm, &ppid);
    fclose(f);
    if (got == 2 && std::string(comm).rfind("qemu-system", 0) == 0 && ppid == getpid()) return false;
  }
  return true;
}

}  // namespace fsfuzz::testing
