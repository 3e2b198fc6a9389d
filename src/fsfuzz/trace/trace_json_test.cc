// Tests for the JSON form of traces and the trace file.
#include "src/fsfuzz/trace/trace_json.h"

#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz {
namespace {

using nlohmann::json;

Trace SampleTrace() {
  Trace t;
  t.env.fs = "xfs";
  t.env.variant = "xfs-reflink";
  t.env.kernel = "6.8.0";
  t.env.mount_options = "rw,relatime";
  t.env.backend = "posix";
  t.env.block_size = 4096;
  t.env.dio_mem_align = 512;
  t.env.dio_offset_align = 4096;
  t.env.misaligned_dio = "einval";
  t.env.overlap_dwrite = "forward";
  t.env.root = true;
  t.env.can_drop_caches = true;
  t.env.skipped = {"remount: not requested", "bcachefs: not in this kernel"};
  StepRecord s;
  OpRecord o;
  o.id = 7;
  o.thread = 3;
  o.t_start_ns = 100;
  o.t_end_ns = 9000000000LL;
  o.ret = -1;
  o.err = 22;
  o.note = "misaligned \"dio\"\n\x01";
  o.data = {0, 1, 2, 0xff, 0x80};
  s.ops.push_back(o);
  o = OpRecord{};
  o.id = 8;
  o.sigbus = true;
  o.skipped = true;
  s.ops.push_back(o);
  s.size = 1ull << 40;
  Observation v;
  v.view = View::kSlot;
  v.slot = 7;
  v.off = 4096;
  v.len = 10;
  v.ret = 3;
  v.data = {9, 9, 9};
  s.settle.push_back(v);
  v.view = View::kDirect;
  v.elided = true;
  v.data.clear();
  v.digest = 0xfedcba9876543210ull;
  s.views.push_back(v);
  Observation same;  // the same bytes as views[0] read
  same.view = View::kSlot;
  same.len = same.ret = 3;
  same.same_as = 0;
  s.views.push_back(same);
  t.steps.push_back(s);
  t.steps.push_back(StepRecord{});
  t.final_size = 0;
  v.view = View::kBuffered;
  v.digest = 1;
  t.final_views.push_back(v);
  OpRecord drain;
  drain.id = 0;
  drain.ret = -1;
  drain.err = 5;
  t.drain = drain;
  t.complete = false;
  t.stop_reason = "hang in op #7";
  return t;
}

TEST(TraceJson, RoundTrips) {
  const Trace t = SampleTrace();
  const json j = ToJson(t);
  Result<Trace> back = TraceFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, t);
  // Through text as well, and for a default trace.
  back = TraceFromJson(json::parse(j.dump()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, t);
  back = TraceFromJson(ToJson(Trace{}));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, Trace{});
}

TEST(TraceJson, PartsRoundTrip) {
  const Trace t = SampleTrace();
  EXPECT_EQ(*EnvFromJson(ToJson(t.env)), t.env);
  EXPECT_EQ(*OpRecordFromJson(ToJson(t.steps[0].ops[0])), t.steps[0].ops[0]);
  EXPECT_EQ(*ObservationFromJson(ToJson(t.steps[0].views[0])), t.steps[0].views[0]);
  EXPECT_EQ(*StepRecordFromJson(ToJson(t.steps[0])), t.steps[0]);
}

TEST(TraceJson, Layout) {
  const json j = ToJson(SampleTrace());
  EXPECT_EQ(j["steps"][0]["ops"][0]["data"], "AAEC/4A=");
  EXPECT_EQ(j["steps"][0]["settle"][0]["view"], "mapped");
  EXPECT_EQ(j["steps"][0]["views"][0]["digest"], "fedcba9876543210");
  EXPECT_EQ(j["steps"][1]["size"], nullptr);
  EXPECT_EQ(j["final_size"], 0);
  EXPECT_EQ(j["env"]["fs"], "xfs");
}

TEST(TraceJson, AbsentOptionalFieldsKeepDefaults) {
  Result<Trace> t = TraceFromJson(json::parse(R"({"env":{"fs":"ext4"},"steps":[{"ops":[{"id":1}]}]})"));
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->env.fs, "ext4");
  EXPECT_EQ(t->env.page_size, 4096u);
  ASSERT_EQ(t->steps.size(), 1u);
  EXPECT_EQ(t->steps[0].ops[0].id, 1u);
  EXPECT_FALSE(t->steps[0].size);
  EXPECT_FALSE(t->drain);
}

struct BadCase {
  const char* json_text;
  const char* error;
};

