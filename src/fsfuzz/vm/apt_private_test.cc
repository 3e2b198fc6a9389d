// Tests for the private apt configuration (no network).
#include "src/fsfuzz/vm/apt_private.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "src/fsfuzz/vm/debian_kernels.h"
#include "src/fsfuzz/vm/file_util.h"

namespace fsfuzz::vm {
namespace {

TEST(PrivateApt, EverythingPointsIntoItsRoot) {
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  const std::string root = d->path() + "/apt";
  auto apt = PrivateApt::Create(root, {"http://m/debian trixie main"}, kDebianKeyring);
  ASSERT_TRUE(apt.ok());
  auto list = ReadFile(root + "/sources.list");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, std::string("deb [signed-by=") + kDebianKeyring + "] http://m/debian trixie main\n");
  auto o = apt->Options();
  for (const std::string& want : {"Dir::Etc::SourceList=" + root + "/sources.list",
                                 "Dir::Etc::SourceParts=" + root + "/sources.list.d",
                                 "Dir::State::Lists=" + root + "/lists", "Dir::Cache=" + root + "/cache",
                                 "Dir::State::status=" + root + "/status"})
    EXPECT_NE(std::find(o.begin(), o.end(), want), o.end()) << want;
  EXPECT_TRUE(IsDir(root + "/lists/partial"));
}

TEST(DebianFlavours, Table) {
  const DebianFlavour* f = FindDebianFlavour("debian-6.12");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->version_prefix, "6.12.");
  EXPECT_EQ(f->sources[0].rfind("@/debian ", 0), 0u);
  EXPECT_NE(FindDebianFlavour("debian-6.1"), nullptr);
  EXPECT_EQ(FindDebianFlavour("debian-4.19"), nullptr);
}

}  // namespace
}  // namespace fsfuzz::vm
