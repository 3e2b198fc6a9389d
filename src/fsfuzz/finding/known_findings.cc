// The known-findings table (see known_findings.h). Each row was reproduced with the C
// program docs/known-findings/<id>.c on the kernel listed.
#include "src/fsfuzz/finding/known_findings.h"

#include <algorithm>
#include <string>

namespace fsfuzz {
namespace {

bool InList(std::string_view list, std::string_view item) {
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    std::string_view w = list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (w == item) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

bool KernelMatches(std::string_view list, const std::string& kernel) {
  if (list.empty()) return true;  // every kernel
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    std::string_view w = list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (!w.empty() && kernel.compare(0, w.size(), w) == 0) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

const std::vector<KnownFinding>& KnownFindings() {
  static const std::vector<KnownFinding> kTable = {
      {"dio-collision-eio", "ext4,xfs", "", FindingClass::kDioCollision, "", "",
       "an O_DIRECT write racing stores through a mapping of its range cannot invalidate the re-dirtied page "
       "cache (\"Page cache invalidation failure on direct I/O\"): the next sync returns EIO. Documented behaviour "
       "of iomap filesystems; btrfs and tmpfs stay coherent"},
      {"buffered-write-efault-extends-size", "ext4,tmpfs", "6.18", FindingClass::kSizeMismatch,
       "write(buf=map),dwrite(buf=map)", "EFAULT",
       "a buffered write beyond EOF whose source buffer faults fails with EFAULT but st_size grows to the write "
       "offset (the write_end path extends i_size with zero bytes copied); tmpfs O_DIRECT goes the same way"},
      {"ext4-misaligned-dio-einval-writes", "ext4", "6.18", FindingClass::kDataMismatch, "dwrite,dwrite(buf=map)",
       "failed with EINVAL",
       "an O_DIRECT write with a length that is not block aligned, over an allocated block and a hole, fails with "
       "EINVAL after writing the allocated block (iomap checks alignment per extent)"},
      // The same failed write seen as views that disagree at rest: the page cache over the
      // block it wrote keeps the old bytes (the checker names the failed write in the detail).
      {"ext4-misaligned-dio-einval-writes", "ext4", "6.18", FindingClass::kIncoherentViews,
       "dwrite,dwrite(buf=map)", "failed with EINVAL after writing part",
       "an O_DIRECT write with a length that is not block aligned fails with EINVAL after writing its first "
       "blocks, and the page cache over them is not invalidated (faulting a buffer that maps the same file read "
       "them back ahead of the write): O_DIRECT reads return the new bytes, buffered reads and mappings the old"},
      {"tmpfs-extend-exposes-junk", "tmpfs", "6.18", FindingClass::kDataMismatch, "",
       "stored past EOF",
       "bytes stored through a shared mapping past EOF (in the EOF page) become file data when ftruncate, a write "
       "or fallocate extends the file over them (fstests generic/363, fsx -e)"},
      // The same bytes caught in a private mapping's copy of the page, made after the file
      // grew over them: the private view keeps them while the file's views move on (stress
      // 2026-12-07, tmpfs-huge and ext4, the same program).
      {"tmpfs-extend-exposes-junk", "tmpfs", "6.18", FindingClass::kIncoherentViews, "", "stored past EOF",
       "bytes stored through a shared mapping past EOF become file data when the file is extended over them; a "
       "private mapping that copies the page then keeps them after the file's bytes there change"},
      // The finding names the op whose data shows (moved), not the failed write that moved
      // it: "moved" in the detail stands for "a copy put it there".
      {"iomap-dio-write-efault-leaves-stale-cache", "ext4,xfs", "6.18", FindingClass::kIncoherentViews,
       "dwrite(buf=map),write,dwrite,touch_write", "moved",
       "an O_DIRECT write whose buffer runs into a page wholly past EOF of the mapping it comes from fails with "
       "EFAULT after writing its first blocks, and the page cache over them is not invalidated: buffered reads "
       "and mappings keep the old bytes, O_DIRECT reads return the new ones (btrfs returns the short count)"},
      // The same stale cache, seen steps after the failed write (by a dread, a check, the
      // settle after an evict): the checker names the failed write and says so in the detail
      // ("... would have written: it failed with EFAULT ...") when the bad bytes are its data.
      {"dio-write-efault-data-surfaces-later", "ext4,xfs", "6.18", FindingClass::kDataMismatch,
       "dwrite(buf=map)", "failed with EFAULT after writing part",
       "the blocks an O_DIRECT write wrote before it failed with EFAULT (its buffer runs into a page wholly past "
       "EOF of the mapping it comes from) stay behind a stale page cache: O_DIRECT reads return them at once, "
       "buffered reads and mappings once the clean page is dropped, so the failed write's data surfaces steps later"},
      {"dio-write-efault-data-surfaces-later", "ext4,xfs", "6.18", FindingClass::kIncoherentViews,
       "dwrite(buf=map)", "failed with EFAULT after writing part",
       "the blocks an O_DIRECT write wrote before it failed with EFAULT stay behind a stale page cache: views that "
       "read the disk and views that read the cache disagree at rest, steps after the failed write"},
      // Only with huge=always: tmpfs with small folios takes SIGBUS there (tested). The
      // detail is a view's or a copy's ("in a page wholly past EOF") or a touch's ("... past
      // every EOF").
      {"tmpfs-huge-maps-past-eof", "tmpfs", "6.18", FindingClass::kMissingSigbus, "", "in a page wholly past",
       "tmpfs mounted huge=always maps the whole large folio a write allocated, pages wholly past EOF included: a "
       "load there reads zeros instead of taking SIGBUS (fstests generic/749), and read(2) copies into it instead of "
       "stopping short. mm/filemap.c and finish_fault() make this an exception for shmem on purpose; other "
       "filesystems and huge=never tmpfs take SIGBUS",
       "huge=always"},
      {"btrfs-dio-read-buffer-stores-csum-eio", "btrfs", "6.18", FindingClass::kUnexpectedErrno, "dread(buf=map)",
       "stored into the read's buffer while it was in flight",
       "an O_DIRECT read whose user buffer another thread stores into while the read is in flight fails with EIO: "
       "btrfs verifies the data checksums on the user's pages after the read (\"csum failed ... mirror 1\") and "
       "counts a corruption in the device's error stats, though the disk is fine; ext4, xfs and tmpfs return the "
       "bytes"},
      {"ext4-dio-extend-exposes-junk", "ext4", "6.18", FindingClass::kDataMismatch, "",
       "stored past EOF",
       "bytes stored through a shared mapping past EOF (in the EOF page) become file data when an O_DIRECT write "
       "beyond them extends the file: the cached EOF page is not zeroed (a buffered write or ftruncate zeroes it; "
       "xfs and btrfs zero it for O_DIRECT too)"},
      {"ext4-dio-extend-exposes-junk", "ext4", "6.18", FindingClass::kIncoherentViews, "", "stored past EOF",
       "bytes stored through a shared mapping past EOF become file data when an O_DIRECT write beyond them "
       "extends the file; a private mapping that copies the page then keeps them after the file's bytes there "
       "change"},
      // The checker names the race in the detail (RacedStoreNote) only when the page that
      // did not fault is one a store of the round with the truncate reached.
      {"truncate-vs-mkwrite-maps-past-eof", "ext4,xfs", "6.18", FindingClass::kMissingSigbus, "touch_write",
       "a store through a mapping raced a truncate below it",
       "a store through a shared mapping racing ftruncate to below it leaves its page mapped past the new EOF: "
       "later loads there do not take SIGBUS and see the store (the page of a large folio straddling EOF that "
       "truncate could not split; page_mkwrite checks the folio's start, not the page, against i_size). On ext4 "
       "the stored bytes even become file data when the file is extended again (xfs zeroes them)"},
      // The checker names the cut-short write in the detail (NoteCutShort) only when the
      // failed read reaches the range that write did not write.
      {"truncate-vs-mkwrite-maps-past-eof", "ext4", "6.18", FindingClass::kDataMismatch, "touch_write",
       "a store through a mapping raced a truncate below it",
       "the store that raced a truncate below it, left in a page mapped past EOF, becomes file data when the file "
       "is extended over it again (ext4; xfs zeroes it)"},
      {"truncate-vs-mkwrite-maps-past-eof", "ext4", "6.18", FindingClass::kIncoherentViews, "touch_write",
       "a store through a mapping raced a truncate below it",
       "the store that raced a truncate below it, left in a page mapped past EOF, shows in the page cache when the "
       "file is extended over it again (buffered reads and mappings see it, O_DIRECT reads zeros until write-back)"},
      {"write-efault-leaves-delalloc-dio-read-eio", "ext4,xfs", "6.18", FindingClass::kUnexpectedErrno,
       "dread,dread(buf=map),write(buf=map),dwrite(buf=map)",
       "it was cut short by a fault in its buffer",
       "a buffered write past EOF whose source buffer faults (a mapped page wholly past EOF) copies nothing but "
       "leaves its delayed allocation behind; an O_DIRECT read whose request reaches that block (even past EOF) "
       "fails with EIO (\"Direct I/O collision with buffered writes!\"). On ext4 the buffered write is the "
       "fallback of an O_DIRECT write cut short by a fault (when mapped stores made its invalidation fail)"},
      // The checker says "... blocks (1024 bytes) are smaller than a page: a store through a
      // mapping after an O_DIRECT extension" in the detail (NoteDioExtension) when the bad
      // bytes lie in the page that held EOF before an O_DIRECT write extended the file.
      {"ext4-dio-extend-loses-mapped-store", "ext4", "6.18,6.12", FindingClass::kIncoherentViews, "touch_write",
       "a store through a mapping after an O_DIRECT extension",
       "with blocks smaller than a page, bytes stored through a shared mapping into the page that held EOF, after "
       "an O_DIRECT write extended the file past it, are never written back: msync and fsync succeed, O_DIRECT "
       "reads return zeros there at once, buffered reads once the page is evicted (the O_DIRECT extension does "
       "not write-protect the page as an extending truncate or buffered write does). Data loss; ext4 with 4 KiB "
       "blocks, xfs with 1 KiB blocks and btrfs keep the bytes"},
      {"ext4-dio-extend-loses-mapped-store", "ext4", "6.18,6.12", FindingClass::kDataMismatch, "touch_write",
       "a store through a mapping after an O_DIRECT extension",
       "with blocks smaller than a page, bytes stored through a shared mapping into the page that held EOF, after "
       "an O_DIRECT write extended the file past it, are never written back: views read zeros there once the page "
       "is evicted or read from disk (data loss)"},
      // The checker says "It ran beside op #k (touch_write), a store through a mapping, and
      // reaches [...), which op #j (fallocate) punched." in the detail.
      {"ext4-dio-read-punched-eio-racing-mapped-store", "ext4", "6.18", FindingClass::kUnexpectedErrno,
       "dread,dread(buf=map)", "a store through a mapping, and reaches",
       "an O_DIRECT read of a block punched out of data not yet written back fails with EIO (\"Direct I/O "
       "collision with buffered writes!\") while a store through a shared mapping goes to the neighbouring block: "
       "210 of 300 races in C; none after fsync, none without the punch, none on xfs"},
      // The checker says "..., cut by a truncate, which op #k (...) extended the file over
      // again." in the detail.
      // A heap-buffer read gets the note (and that read's kind) only beside such a read into a
      // mapping in its round (docs/known-findings/ext4-dio-read-into-own-mapping-regrown-eio-beside.c).
      {"ext4-dio-read-into-own-mapping-regrown-eio", "ext4", "6.18", FindingClass::kUnexpectedErrno,
       "dread(buf=map)", "cut by a truncate, which op #",
       "an O_DIRECT read into a shared mapping of the same file fails with EIO (\"Direct I/O collision with "
       "buffered writes!\") when its range reaches blocks that ftruncate cut from data not yet written back and "
       "that the file was then extended over again (by ftruncate or a write); into a heap buffer, or after "
       "fsync, it returns the bytes, except beside such a read into a mapping (6 of 20 races in C). "
       "Deterministic; xfs returns them"},
      // The checker says "reaches past EOF (size N) after op #k (fallocate)" (or dwrite).
      {"xfs-split-delalloc-past-eof-dio-read-eio", "xfs", "6.18", FindingClass::kUnexpectedErrno,
       "dread,dread(buf=map)", "reaches past EOF (size",
       "a buffered write that extends the file reserves delayed allocation past EOF; a fallocate or an O_DIRECT "
       "write inside that reservation splits it, write-back never converts the part past EOF, and an O_DIRECT "
       "read whose request crosses EOF fails with EIO (\"Direct I/O collision with buffered writes!\") instead of "
       "returning the bytes up to EOF. Deterministic; ext4 and btrfs return the short count"},
      {"bcachefs-dio-write-from-own-mapping-efault", "bcachefs", "6.12", FindingClass::kUnexpectedErrno,
       "dwrite(buf=map)", "EFAULT",
       "an O_DIRECT write whose buffer is a shared mapping of the same file (pages below EOF, not yet faulted in) "
       "fails with EFAULT: the DIO path refuses the fault on its own mapping (faults_disabled_mapping) and returns "
       "the error instead of faulting the buffer in and retrying"},
      {"bcachefs-extend-by-write-exposes-junk", "bcachefs", "6.12", FindingClass::kDataMismatch, "",
       "stored past EOF",
       "bytes stored through a shared mapping past EOF (in the EOF page) become file data when a write beyond "
       "them extends the file (ftruncate zeroes them; a write does not)"},
      {"bcachefs-readahead-vs-dio-write-deadlock", "bcachefs", "6.12", FindingClass::kHang,
       "dwrite,dwrite(buf=map),madvise", "",
       "readahead (madvise or posix_fadvise WILLNEED -> force_page_cache_ra) racing an O_DIRECT write over the "
       "same range deadlocks: bch2_readahead waits for the pagecache add lock (__bch2_two_state_lock) while "
       "holding the locked folios it added; the O_DIRECT write holds the pagecache block lock and waits for those "
       "folios in invalidate_inode_pages2_range. Both tasks stay in D state for good"},
      {"bcachefs-dio-write-efault-extends-size", "bcachefs", "6.12", FindingClass::kSizeMismatch,
       "dwrite(buf=map)", "EFAULT",
       "an O_DIRECT write beyond EOF from a shared mapping of the same file that straddles EOF writes the "
       "buffer's first (faulted-in) page, extends st_size, then fails on the next page and returns -1 EFAULT "
       "instead of the short count (bch2_dio_write_loop returns op.error over the bytes written)"},
      {"bcachefs-truncate-returns-1", "bcachefs", "6.12", FindingClass::kUnexpectedErrno, "truncate",
       "(truncate) returned 1;",
       "ftruncate() to the size the file already has returns 1 (neither 0 nor -1) when a page past that size "
       "in the folio straddling it was dirtied through a shared mapping before (bchfs_truncate passes "
       "bch2_truncate_folio's 1 to user space when the size does not change)"},
      {"bcachefs-dio-read-buffer-past-eof-enomem", "bcachefs", "6.12", FindingClass::kUnexpectedErrno,
       "dread(buf=map)", "errno ENOMEM",
       "an O_DIRECT read whose buffer is a shared mapping of the same file running into pages wholly past EOF "
       "fails with ENOMEM (ext4 and xfs: EFAULT; btrfs: the short count)"},
      // The bytes a read into a mapping of the file put there ("moved") are due; the page
      // cache shows what was there before.
      {"bcachefs-dio-read-into-mapping-lost-by-dio-write", "bcachefs", "6.12", FindingClass::kDataMismatch,
       "dread(buf=map)", "(moved",
       "data an O_DIRECT read stored into a shared mapping of the same file is lost when an O_DIRECT write to "
       "the neighbouring range runs at the same time: the read returns its count, the mapping shows the bytes, "
       "and later reads show the old ones (the page-cache pages it filled were dropped without write-back)"},
  };
  return kTable;
}

const KnownFinding* MatchKnown(const Finding& f, const Env& env) {
  for (const KnownFinding& k : KnownFindings()) {
    if (k.cls != f.cls || !InList(k.fs, env.fs) || !KernelMatches(k.kernels, env.kernel)) continue;
    if (!k.mount_has.empty() && env.mount_options.find(k.mount_has) == std::string::npos) continue;
    bool op = k.ops.empty() ||
              std::any_of(f.op_kinds.begin(), f.op_kinds.end(), [&](const std::string& o) { return InList(k.ops, o); });
    if (!op) continue;
    if (!k.detail_has.empty() && f.detail.find(k.detail_has) == std::string::npos) continue;
    return &k;
  }
  return nullptr;
}

bool MarkKnown(Finding& f, const Env& env) {
  const KnownFinding* k = MatchKnown(f, env);
  if (!k) return false;
  f.evidence["known"] = std::string(k->id);
  f.evidence["known_summary"] = std::string(k->summary);
  if (f.title.find("[known:") == std::string::npos) f.title += " [known: " + std::string(k->id) + "]";
  return true;
}

}  // namespace fsfuzz
