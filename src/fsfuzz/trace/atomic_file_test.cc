// Tests for atomic file writes: contents, replacement, no-replace mode, no temp files left.
#include "src/fsfuzz/trace/atomic_file.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + std::string("/fsfuzz-test-XXXXXX");
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

TEST(AtomicFile, WritesReplacesAndLeavesNoTempFiles) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string path = dir.path() + "/a.json";
  ASSERT_TRUE(WriteFileAtomic(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomic(path, "second, longer").ok());
  Result<std::string> r = ReadWholeFile(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "second, longer");
  EXPECT_EQ(dir.Files(), std::vector<std::string>{"a.json"});
}

TEST(AtomicFile, CreateNewNeverReplaces) {
  TempDir dir;
  const std::string path = dir.path() + "/b";
  bool exists = true;
  ASSERT_TRUE(WriteFileAtomic(path, "one", WriteMode::kCreateNew, &exists).ok());
  EXPECT_FALSE(exists);
  Status s = WriteFileAtomic(path, "two", WriteMode::kCreateNew, &exists);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(exists);
  EXPECT_EQ(*ReadWholeFile(path), "one");
  EXPECT_EQ(dir.Files(), std::vector<std::string>{"b"});
}

TEST(AtomicFile, LargeContents) {
  TempDir dir;
  std::string big(5 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 4097) big[i] = static_cast<char>(i);
  ASSERT_TRUE(WriteFileAtomic(dir.path() + "/big", big).ok());
  EXPECT_EQ(*ReadWholeFile(dir.path() + "/big"), big);
}

TEST(AtomicFile, FailuresAreErrorsNotCrashes) {
  TempDir dir;
  Status s = WriteFileAtomic(dir.path() + "/no/such/dir/f", "x");
  EXPECT_EQ(s.kind(), ErrorKind::kIo);
  EXPECT_NE(s.message().find("no/such/dir"), std::string::npos) << s.message();
  Result<std::string> r = ReadWholeFile(dir.path() + "/missing");
  EXPECT_EQ(r.status().kind(), ErrorKind::kIo);
  EXPECT_TRUE(dir.Files().empty());
}

}  // namespace
}  // namespace fsfuzz
