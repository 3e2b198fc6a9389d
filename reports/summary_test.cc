// Tests for the summary loader and writer: round trips, tolerance of optional fields,
// and an error naming the field for each way a summary can be malformed.
#include "reports/summary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "reports/testing/sample.h"
#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz::reports {
namespace {

using nlohmann::json;
using testing::SampleSummary;
using testing::SmallSummary;

json SampleJson() { return ToJson(SampleSummary()); }

TEST(Summary, SampleLoads) {
  Summary s = SampleSummary();
  ASSERT_EQ(s.filesystems.size(), 5u);
  EXPECT_EQ(s.filesystems[0].name, "ext4");
  EXPECT_EQ(s.filesystems[0].op_kinds.size(), 18u);
  EXPECT_TRUE(s.filesystems[0].op_kinds[0].histogram.has_value());
  EXPECT_EQ(s.filesystems[4].status, FsStatus::kSkipped);
  EXPECT_NE(s.filesystems[4].skip_reason.find("not in /proc/filesystems"), std::string::npos);
  EXPECT_EQ(s.config.threads, 2u);
  EXPECT_EQ(s.host.memory_mib, 24000u);
}

TEST(Summary, RoundTripsThroughJson) {
  for (const Summary& s : {SmallSummary(), SampleSummary()}) {
    Result<Summary> back = SummaryFromJson(ToJson(s));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, s);
  }
}

TEST(Summary, RoundTripsThroughTextFile) {
  char dir[] = "/tmp/fsfuzz-summary-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/summary.json";
  ASSERT_TRUE(WriteFileAtomic(path, ToJson(SmallSummary()).dump(2)).ok());
  Result<Summary> back = ReadSummaryFile(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, SmallSummary());
  ::unlink(path.c_str());
  ::rmdir(dir);
}

TEST(Summary, OptionalFieldsMayBeAbsent) {
  json j = SampleJson();
  json& fs = j["filesystems"][0];
  fs.erase("semantics");
  fs.erase("signals");
  fs.erase("env");
  fs["op_kinds"][0].erase("histogram");
  fs["op_kinds"][1].erase("latency_us");
  fs["op_kinds"][2]["histogram"] = nullptr;
  j.erase("created");
  Result<Summary> s = SummaryFromJson(j);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const FsResult& f = s->filesystems[0];
  EXPECT_FALSE(f.semantics.has_value());
  EXPECT_FALSE(f.env.has_value());
  EXPECT_TRUE(f.signals.empty());
  EXPECT_FALSE(f.op_kinds[0].histogram.has_value());
  EXPECT_FALSE(f.op_kinds[1].latency_us.has_value());
  EXPECT_FALSE(f.op_kinds[2].histogram.has_value());
  EXPECT_EQ(KernelOf(*s, f), "6.18.44");  // from the host: it ran on the host
}

TEST(Summary, KernelComesFromTheEnvironmentThatRan) {
  Summary s = SmallSummary();
  EXPECT_EQ(KernelOf(s, s.filesystems[0]), "6.18.44");
  EXPECT_EQ(KernelOf(s, s.filesystems[1]), "6.12.48+deb13-amd64");  // in the VM
  s.filesystems[1].env.reset();
  EXPECT_EQ(KernelOf(s, s.filesystems[1]), "?");  // a VM's kernel is not the host's
}

TEST(Summary, UnknownFieldsAreIgnored) {
  json j = SampleJson();
  j["future_field"] = {1, 2};
  j["filesystems"][0]["op_kinds"][0]["p999"] = 5;
  EXPECT_TRUE(SummaryFromJson(j).ok());
}

struct BadCase {
  const char* name;
  const char* pointer;  // JSON pointer to set (or erase when value is discarded)
  json value;
  const char* message;  // expected in the error
};

class SummaryRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(SummaryRejects, WithTheFieldPath) {
  const BadCase& c = GetParam();
  json j = SampleJson();
  const json::json_pointer p(c.pointer);
  if (c.value.is_discarded()) {
    j[p.parent_pointer()].erase(p.back());
  } else {
    j[p] = c.value;
  }
  Result<Summary> s = SummaryFromJson(j);
  ASSERT_FALSE(s.ok()) << c.name;
  EXPECT_EQ(s.status().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(s.status().message().find(c.message), std::string::npos) << s.status().message();
}

const json kErase = json(json::value_t::discarded);

INSTANTIATE_TEST_SUITE_P(
    Cases, SummaryRejects,
    ::testing::Values(
        BadCase{"format", "/format", "fsfuzz-trace", "summary.format: expected \"fsfuzz-summary\""},
        BadCase{"no format", "/format", kErase, "summary.format: missing"},
        BadCase{"version", "/version", 2, "summary.version: unsupported version 2"},
        BadCase{"version type", "/version", "1", "summary.version: expected an integer"},
        BadCase{"no version", "/version", kErase, "summary.version: missing"},
        BadCase{"no filesystems", "/filesystems", kErase, "summary.filesystems: missing"},
        BadCase{"filesystems type", "/filesystems", json::object(), "summary.filesystems: expected an array"},
        BadCase{"config type", "/config", 3, "summary.config: expected an object"},
        BadCase{"threads", "/config/threads", -1, "summary.config.threads: integer out of range"},
        BadCase{"host cpus", "/host/cpus", "two", "summary.host.cpus: expected an integer"},
        BadCase{"fs entry", "/filesystems/1", "xfs", "summary.filesystems[1]: expected an object"},
        BadCase{"name", "/filesystems/0/name", "", "summary.filesystems[0].name: must not be empty"},
        BadCase{"duplicate", "/filesystems/1/name", "ext4", "summary.filesystems: duplicate entry 'ext4'"},
        BadCase{"status", "/filesystems/0/status", "done", "summary.filesystems[0].status: expected ran"},
        BadCase{"skip reason", "/filesystems/4/skip_reason", "", "summary.filesystems[4].skip_reason: required"},
        BadCase{"runner", "/filesystems/0/runner", "qemu", "summary.filesystems[0].runner: expected host or vm:"},
        BadCase{"env type", "/filesystems/0/env/fs", 4, "summary.filesystems[0].env.fs: expected a string"},
        BadCase{"ops", "/filesystems/0/ops", "many", "summary.filesystems[0].ops: expected an integer"},
        BadCase{"rate", "/filesystems/2/ops_per_s", -1.5, "summary.filesystems[2].ops_per_s: expected a number >= 0"},
        BadCase{"rate type", "/filesystems/2/ops_per_s", true, "summary.filesystems[2].ops_per_s: expected a number"},
        BadCase{"op count", "/filesystems/1/op_kinds/3/count", 1.5,
                "summary.filesystems[1].op_kinds[3].count: expected an integer"},
        BadCase{"op name", "/filesystems/1/op_kinds/3/op", kErase, "summary.filesystems[1].op_kinds[3].op: missing"},
        BadCase{"duplicate op", "/filesystems/1/op_kinds/3/op", "write",
                "summary.filesystems[1].op_kinds: duplicate entry 'write'"},
        BadCase{"percentiles", "/filesystems/0/op_kinds/0/latency_us/p99", 1e9,
                "summary.filesystems[0].op_kinds[0].latency_us.p50: percentiles must satisfy"},
        BadCase{"latency missing p50", "/filesystems/0/op_kinds/0/latency_us/p50", kErase,
                "summary.filesystems[0].op_kinds[0].latency_us.p50: missing"},
        BadCase{"histogram counts", "/filesystems/0/op_kinds/0/histogram/counts", json::array({1, 2}),
                "summary.filesystems[0].op_kinds[0].histogram.counts: expected one count per bound"},
        BadCase{"histogram bounds", "/filesystems/0/op_kinds/0/histogram/bounds_us", json::array({1, 4, 2}),
                "summary.filesystems[0].op_kinds[0].histogram.bounds_us: bounds must increase"},
        BadCase{"histogram count type", "/filesystems/0/op_kinds/0/histogram/counts/0", -3,
                "summary.filesystems[0].op_kinds[0].histogram.counts: expected integers >= 0"},
        BadCase{"class", "/filesystems/0/findings/0/class", "oops",
                "summary.filesystems[0].findings[0].class: unknown"},
        BadCase{"finding count", "/filesystems/0/findings/0/count", kErase,
                "summary.filesystems[0].findings[0].count: missing"},
        BadCase{"signatures", "/filesystems/0/findings/0/signatures", json::array({1}),
                "summary.filesystems[0].findings[0].signatures: expected an array of strings"},
        BadCase{"signals type", "/filesystems/0/signals", json::array(),
                "summary.filesystems[0].signals: expected an object"},
        BadCase{"signal count", "/filesystems/0/signals/collision-eio", "3",
                "summary.filesystems[0].signals.collision-eio: expected an integer"},
        BadCase{"semantics value", "/filesystems/0/semantics/overlap_dwrite", "sideways",
                "summary.filesystems[0].semantics.overlap_dwrite: unknown value 'sideways'"},
        BadCase{"collision type", "/filesystems/0/semantics/collision_eio", "yes",
                "summary.filesystems[0].semantics.collision_eio: expected true, false or null"}),
    [](const ::testing::TestParamInfo<BadCase>& i) {
      std::string n = i.param.name;
      for (char& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return n;
    });

TEST(Summary, NotAnObject) {
  Result<Summary> s = SummaryFromJson(json::array());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "summary: expected an object");
}

TEST(Summary, FileErrors) {
  EXPECT_EQ(ReadSummaryFile("/nonexistent/summary.json").status().kind(), ErrorKind::kIo);
  char path[] = "/tmp/fsfuzz-summary-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "{\"format\":", 10), 10);
  ::close(fd);
  Result<Summary> s = ReadSummaryFile(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(s.status().message().find("not JSON"), std::string::npos);
  ::unlink(path);
}

TEST(Summary, SchemaDocExampleLoads) {
  Result<std::string> doc = ReadWholeFile(FSFUZZ_SUMMARY_SCHEMA_DOC);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const size_t begin = doc->find("```json\n");
  ASSERT_NE(begin, std::string::npos);
  const size_t end = doc->find("\n```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const json j = json::parse(doc->substr(begin + 8, end - begin - 8), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  Result<Summary> s = SummaryFromJson(j);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->filesystems.size(), 3u);
  EXPECT_EQ(KernelOf(*s, s->filesystems[1]), "6.12.48+deb13-amd64");
  EXPECT_EQ(s->filesystems[0].op_kinds[0].histogram->counts.size(), 12u);
}

TEST(Summary, SkippedFilesystemHasNoFiguresInJson) {
  const json j = ToJson(SmallSummary());
  const json& b = j["filesystems"][2];
  EXPECT_EQ(b["status"], "skipped");
  EXPECT_FALSE(b.contains("ops"));
  EXPECT_FALSE(b.contains("op_kinds"));
}

}  // namespace
}  // namespace fsfuzz::reports
