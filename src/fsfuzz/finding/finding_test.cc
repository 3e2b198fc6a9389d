// Tests for findings: class names, signatures, JSON round trips, atomic finding files.
#include "src/fsfuzz/finding/finding.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include <gtest/gtest.h>

#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz {
namespace {

using nlohmann::json;

Finding Sample() {
  Finding f;
  f.cls = FindingClass::kIncoherentViews;
  f.title = "incoherent views after dwrite(buf=map) vs touch_write on xfs";
  f.fs = "xfs";
  f.op_kinds = {"touch_write", "dwrite"};
  f.step = 3;
  f.op_id = 12;
  f.detail = "bytes 0x3000-0x3fff hold op #12's dwrite data; op #15's touch_write was due";
  f.evidence = {{"bytes", "AAEC"}, {"stacks", json::array({"[<0>] folio_wait_bit"})}};
  return f;
}

FindingRecord SampleRecord() {
  FindingRecord r;
  r.finding = Sample();
  r.env.fs = "xfs";
  r.env.kernel = "6.8.0";
  r.env.skipped = {"remount"};
  r.program_text = "file size=4K seed=1\nfsync\n";
  r.trace = {{"steps", json::array()}};
  r.tool_version = "0.1.0";
  r.created = "2025-01-25T10:11:12Z";
  return r;
}

void ExpectSame(const Finding& a, const Finding& b) {
  EXPECT_EQ(a.cls, b.cls);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.fs, b.fs);
  EXPECT_EQ(a.op_kinds, b.op_kinds);
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(a.op_id, b.op_id);
  EXPECT_EQ(a.detail, b.detail);
  EXPECT_EQ(a.evidence, b.evidence);
}

void ExpectSame(const FindingRecord& a, const FindingRecord& b) {
  ExpectSame(a.finding, b.finding);
  EXPECT_EQ(a.env, b.env);
  EXPECT_EQ(a.program_text, b.program_text);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.tool_version, b.tool_version);
  EXPECT_EQ(a.created, b.created);
}

TEST(FindingClass, NamesRoundTrip) {
  int n = 0;
#define FSFUZZ_X(id, name, help)                     \
  {                                                  \
    FindingClass c;                                  \
    EXPECT_STREQ(ClassName(FindingClass::id), name); \
    ASSERT_TRUE(ClassFromName(name, &c));            \
    EXPECT_EQ(c, FindingClass::id);                  \
    ++n;                                             \
  }
  FSFUZZ_FINDING_CLASSES(FSFUZZ_X)
#undef FSFUZZ_X
  EXPECT_EQ(n, 10);
  FindingClass c;
  EXPECT_FALSE(ClassFromName("data mismatch", &c));
  EXPECT_FALSE(ClassFromName("", &c));
}

TEST(Signature, StableAndIndependentOfOpKindOrder) {
  Finding a = Sample();
  const std::string sig = a.Signature();
  EXPECT_EQ(sig.size(), 16u);
  EXPECT_EQ(sig.find_first_not_of("0123456789abcdef"), std::string::npos);
  // A fixed value: the signature is an on-disk contract across versions.
  EXPECT_EQ(sig, "1a6fcda996e00a2e") << "signature algorithm changed: known bugs would be re-reported";
  Finding b = a;
  b.op_kinds = {"dwrite", "touch_write", "dwrite"};  // other order, duplicates
  b.title = "other title";
  b.detail = "other detail";
  b.step = 99;
  b.op_id = 1;
  EXPECT_EQ(b.Signature(), sig);
  b.fs = "ext4";
  EXPECT_NE(b.Signature(), sig);
  b = a;
  b.cls = FindingClass::kDataMismatch;
  EXPECT_NE(b.Signature(), sig);
  b = a;
  b.op_kinds = {"touch_write"};
  EXPECT_NE(b.Signature(), sig);
  // Separators keep kind boundaries: ("ab","c") differs from ("a","bc").
  Finding x, y;
  x.op_kinds = {"ab", "c"};
  y.op_kinds = {"a", "bc"};
  EXPECT_NE(x.Signature(), y.Signature());
}

