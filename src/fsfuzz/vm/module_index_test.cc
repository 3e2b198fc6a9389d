// Tests for the module index (depmod files, depmod-lite) and load-order resolution.
#include "src/fsfuzz/vm/module_index.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/module_resolve.h"
#include "src/fsfuzz/vm/test_elf.h"

namespace fsfuzz::vm {
namespace {

class ModuleIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
    ASSERT_TRUE(d.ok());
    dir_ = std::make_unique<ScopedTempDir>(std::move(d.value()));
  }
  std::string Dir() const { return dir_->path(); }
  void Module(const std::string& rel, const std::vector<std::string>& info) {
    std::string p = Dir() + "/" + rel;
    ASSERT_TRUE(MakeDirs(p.substr(0, p.rfind('/'))).ok());
    ASSERT_TRUE(WriteFile(p, testing::MakeModuleElf(info)).ok());
  }
  std::vector<std::string> Names(const ModulePlan& p) {
    std::vector<std::string> n;
    for (const auto& m : p.load) n.push_back(m.name + (m.required ? "" : "?"));
    return n;
  }
  std::unique_ptr<ScopedTempDir> dir_;
};

TEST_F(ModuleIndexTest, GeneratedIndexResolvesDepsAliasesSoftdepsAndBuiltins) {
  Module("kernel/fs/btrfs/btrfs.ko", {"name=btrfs", "depends=raid6_pq,libcrc32c", "alias=fs-btrfs",
                                       "softdep=pre: crypto-crc32c blake2b-256"});
  Module("kernel/lib/raid6/raid6_pq.ko", {"name=raid6_pq", "depends=xor"});
  Module("kernel/crypto/xor.ko", {"name=xor", "depends="});
  Module("kernel/lib/libcrc32c.ko", {"name=libcrc32c", "depends="});
  Module("kernel/arch/x86/crypto/crc32c-intel.ko", {"name=crc32c_intel", "alias=crypto-crc32c"});
  ASSERT_TRUE(WriteFile(Dir() + "/modules.builtin", "kernel/fs/ext4/ext4.ko\n").ok());
  ASSERT_TRUE(GenerateModuleIndex(Dir()).ok());

  auto dep = ReadFile(Dir() + "/modules.dep");
  ASSERT_TRUE(dep.ok());
  // depmod's order: the dependency to load first comes last.
  EXPECT_NE(dep->find("kernel/fs/btrfs/btrfs.ko: kernel/lib/libcrc32c.ko kernel/lib/raid6/raid6_pq.ko "
                      "kernel/crypto/xor.ko\n"),
            std::string::npos)
      << *dep;

  auto ix = LoadModuleIndex(Dir());
  ASSERT_TRUE(ix.ok());
  auto plan = ResolveModules(*ix, {"fs-btrfs", "ext4"}, {"crypto-sha256"});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Names(*plan), (std::vector<std::string>{"crc32c_intel?", "xor", "raid6_pq", "libcrc32c", "btrfs"}));
  EXPECT_EQ(plan->builtin, (std::vector<std::string>{"ext4"}));
  EXPECT_EQ(plan->notes.size(), 2u);  // blake2b-256 and crypto-sha256 are nowhere
  EXPECT_EQ(plan->load.back().path, "kernel/fs/btrfs/btrfs.ko");
}

TEST_F(ModuleIndexTest, MissingRequiredModuleNamesTheDir) {
  ASSERT_TRUE(WriteFile(Dir() + "/modules.dep", "kernel/a.ko:\n").ok());
  auto ix = LoadModuleIndex(Dir());
  ASSERT_TRUE(ix.ok());
  auto plan = ResolveModules(*ix, {"bcachefs"});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find(Dir()), std::string::npos);
}

TEST_F(ModuleIndexTest, OptionalThenRequiredIsPromotedWithItsDeps) {
  ASSERT_TRUE(WriteFile(Dir() + "/modules.dep", "kernel/a.ko: kernel/b.ko\nkernel/b.ko:\n").ok());
  auto ix = LoadModuleIndex(Dir());
  ASSERT_TRUE(ix.ok());
  ix->softdeps["c"] = {"a"};
  ix->path["c"] = "kernel/c.ko";
  auto plan = ResolveModules(*ix, {"c", "a"});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Names(*plan), (std::vector<std::string>{"b", "a", "c"}));
}

TEST_F(ModuleIndexTest, ReadsDepmodFilesWithAbsolutePathsAndBuiltinModinfo) {
  const std::string d = Dir();
  ASSERT_TRUE(WriteFile(d + "/modules.dep", d + "/kernel/fs/xfs/xfs.ko.xz: " + d + "/kernel/lib/libcrc32c.ko.xz\n" +
                                                d + "/kernel/lib/libcrc32c.ko.xz:\n").ok());
  ASSERT_TRUE(WriteFile(d + "/modules.alias", "alias fs-xfs xfs\nalias crypto-crc32c* crc32c_generic\n").ok());
  ASSERT_TRUE(WriteFile(d + "/modules.softdep", "# comment\nsoftdep xfs pre: crc32c\n").ok());
  ASSERT_TRUE(WriteFile(d + "/modules.builtin.modinfo", std::string("crc32c_generic.alias=crc32c\0", 29)).ok());
  auto ix = LoadModuleIndex(d);
  ASSERT_TRUE(ix.ok());
  EXPECT_EQ(ix->path.at("xfs"), "kernel/fs/xfs/xfs.ko.xz");
  EXPECT_EQ(ix->deps.at("xfs"), (std::vector<std::string>{"libcrc32c"}));
  EXPECT_EQ(ix->softdeps.at("xfs"), (std::vector<std::string>{"crc32c"}));
  EXPECT_TRUE(ix->builtin.count("crc32c_generic"));
  auto plan = ResolveModules(*ix, {"fs-xfs"});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Names(*plan), (std::vector<std::string>{"libcrc32c", "xfs"}));
  EXPECT_EQ(plan->builtin, (std::vector<std::string>{"crc32c"}));  // the softdep, built in
}

TEST(ModulesForFilesystem, KnownAndUnknown) {
  EXPECT_EQ(ModulesForFilesystem("bcachefs").required, (std::vector<std::string>{"bcachefs"}));
  EXPECT_FALSE(ModulesForFilesystem("bcachefs").optional.empty());
  EXPECT_EQ(ModulesForFilesystem("f2fs").required, (std::vector<std::string>{"fs-f2fs"}));
}

}  // namespace
}  // namespace fsfuzz::vm
