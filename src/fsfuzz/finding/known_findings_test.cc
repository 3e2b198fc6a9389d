// The known-findings table: matching per filesystem, kernel, class, op kinds and detail.
#include "src/fsfuzz/finding/known_findings.h"

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

Env EnvOf(const std::string& fs, const std::string& kernel) {
  Env e;
  e.fs = fs;
  e.kernel = kernel;
  return e;
}

TEST(KnownFindings, CollisionOnExt4AndXfsAnyKernelNotBtrfs) {
  Finding f;
  f.cls = FindingClass::kDioCollision;
  f.title = "page cache invalidation failure on direct I/O (DIO collision)";
  EXPECT_NE(MatchKnown(f, EnvOf("ext4", "6.12.118+deb13-cloud-amd64")), nullptr);
  EXPECT_NE(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("btrfs", "6.18.44")), nullptr);
}

TEST(KnownFindings, NeedsTheOpKindTheDetailAndTheKernel) {
  Finding f;
  f.cls = FindingClass::kSizeMismatch;
  f.op_kinds = {"dwrite(buf=map)", "touch_read"};
  f.detail = "st_size after step 3 is 8192\n  op #4 (dwrite(buf=map)) returned -1 EFAULT";
  EXPECT_NE(MatchKnown(f, EnvOf("tmpfs", "6.18.44-fc")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("tmpfs", "6.1.0")), nullptr);  // not confirmed there
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  Finding g = f;
  g.detail = "no errno here";
  EXPECT_EQ(MatchKnown(g, EnvOf("tmpfs", "6.18.44")), nullptr);
  Finding h = f;
  h.op_kinds = {"truncate"};
  EXPECT_EQ(MatchKnown(h, EnvOf("tmpfs", "6.18.44")), nullptr);
  EXPECT_TRUE(MarkKnown(f, EnvOf("ext4", "6.18.44")));
  EXPECT_EQ(f.evidence["known"], "buffered-write-efault-extends-size");
  EXPECT_NE(f.title.find("[known: buffered-write-efault-extends-size]"), std::string::npos);
}

}  // namespace
}  // namespace fsfuzz
