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

TEST(KnownFindings, MissingSigbusOnlyWhenTheDetailNamesARacedStore) {
  Finding f;
  f.cls = FindingClass::kMissingSigbus;
  f.op_kinds = {"check", "touch_write", "truncate"};
  f.detail = "loading through m5 at file offset 0x48000, in a page wholly past EOF (size 290950), did not take "
             "SIGBUS. Op #3 (touch_write m5 off=288K+3136 len=6) stored into this page while op #2 (truncate "
             "284K+134) truncated the file below it: a store through a mapping raced a truncate below it.";
  const KnownFinding* k = MatchKnown(f, EnvOf("ext4", "6.18.44-fc-v1272"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "truncate-vs-mkwrite-maps-past-eof");
  EXPECT_NE(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("tmpfs", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.1.0")), nullptr);
  Finding plain = f;  // a missing SIGBUS no racing store explains stays a finding
  plain.op_kinds = {"check"};
  plain.detail = "loading through m5 at file offset 0x48000, in a page wholly past EOF (size 290950), did not take "
                 "SIGBUS.";
  EXPECT_EQ(MatchKnown(plain, EnvOf("ext4", "6.18.44")), nullptr);
  Finding data = f;  // the store surfacing as data after an extension: ext4 only
  data.cls = FindingClass::kDataMismatch;
  data.op_kinds = {"check", "touch_write", "truncate"};
  data.detail = "  bytes 0x100a-0x100f hold op #3's touch_write data; zeros was due\n  they lie in a page op #3 "
                "(touch_write) stored into while op #2 (truncate) truncated the file below it: a store through a "
                "mapping raced a truncate below it\n";
  ASSERT_NE(MatchKnown(data, EnvOf("ext4", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(data, EnvOf("ext4", "6.18.44"))->id, "truncate-vs-mkwrite-maps-past-eof");
  EXPECT_EQ(MatchKnown(data, EnvOf("xfs", "6.18.44")), nullptr);
  Finding views = data;  // seen in the page cache only (before write-back)
  views.cls = FindingClass::kIncoherentViews;
  EXPECT_NE(MatchKnown(views, EnvOf("ext4", "6.18.44")), nullptr);
}

TEST(KnownFindings, DreadEioOnlyWhenTheDetailNamesACutShortWrite) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.op_kinds = {"dread"};
  f.detail = "op #5 (dread off=484K len=36K buf=heap) returned -1, errno EIO; expected 1 bytes. The read reaches "
             "[0x80000, 0x80001), which op #3 (write off=512K len=1 buf=m0) did not write: it was cut short by a "
             "fault in its buffer.";
  const KnownFinding* k = MatchKnown(f, EnvOf("xfs", "6.18.44-fc-v1272"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "write-efault-leaves-delalloc-dio-read-eio");
  EXPECT_NE(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("btrfs", "6.18.44")), nullptr);
  Finding plain = f;  // an EIO nothing explains stays a finding
  plain.detail = "op #5 (dread off=484K len=36K buf=heap) returned -1, errno EIO; expected 1 bytes.";
  EXPECT_EQ(MatchKnown(plain, EnvOf("xfs", "6.18.44")), nullptr);
}

TEST(KnownFindings, XfsDreadEioPastEofAfterFallocateOnXfsOnly) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.op_kinds = {"dread(buf=map)", "write"};
  f.detail = "op #4 (dread) returned -1, errno EIO; expected 4096 bytes. The request reaches past EOF (size 102400) "
             "after op #3 (fallocate).";
  const KnownFinding* k = MatchKnown(f, EnvOf("xfs", "6.18.44-fc-v1272"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "xfs-split-delalloc-past-eof-dio-read-eio");
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.12.1")), nullptr);
  Finding plain = f;  // a dread EIO within EOF stays a finding
  plain.detail = "op #4 (dread) returned -1, errno EIO; expected 4096 bytes.";
  EXPECT_EQ(MatchKnown(plain, EnvOf("xfs", "6.18.44")), nullptr);
}

TEST(KnownFindings, Ext4DreadIntoOwnMappingEioOverARegrownRangeOnExt4Only) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.op_kinds = {"dread(buf=map)"};
  f.detail = "op #4 (dread(buf=map)) returned -1, errno EIO; expected 8192..8192 bytes. The request reaches "
             "[0x2e000, 0x2f000), cut by a truncate, which op #2 (truncate) extended the file over again.";
  const KnownFinding* k = MatchKnown(f, EnvOf("ext4", "6.18.44-fc-v1272"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "ext4-dio-read-into-own-mapping-regrown-eio");
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  Finding heap = f;  // into a heap buffer it is not this
  heap.op_kinds = {"dread"};
  EXPECT_EQ(MatchKnown(heap, EnvOf("ext4", "6.18.44")), nullptr);
}

TEST(KnownFindings, Ext4PunchedDreadEioBesideAMappedStoreOnExt4Only) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.op_kinds = {"dread", "touch_write"};
  f.detail = "op #4 (dread) returned -1, errno EIO; expected 4096..4096 bytes. It ran beside op #3 (touch_write), a "
             "store through a mapping, and reaches [0x1000, 0x2000), which op #2 (fallocate) punched.";
  const KnownFinding* k = MatchKnown(f, EnvOf("ext4", "6.18.44-fc-v1272"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "ext4-dio-read-punched-eio-racing-mapped-store");
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
}

TEST(KnownFindings, ExposedJunkInAPrivateCopyAsIncoherentViewsOnTmpfsAndExt4) {
  Finding f;
  f.cls = FindingClass::kIncoherentViews;
  f.op_kinds = {"touch_write"};
  f.detail = "the end-of-program check read mapped m4 (mapped m2 agrees with the model) [0x0, 0x100000):\n"
             "  bytes 0x2bd24-0x2bfff hold op #9's touch_write data stored past EOF; zeros was due\n";
  const KnownFinding* t = MatchKnown(f, EnvOf("tmpfs", "6.18.44"));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(std::string(t->id), "tmpfs-extend-exposes-junk");
  const KnownFinding* e = MatchKnown(f, EnvOf("ext4", "6.18.44"));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(std::string(e->id), "ext4-dio-extend-exposes-junk");
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);  // xfs zeroes the EOF page's tail
  Finding g = f;
  g.detail = "  bytes 0x2bd24-0x2bfff hold op #9's touch_write data; zeros was due\n";
  EXPECT_EQ(MatchKnown(g, EnvOf("tmpfs", "6.18.44")), nullptr);
}

TEST(KnownFindings, MisalignedEinvalWriteAsIncoherentViewsOnExt4) {
  Finding f;
  f.cls = FindingClass::kIncoherentViews;
  f.op_kinds = {"dwrite(buf=map)"};
  f.detail = "the end-of-program check read direct (buffered agrees with the model) [0x0, 0x1800):\n"
             "    bytes 0x0-0x0 hold zeros; initial data was due\n    they hold what op #3 (dwrite(buf=map)) would "
             "have written: it failed with EINVAL after writing part of its range to disk\n";
  const KnownFinding* k = MatchKnown(f, EnvOf("ext4", "6.18.44-fc-v1272"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "ext4-misaligned-dio-einval-writes");
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  Finding other = f;  // incoherent views the failed write does not explain
  other.detail = "bytes 0x0-0x0 hold zeros; initial data was due\n";
  EXPECT_EQ(MatchKnown(other, EnvOf("ext4", "6.18.44")), nullptr);
}

TEST(KnownFindings, BcachefsReadaheadVsDioWriteDeadlockOn612Only) {
  Finding f;
  f.cls = FindingClass::kHang;
  f.fs = "bcachefs";
  f.op_kinds = {"dwrite"};
  f.title = "INFO: task hung in dwrite on bcachefs";
  f.detail = "op #12 (dwrite) on thread 1 did not finish within 120000 ms.";
  const Env vm = EnvOf("bcachefs", "6.12.118+deb13-cloud-amd64");
  const KnownFinding* k = MatchKnown(f, vm);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "bcachefs-readahead-vs-dio-write-deadlock");
  Finding m = f;
  m.op_kinds = {"madvise"};
  m.title = "INFO: task hung in madvise on bcachefs";
  EXPECT_NE(MatchKnown(m, vm), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.12.118+deb13-cloud-amd64")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("bcachefs", "6.18.44")), nullptr);
  Finding r = f;
  r.op_kinds = {"read"};  // a buffered read did not deadlock
  EXPECT_EQ(MatchKnown(r, vm), nullptr);
  EXPECT_TRUE(MarkKnown(f, vm));
  EXPECT_NE(f.title.find("[known: bcachefs-readahead-vs-dio-write-deadlock]"), std::string::npos);
}

TEST(KnownFindings, BcachefsDioWriteEfaultExtendsSizeOn612Only) {
  Finding f;
  f.cls = FindingClass::kSizeMismatch;
  f.fs = "bcachefs";
  f.op_kinds = {"dwrite(buf=map)"};
  f.detail = "st_size after step 9 is 528384, expected 450560\n  op #21 (dwrite(buf=map)) returned -1 EFAULT";
  const Env vm = EnvOf("bcachefs", "6.12.118+deb13-cloud-amd64");
  const KnownFinding* k = MatchKnown(f, vm);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "bcachefs-dio-write-efault-extends-size");
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.12.118+deb13-cloud-amd64")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("bcachefs", "6.18.44")), nullptr);
  Finding h = f;
  h.op_kinds = {"dwrite"};  // heap buffer: not this one
  EXPECT_EQ(MatchKnown(h, vm), nullptr);
}

TEST(KnownFindings, BcachefsTruncateReturnsOneOn612Only) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.fs = "bcachefs";
  f.op_kinds = {"truncate"};
  f.detail = "op #12 (truncate) returned 1; expected 0.";
  const Env vm = EnvOf("bcachefs", "6.12.118+deb13-cloud-amd64");
  const KnownFinding* k = MatchKnown(f, vm);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "bcachefs-truncate-returns-1");
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.12.118+deb13-cloud-amd64")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("bcachefs", "6.18.44")), nullptr);
  Finding other = f;
  other.detail = "op #12 (truncate) returned 2; expected 0.";  // any other value stays unknown
  EXPECT_EQ(MatchKnown(other, vm), nullptr);
}

TEST(KnownFindings, BcachefsDioReadEnomemOn612Only) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.fs = "bcachefs";
  f.op_kinds = {"dread(buf=map)", "touch_read"};
  f.detail = "op #14 (dread(buf=map)) returned -1, errno ENOMEM; expected 1..65536 bytes.";
  const Env vm = EnvOf("bcachefs", "6.12.118+deb13-cloud-amd64");
  const KnownFinding* k = MatchKnown(f, vm);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "bcachefs-dio-read-buffer-past-eof-enomem");
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.12.118+deb13-cloud-amd64")), nullptr);
  Finding heap = f;
  heap.op_kinds = {"dread"};  // a heap buffer: not this one
  EXPECT_EQ(MatchKnown(heap, vm), nullptr);
}

