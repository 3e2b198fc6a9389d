// fsfuzz_bench: the stress figures of issue 5, all as ratios in one run (not a test):
// (a) --mix fsx --threads 1 executed ops/s per filesystem vs fsx -Z; (b) 2 threads vs 1
// on tmpfs; (c) a 256 MiB file vs 1 MiB at the same op sizes; (d) peak RSS vs file
// size; (e) the checker's cost: checking on vs off for a fixed mix on tmpfs.
// Root (testbeds). Usage: fsfuzz_bench [--seconds S] [--fs ext4,xfs,btrfs,tmpfs] [--only abcde]
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/fsx_reference.h"
#include "bench/measure.h"
#include "stress/host.h"

namespace fsfuzz::bench {
namespace {

struct Args {
  double seconds = 10;
  std::vector<std::string> fs = {"ext4", "xfs", "btrfs", "tmpfs"};
  std::string only = "abcde";
};

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    const size_t c = s.find(',', pos);
    out.push_back(s.substr(pos, c == std::string::npos ? std::string::npos : c - pos));
    if (c == std::string::npos) break;
    pos = c + 1;
  }
  return out;
}

const char* Verdict(double ratio, double aim, bool at_most = false) {
  return (at_most ? ratio <= aim : ratio >= aim) ? "met" : "MISSED";
}

class Bench {
 public:
  Bench(const Args& a, std::string out) : a_(a), out_(std::move(out)) {}

  stress::StressConfig Config(const std::string& mix, uint32_t threads, uint64_t file_size, bool check = true) {
    stress::StressConfig c;
    c.mix = mix;
    c.threads = threads;
    c.file_size = file_size;
    c.duration_s = a_.seconds;
    c.check = check;
    c.seed = 1;
    c.out_dir = out_;
    return c;
  }

  Measurement Run(const char* label, const stress::StressConfig& c, const std::string& fs,
                  ViewReads views = ViewReads::kMapped) {
    Measurement m = Measure(c, fs, views);
    if (!m.ran) {
      std::printf("  %-34s %-6s skipped: %s\n", label, fs.c_str(), m.why.c_str());
    } else {
      std::printf("  %-34s %-6s %9.0f ops/s  %9.0f fsx-equivalent ops/s  %6s programs  %4s findings  rss %7.1f MiB\n",
                  label, fs.c_str(), m.ops_per_s(), m.fsx_ops_per_s(), std::to_string(m.programs).c_str(),
                  std::to_string(m.findings).c_str(), m.peak_rss_mib);
    }
    std::fflush(stdout);
    return m;
  }

  void FsxPerFilesystem() {
    std::printf("\n(a) --mix fsx --threads 1, 1 MiB file, vs fsx -Z -r 4096 -w 4096 -t 4096 (quoted figures)\n");
    std::vector<std::string> rows;
    for (const std::string& fs : a_.fs) {
      Measurement m = Run("fsx mix, 1 thread", Config("fsx", 1, 1 << 20), fs);
      if (!m.ran) continue;
      const double ref = FsxOpsPerSecond(fs);
      char line[256];
      std::snprintf(line, sizeof line, "  %-6s fsx-equivalent %8.0f / fsx %6.0f = %5.2fx (program ops %8.0f = %5.2fx)  aim >= 1.5: %s",
                    fs.c_str(), m.fsx_ops_per_s(), ref, ref ? m.fsx_ops_per_s() / ref : 0, m.ops_per_s(),
                    ref ? m.ops_per_s() / ref : 0, ref ? Verdict(m.fsx_ops_per_s() / ref, 1.5) : "-");
      rows.push_back(line);
    }
    for (const std::string& r : rows) std::printf("%s\n", r.c_str());
  }

  void Threads() {
    std::printf("\n(b) 2 threads (lanes) vs 1 on tmpfs; lanes are processes (the default) or threads of one\n"
                "    (what the machine allows for mapping work and for syscalls: bench/fsfuzz_map_scaling /dev/shm)\n");
    for (const char* mix : {"fsx", "default"}) {
      Measurement one = Run((std::string(mix) + " mix, 1 thread").c_str(), Config(mix, 1, 1 << 20), "tmpfs");
      Measurement two = Run((std::string(mix) + " mix, 2 lane processes").c_str(), Config(mix, 2, 1 << 20), "tmpfs");
      stress::StressConfig as_threads = Config(mix, 2, 1 << 20);
      as_threads.lane_processes = false;
      Measurement threads = Run((std::string(mix) + " mix, 2 lane threads").c_str(), as_threads, "tmpfs");
      if (!one.ran || !two.ran) continue;
      const double ratio = two.ops_per_s() / one.ops_per_s();
      std::printf("  %-7s mix: %8.0f / %8.0f = %5.2fx  aim >= 1.6: %s   (lanes as threads: %5.2fx)\n", mix,
                  two.ops_per_s(), one.ops_per_s(), ratio, Verdict(ratio, 1.6),
                  threads.ran ? threads.ops_per_s() / one.ops_per_s() : 0.0);
    }
  }