TEST(TraceJson, MalformedInputIsCorruptWithThePath) {
  const BadCase cases[] = {
      {"[]", "trace: expected an object"},
      {"{}", "trace.env: missing"},
      {R"({"env":{"fs":"x"}})", "trace.steps: missing"},
      {R"({"env":{},"steps":[]})", "trace.env.fs: missing"},
      {R"({"env":{"fs":3},"steps":[]})", "trace.env.fs: expected a string"},
      {R"({"env":{"fs":"x"},"steps":{}})", "trace.steps: expected an array"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[{"id":1},{"id":-1}]}]})",
       "trace.steps[0].ops[1].id: integer out of range"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[{"id":1,"thread":256}]}]})",
       "trace.steps[0].ops[0].thread: integer out of range"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[{"id":1,"ret":1.5}]}]})",
       "trace.steps[0].ops[0].ret: expected an integer"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[{"id":1,"data":"@@@@"}]}]})",
       "trace.steps[0].ops[0].data: expected a base64 string"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[{"id":1,"sigbus":1}]}]})",
       "trace.steps[0].ops[0].sigbus: expected true or false"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[],"views":[{"view":"sideways","off":0,"len":0}]}]})",
       "trace.steps[0].views[0].view: unknown view 'sideways' (buffered, direct, mapped)"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[],"views":[{"view":"direct","off":0}]}]})",
       "trace.steps[0].views[0].len: missing"},
      {R"({"env":{"fs":"x"},"steps":[{"ops":[],"views":[{"view":"direct","off":0,"len":0,"digest":"xyz"}]}]})",
       "trace.steps[0].views[0].digest: expected up to 16 hex digits"},
      {R"({"env":{"fs":"x"},"steps":[],"final_size":-3})", "trace.final_size: integer out of range"},
      {R"({"env":{"fs":"x"},"steps":[],"drain":{"ret":0}})", "trace.drain.id: missing"},
      {R"({"env":{"fs":"x","skipped":["a",1]},"steps":[]})",
       "trace.env.skipped: expected an array of strings"},
  };
  for (const BadCase& c : cases) {
    Result<Trace> t = TraceFromJson(json::parse(c.json_text));
    ASSERT_FALSE(t.ok()) << c.json_text;
    EXPECT_EQ(t.status().kind(), ErrorKind::kCorrupt);
    EXPECT_EQ(t.status().message(), c.error) << c.json_text;
  }
}

TEST(TraceJson, DumpJsonReplacesInvalidUtf8) {
  json j = {{"note", std::string("bad \xff byte")}};
  EXPECT_EQ(DumpJson(j, -1), "{\"note\":\"bad \xEF\xBF\xBD byte\"}");
}

std::string TempPath(const char* name) {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp ? tmp : "/tmp") + "/fsfuzz-trace-test-" + std::to_string(getpid()) + "-" + name;
}

TEST(TraceFile, WritesAndReadsBack) {
  const std::string path = TempPath("a.json");
  const Trace t = SampleTrace();
  ASSERT_TRUE(WriteTraceFile(path, "file size=4K seed=1\nfsync\n", t).ok());
  Result<std::pair<std::string, Trace>> r = ReadTraceFile(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->first, "file size=4K seed=1\nfsync\n");
  EXPECT_EQ(r->second, t);
  unlink(path.c_str());
}

TEST(TraceFile, RejectsWrongFormatVersionAndGarbage) {
  const std::string path = TempPath("b.json");
  struct FileCase {
    const char* text;
    const char* error_suffix;
  };
  const FileCase cases[] = {
      {"not json", ": not JSON: "},
      {R"({"format":"other","version":1,"program":"","trace":{}})", ".format: expected \"fsfuzz-trace\""},
      {R"({"format":"fsfuzz-trace","version":2,"program":"","trace":{}})",
       ".version: unsupported version 2 (this build reads 1)"},
      {R"({"format":"fsfuzz-trace","version":1,"trace":{}})", ".program: missing"},
      {R"({"format":"fsfuzz-trace","version":1,"program":"","trace":{}})", ".trace.env: missing"},
  };
  for (const FileCase& c : cases) {
    ASSERT_TRUE(WriteFileAtomic(path, c.text).ok());
    Result<std::pair<std::string, Trace>> r = ReadTraceFile(path);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().kind(), ErrorKind::kCorrupt);
    EXPECT_NE(r.status().message().find(path + c.error_suffix), std::string::npos) << r.status().message();
  }
  unlink(path.c_str());
  EXPECT_EQ(ReadTraceFile(path).status().kind(), ErrorKind::kIo);
}

}  // namespace
}  // namespace fsfuzz
