// Test helper for the signal tests: makes a testbed, says where it is, then waits to be
// killed. Usage: fsfuzz_testbed_holder VARIANT WORK_ROOT [--busy]
// (--busy keeps a file open in the mount, so teardown must take the lazy-unmount path).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "src/fsfuzz/testbed/fs_table.h"
#include "src/fsfuzz/testbed/testbed.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s VARIANT WORK_ROOT [--busy]\n", argv[0]);
    return 2;
  }
  const fsfuzz::Variant* v = fsfuzz::FindVariant(argv[1]);
  if (v == nullptr) {
    std::fprintf(stderr, "unknown variant %s\n", argv[1]);
    return 2;
  }
  fsfuzz::TestbedOptions o;
  o.work_root = argv[2];
  o.probe = false;
  fsfuzz::Result<std::unique_ptr<fsfuzz::Testbed>> tb = fsfuzz::Testbed::Create(*v, o);
  if (!tb.ok()) {
    std::fprintf(stderr, "%s\n", tb.status().ToString().c_str());
    return 3;
  }
  int fd = -1;
  if (argc > 3 && std::strcmp(argv[3], "--busy") == 0) {
    std::string f = (*tb)->dir() + "/held";
    fd = ::open(f.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0 && ::write(fd, "x", 1) != 1) return 4;
  }
  std::printf("mount %s\nloop %s\nwork %s\nready\n", (*tb)->mount_dir().c_str(),
              (*tb)->loop_path().c_str(), (*tb)->work_dir().c_str());
  std::fflush(stdout);
  while (true) ::pause();  // until a signal ends us
}