TEST(FindingJson, RoundTrips) {
  const Finding f = Sample();
  const json j = ToJson(f);
  EXPECT_EQ(j["class"], "incoherent-views");
  EXPECT_EQ(j["signature"], f.Signature());
  Result<Finding> back = FindingFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectSame(*back, f);

  const FindingRecord r = SampleRecord();
  const json rj = ToJson(r);
  EXPECT_EQ(rj["signature"], f.Signature());
  EXPECT_EQ(rj["class"], "incoherent-views");
  EXPECT_EQ(rj["title"], f.title);
  EXPECT_EQ(rj["fs"], "xfs");
  Result<FindingRecord> rback = FindingRecordFromJson(json::parse(rj.dump()));
  ASSERT_TRUE(rback.ok()) << rback.status().message();
  ExpectSame(*rback, r);
}

TEST(FindingJson, MalformedIsCorrupt) {
  EXPECT_EQ(FindingFromJson(json::parse(R"({"title":"x"})")).status().message(), "finding.class: missing");
  EXPECT_EQ(FindingFromJson(json::parse(R"({"class":"nope"})")).status().message(),
            "finding.class: unknown finding class 'nope'");
  EXPECT_EQ(FindingFromJson(json::parse(R"({"class":"hang","step":"x"})")).status().message(),
            "finding.step: expected an integer");
  json r = ToJson(SampleRecord());
  r["env"].erase("fs");
  EXPECT_EQ(FindingRecordFromJson(r).status().message(), "record.env.fs: missing");
  r = ToJson(SampleRecord());
  r["version"] = 9;
  EXPECT_EQ(FindingRecordFromJson(r).status().kind(), ErrorKind::kCorrupt);
  r = ToJson(SampleRecord());
  r.erase("finding");
  EXPECT_EQ(FindingRecordFromJson(r).status().message(), "record.finding: missing");
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + std::string("/fsfuzz-finding-XXXXXX");
    path_ = mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    for (const std::string& f : Files()) unlink((path_ + "/" + f).c_str());
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    if (DIR* d = opendir(path_.c_str())) {
      while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
      }
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

TEST(FindingFile, WritesUniqueFilesAtomically) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const FindingRecord r = SampleRecord();
  std::set<std::string> paths;
  for (int i = 0; i < 20; ++i) {
    Result<std::string> p = WriteFindingFile(dir.path(), r, "crash-");
    ASSERT_TRUE(p.ok()) << p.status().message();
    paths.insert(*p);
  }
  EXPECT_EQ(paths.size(), 20u);  // same signature, same second: still distinct names
  const std::vector<std::string> files = dir.Files();
  ASSERT_EQ(files.size(), 20u);  // and no temp files left behind
  const std::string prefix = "crash-" + r.finding.Signature() + "-";
  for (const std::string& f : files) {
    EXPECT_EQ(f.rfind(prefix, 0), 0u) << f;
    EXPECT_EQ(f.substr(f.size() - 5), ".json") << f;
  }
  Result<FindingRecord> back = ReadFindingFile(*paths.begin());
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectSame(*back, r);
}

TEST(FindingFile, InvalidUtf8IsWrittenNotThrown) {
  TempDir dir;
  FindingRecord r = SampleRecord();
  r.finding.detail = "kernel said \xff\xfe";
  r.finding.evidence["log"] = "\xc3";
  Result<std::string> p = WriteFindingFile(dir.path(), r);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->rfind(dir.path() + "/finding-", 0), 0u);
  Result<FindingRecord> back = ReadFindingFile(*p);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->finding.detail, "kernel said \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(FindingFile, Errors) {
  TempDir dir;
  Result<std::string> p = WriteFindingFile(dir.path() + "/missing-dir", SampleRecord());
  EXPECT_EQ(p.status().kind(), ErrorKind::kIo);
  EXPECT_TRUE(dir.Files().empty());
  EXPECT_EQ(ReadFindingFile(dir.path() + "/nope.json").status().kind(), ErrorKind::kIo);
  ASSERT_TRUE(WriteFileAtomically(dir.path() + "/bad.json", "{\"finding\": 3}").ok());
  Result<FindingRecord> r = ReadFindingFile(dir.path() + "/bad.json");
  EXPECT_EQ(r.status().kind(), ErrorKind::kCorrupt);
  EXPECT_EQ(r.status().message(), dir.path() + "/bad.json: record.finding: expected an object");
  ASSERT_TRUE(WriteFileAtomically(dir.path() + "/bad.json", "{").ok());
  EXPECT_EQ(ReadFindingFile(dir.path() + "/bad.json").status().kind(), ErrorKind::kCorrupt);
  EXPECT_EQ(dir.Files(), std::vector<std::string>{"bad.json"});
}

}  // namespace
}  // namespace fsfuzz