  void LargeFile() {
    std::printf("\n(c) 256 MiB file vs 1 MiB, --mix fsx (4 KiB ops), 1 thread, tmpfs; (d) peak RSS\n");
    Measurement small = Run("fsx mix, 1 MiB file", Config("fsx", 1, 1 << 20), "tmpfs");
    Measurement large = Run("fsx mix, 256 MiB file", Config("fsx", 1, 256ull << 20), "tmpfs");
    if (!small.ran || !large.ran) return;
    const double ratio = large.ops_per_s() / small.ops_per_s();
    std::printf("  (c) ops/s 256 MiB / 1 MiB: %8.0f / %8.0f = %5.2f  aim >= 0.8: %s\n", large.ops_per_s(),
                small.ops_per_s(), ratio, Verdict(ratio, 0.8));
    const double bound = 2 * 256 + 64;
    std::printf("  (d) peak RSS with a 256 MiB file: %.1f MiB = %.2f x file size; aim <= 2 x file + 64 MiB = %.0f MiB: %s\n",
                large.peak_rss_mib, large.peak_rss_mib / 256, bound, Verdict(large.peak_rss_mib, bound, true));
    std::printf("      (with a 1 MiB file: %.1f MiB)\n", small.peak_rss_mib);
  }

  void CheckerCost() {
    std::printf("\n(e) checking on vs off, same programs (same seed), 1 thread, tmpfs\n");
    for (const char* mix : {"fsx", "default"}) {
      Measurement on = Run((std::string(mix) + " mix, checking").c_str(), Config(mix, 1, 1 << 20, true), "tmpfs");
      Measurement off = Run((std::string(mix) + " mix, not checking").c_str(), Config(mix, 1, 1 << 20, false), "tmpfs");
      if (!on.ran || !off.ran) continue;
      const double ratio = on.ops_per_s() / off.ops_per_s();
      std::printf("  %-7s mix: %8.0f / %8.0f = %5.2f  aim >= 0.85: %s\n", mix, on.ops_per_s(), off.ops_per_s(), ratio,
                  Verdict(ratio, 0.85));
      if (std::string(mix) == "fsx") {
        std::printf("  fsx-like mix, 1 thread, checking: %.0f fsx-equivalent ops/s vs fsx %.0f on tmpfs = %.2fx\n",
                    on.fsx_ops_per_s(), FsxOpsPerSecond("tmpfs"), on.fsx_ops_per_s() / FsxOpsPerSecond("tmpfs"));
      }
      // The same checks with the mappings read the other ways (--view-reads loads|kernel).
      for (const ViewReads v : {ViewReads::kLoads, ViewReads::kKernel}) {
        const std::string name(ViewReadsName(v));
        Measurement kv = Run((std::string(mix) + " mix, checking, " + name + " views").c_str(),
                             Config(mix, 1, 1 << 20, true), "tmpfs", v);
        if (!kv.ran) continue;
        const double kr = kv.ops_per_s() / off.ops_per_s();
        std::printf("  %-7s mix, --view-reads %-6s: %8.0f / %8.0f = %5.2f  aim >= 0.85: %s\n", mix, name.c_str(),
                    kv.ops_per_s(), off.ops_per_s(), kr, Verdict(kr, 0.85));
      }
    }
  }

 private:
  const Args& a_;
  std::string out_;
};

}  // namespace
}  // namespace fsfuzz::bench

int main(int argc, char** argv) {
  using namespace fsfuzz::bench;
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string f = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (f == "--seconds" && v) {
      a.seconds = std::atof(v), ++i;
    } else if (f == "--fs" && v) {
      a.fs = Split(v), ++i;
    } else if (f == "--only" && v) {
      a.only = v, ++i;
    } else {
      std::fprintf(stderr, "usage: fsfuzz_bench [--seconds S] [--fs ext4,xfs,btrfs,tmpfs] [--only abcde]\n");
      return 2;
    }
  }
  if (geteuid() != 0) {
    std::fprintf(stderr, "fsfuzz_bench: needs root (fresh filesystems on loop devices and tmpfs)\n");
    return 3;
  }
  // Findings are written as in a real run (their cost is part of the figures), to a
  // scratch directory removed at the end.
  char tmpl[] = "/tmp/fsfuzz-bench-out-XXXXXX";
  if (!mkdtemp(tmpl)) return 3;
  const fsfuzz::reports::HostInfo h = fsfuzz::stress::ThisHost();
  std::printf("fsfuzz_bench: kernel %s, %u CPUs, %llu MiB; %.0f s per measurement; ops are executed program ops\n"
              "(check reads are not ops); fsx-equivalent ops count a mapped access with its map/msync/unmap\n"
              "as one op, as fsx does\n",
              h.kernel.c_str(), h.cpus, static_cast<unsigned long long>(h.memory_mib), a.seconds);
  Bench b(a, tmpl);
  if (a.only.find('a') != std::string::npos) b.FsxPerFilesystem();
  if (a.only.find('b') != std::string::npos) b.Threads();
  if (a.only.find('c') != std::string::npos || a.only.find('d') != std::string::npos) b.LargeFile();
  if (a.only.find('e') != std::string::npos) b.CheckerCost();
  std::error_code ec;
  std::filesystem::remove_all(tmpl, ec);
  return 0;
}
