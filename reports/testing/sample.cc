// Sample summaries for tests (see sample.h).
#include "reports/testing/sample.h"

#include <cstdio>
#include <cstdlib>

namespace fsfuzz::reports::testing {

std::string TestdataPath(const std::string& name) { return std::string(FSFUZZ_REPORTS_TESTDATA) + "/" + name; }

Summary SampleSummary() {
  Result<Summary> s = ReadSummaryFile(TestdataPath("sample-summary.json"));
  if (!s.ok()) {
    std::fprintf(stderr, "sample summary: %s\n", s.status().ToString().c_str());
    std::abort();
  }
  return std::move(s).value();
}

Summary SmallSummary() {
  Summary s;
  s.created = "2026-11-25T12:00:00Z";
  s.tool_version = "0.1.0";
  s.config = {.seed = 1,
              .mix = "seed",
              .threads = 2,
              .duration_s = 60,
              .ops_limit = 0,
              .file_size = 1 << 20,
              .deadline_ms = 10000};
  s.host = {.kernel = "6.18.44", .cpus = 2, .memory_mib = 24000};

  FsResult ext4;
  ext4.name = ext4.variant = "ext4";
  ext4.env = Env{};
  ext4.env->fs = "ext4";
  ext4.env->kernel = "6.18.44";
  ext4.env->mount_options = "rw,relatime,data=<ordered>";
  ext4.env->misaligned_dio = "einval";
  ext4.env->overlap_dwrite = "snapshot";
  ext4.elapsed_s = 60;
  ext4.programs = 1234;
  ext4.ops = 56789;
  ext4.ops_per_s = 946.5;
  ext4.peak_rss_mib = 80.5;
  OpKindStats dwrite{.op = "dwrite",
                     .count = 1000,
                     .ops_per_s = 16.7,
                     .errors = 3,
                     .latency_us = Latency{50.1, 80, 120, 900},
                     .histogram = Histogram{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024},
                                            {0, 0, 0, 0, 10, 200, 500, 250, 30, 9, 0, 1}}};
  OpKindStats touch{.op = "touch_write",
                    .count = 5000,
                    .ops_per_s = 83.3,
                    .errors = 0,
                    .latency_us = Latency{1.5, 2, 4, 60},
                    .histogram = std::nullopt};
  ext4.op_kinds = {dwrite, touch};
  ext4.findings = {FindingStats{
      .cls = FindingClass::kDioCollision,
      .count = 3,
      .signatures = {"abcd0123abcd0123"},
      .first_title = "DIO collision: EIO from fsync in dwrite vs touch_write & <b>bold</b> on ext4",
      .first_file = "findings/finding-<x>&y.json",
      .first_program = "file size=1M seed=1\n# <script>alert(1)</script> & more\ndwrite off=0 len=64K buf=heap\n"}};
  ext4.signals = {{"collision-eio", 3}, {"misaligned-dio-einval", 40}};
  ext4.semantics = Semantics{.overlap_dwrite = "snapshot", .misaligned_dio = "einval", .collision_eio = true};

  FsResult xfs;
  xfs.name = xfs.variant = "xfs";
  xfs.runner = "vm:debian-6.12";
  xfs.env = Env{};
  xfs.env->fs = "xfs";
  xfs.env->kernel = "6.12.48+deb13-amd64";
  xfs.env->misaligned_dio = "einval";
  xfs.env->overlap_dwrite = "forward";
  xfs.elapsed_s = 60;
  xfs.programs = 1100;
  xfs.ops = 50000;
  xfs.ops_per_s = 833.3;
  xfs.op_kinds = {OpKindStats{.op = "dwrite",
                              .count = 900,
                              .ops_per_s = 15,
                              .errors = 0,
                              .latency_us = Latency{60, 90, 150, 2000},
                              .histogram = std::nullopt}};
  xfs.signals = {{"dread-collision-eio", 2}};  // no semantics block: derived from env + signals

  FsResult bcachefs;
  bcachefs.name = bcachefs.variant = "bcachefs";
  bcachefs.status = FsStatus::kSkipped;
  bcachefs.skip_reason = "bcachefs: not in /proc/filesystems (kernel 6.18.44 lacks it); no VM kernel configured";

  s.filesystems = {ext4, xfs, bcachefs};
  return s;
}

}  // namespace fsfuzz::reports::testing