TEST(KnownFindings, BcachefsDioReadIntoMappingLostOn612Only) {
  Finding f;
  f.cls = FindingClass::kDataMismatch;
  f.fs = "bcachefs";
  f.op_kinds = {"dwrite(buf=map)", "dread(buf=map)"};
  f.detail = "the read-back after step 27 read buffered (settle) [0xc8be7, 0xcdbe7):\n"
             "  bytes 0xcc000-0xcdbe6 hold initial data; initial data (moved) was due\n";
  const Env vm = EnvOf("bcachefs", "6.12.118+deb13-cloud-amd64");
  const KnownFinding* k = MatchKnown(f, vm);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "bcachefs-dio-read-into-mapping-lost-by-dio-write");
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.12.118+deb13-cloud-amd64")), nullptr);
  Finding plain = f;  // data that was not moved by a read into a mapping: not this one
  plain.detail = "bytes 0xcc000-0xcdbe6 hold initial data; op #3's dwrite data was due\n";
  EXPECT_EQ(MatchKnown(plain, vm), nullptr);
  Finding no_read = f;
  no_read.op_kinds = {"dwrite(buf=map)", "touch_write"};
  EXPECT_EQ(MatchKnown(no_read, vm), nullptr);
}

}  // namespace
TEST(KnownFindings, Ext4DioExtendExposesJunkOnExt4Only) {
  Finding f;
  f.cls = FindingClass::kDataMismatch;
  f.op_kinds = {"read", "touch_write"};
  f.detail = "bytes 0x41d2d-0x41fff hold op #39's touch_write data stored past EOF; zeros was due";
  EXPECT_NE(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.1.0-30-cloud-amd64")), nullptr);
  f.detail = "bytes 0x41d2d-0x41fff hold op #39's touch_write data; zeros was due";
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
}

TEST(KnownFindings, FailedDioWriteStaleCacheOnExt4AndXfsNotBtrfs) {
  Finding f;
  f.cls = FindingClass::kIncoherentViews;
  f.op_kinds = {"dwrite(buf=map)", "truncate"};
  f.detail = "bytes 0xf7000-0xf9fff hold op #3's write data (moved by -24576 bytes); initial data was due";
  EXPECT_NE(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
  EXPECT_NE(MatchKnown(f, EnvOf("xfs", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("btrfs", "6.18.44")), nullptr);
  f.detail = "bytes 0xf7000-0xf9fff hold op #3's write data; initial data was due";
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
}

TEST(KnownFindings, FailedDioWriteDataSurfacingLaterNeedsTheCheckersNote) {
  Finding f;
  f.cls = FindingClass::kDataMismatch;
  f.op_kinds = {"dread", "dwrite(buf=map)"};
  f.detail =
      "op #31 (dread) read direct [0x2000, 0x4000):\n  bytes 0x2000-0x3fff hold op #8's dwrite data (moved by -24576 "
      "bytes); op #8's dwrite data was due\n  they hold what op #12 (dwrite(buf=map)) would have written: it failed "
      "with EFAULT after writing part of its range to disk\n";
  const KnownFinding* k = MatchKnown(f, EnvOf("xfs", "6.18.44"));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "dio-write-efault-data-surfaces-later");
  EXPECT_NE(MatchKnown(f, EnvOf("ext4", "6.18.44")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("btrfs", "6.18.44")), nullptr);  // btrfs returns the short count
  EXPECT_EQ(MatchKnown(f, EnvOf("xfs", "6.1.0")), nullptr);
  Finding i = f;
  i.cls = FindingClass::kIncoherentViews;
  i.op_kinds = {"check", "dwrite(buf=map)"};
  EXPECT_NE(MatchKnown(i, EnvOf("ext4", "6.18.44")), nullptr);
  Finding n = f;  // no note: the bad bytes are not the failed write's data
  n.detail = "op #31 (dread) read direct [0x2000, 0x4000):\n  bytes 0x2000-0x3fff hold zeros; op #8's dwrite data was due\n";
  EXPECT_EQ(MatchKnown(n, EnvOf("xfs", "6.18.44")), nullptr);
  Finding h = f;
  h.op_kinds = {"dread", "dwrite"};
  EXPECT_EQ(MatchKnown(h, EnvOf("xfs", "6.18.44")), nullptr);
}

}  // namespace fsfuzz

namespace fsfuzz {
namespace {

TEST(KnownFindings, TmpfsMissingSigbusOnlyWithHugeAlways) {
  Finding f;
  f.cls = FindingClass::kMissingSigbus;
  f.op_kinds = {"check"};
  f.detail = "loading through m0 at file offset 0x3000, in a page wholly past EOF (size 12288), did not take SIGBUS.";
  Env e = EnvOf("tmpfs", "6.18.44-fc");
  e.mount_options = "rw,nosuid,nodev,relatime,size=524288k,huge=always";
  EXPECT_NE(MatchKnown(f, e), nullptr);
  Finding touch = f;  // a touch's wording
  touch.op_kinds = {"touch_read"};
  touch.detail = "op #47 (touch_read) reached file offset 0x60592 without SIGBUS, in a page wholly past every EOF "
                 "possible in the step (0x5e000).";
  EXPECT_NE(MatchKnown(touch, e), nullptr);
  e.mount_options = "rw,relatime,size=524288k,huge=never";
  EXPECT_EQ(MatchKnown(f, e), nullptr);  // small folios must take SIGBUS
  e.mount_options = "rw,relatime";
  EXPECT_EQ(MatchKnown(f, e), nullptr);
  Env x = EnvOf("ext4", "6.18.44-fc");
  x.mount_options = "rw,relatime,huge=always";  // not tmpfs
  EXPECT_EQ(MatchKnown(f, x), nullptr);
}

}  // namespace
}  // namespace fsfuzz

namespace fsfuzz {
namespace {

TEST(KnownFindings, BtrfsDioReadEioOnlyWhenAStoreRacedIntoItsBuffer) {
  Finding f;
  f.cls = FindingClass::kUnexpectedErrno;
  f.op_kinds = {"dread(buf=map)", "touch_write"};
  f.detail = "op #12 (dread(buf=map)) returned -1, errno EIO; expected 40960..40960 bytes. Op #13 (touch_write m5 "
             "off=20K+1517 len=4017) stored into the read's buffer while it was in flight.";
  EXPECT_NE(MatchKnown(f, EnvOf("btrfs", "6.18.44-fc")), nullptr);
  EXPECT_EQ(MatchKnown(f, EnvOf("ext4", "6.18.44-fc")), nullptr);
  Finding plain = f;  // no racing store named: a btrfs bug fsfuzz must keep reporting
  plain.detail = "op #12 (dread(buf=map)) returned -1, errno EIO; expected 40960..40960 bytes.";
  EXPECT_EQ(MatchKnown(plain, EnvOf("btrfs", "6.18.44-fc")), nullptr);
}

}  // namespace
}  // namespace fsfuzz
