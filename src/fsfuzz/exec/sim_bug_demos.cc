// The demo programs of the simulated bugs (see sim_bug_demos.h).
#include "src/fsfuzz/exec/sim_bug_demos.h"

#include <vector>

namespace fsfuzz {
namespace {

constexpr uint64_t K = 1024;

Op Data(OpKind k, uint64_t off, uint64_t len, Buf buf = {}) {
  Op o;
  o.kind = k;
  o.off = off;
  o.len = len;
  o.buf = buf;
  return o;
}
Op OnSlot(OpKind k, uint8_t slot, uint64_t off, uint64_t len, uint8_t mode = 0) {
  Op o;
  o.kind = k;
  o.slot = slot;
  o.off = off;
  o.len = len;
  o.mode = mode;
  return o;
}
Op MapShared(uint64_t len) { return OnSlot(OpKind::kMmap, 0, 0, len, static_cast<uint8_t>(MapMode::kShared)); }
Op Trunc(uint64_t size) {
  Op o;
  o.kind = OpKind::kTruncate;
  o.size = size;
  return o;
}

Program Seq(uint64_t size, std::vector<Op> ops) {
  Program p;
  p.header.size = size;
  p.header.seed = 1;
  for (Op& o : ops) p.steps.push_back(Step{false, {o}});
  return p;
}

}  // namespace

Program SimBugDemo(SimBug bug) {
  switch (bug) {
    case SimBug::kStalePage:
      // read off=0 len=4K; dwrite off=0 len=4K; read off=0 len=4K  (sees kSrcInit, not #2)
      return Seq(16 * K, {Data(OpKind::kRead, 0, 4 * K), Data(OpKind::kDWrite, 0, 4 * K),
                          Data(OpKind::kRead, 0, 4 * K)});
    case SimBug::kLostWrite:
      // m0 = mmap off=0 len=16K shared; write off=0 len=4K; read off=0 len=4K  (no #2 data)
      return Seq(16 * K, {MapShared(16 * K), Data(OpKind::kWrite, 0, 4 * K), Data(OpKind::kRead, 0, 4 * K)});
    case SimBug::kExtendNoZero:
      // m0 = mmap 16K shared; truncate 6144; touch_write m0 off=7000 len=100 (junk past EOF);
      // truncate 16K; read off=0 len=16K  ([6144, 16K) must read zero)
      return Seq(16 * K, {MapShared(16 * K), Trunc(6144), OnSlot(OpKind::kTouchWrite, 0, 7000, 100),
                          Trunc(16 * K), Data(OpKind::kRead, 0, 16 * K)});
    case SimBug::kTornWrite:
      // write off=0 len=8K; read off=0 len=8K  (second half is not #1's)
      return Seq(16 * K, {Data(OpKind::kWrite, 0, 8 * K), Data(OpKind::kRead, 0, 8 * K)});
    case SimBug::kMissingSigbus:
      // size=4K; m0 = mmap 16K shared; touch_read m0 off=8K len=1  (must take SIGBUS)
      return Seq(4 * K, {MapShared(16 * K), OnSlot(OpKind::kTouchRead, 0, 8 * K, 1)});
    case SimBug::kWrongSize:
      // size=4K; write off=4K len=100  (st_size must be 4196)
      return Seq(4 * K, {Data(OpKind::kWrite, 4 * K, 100)});
    case SimBug::kDioMapHang:
      // m0 = mmap 16K shared; dwrite off=0 len=4K buf=m0+8K  (blocks)
      return Seq(16 * K, {MapShared(16 * K), Data(OpKind::kDWrite, 0, 4 * K, Buf{Buf::Kind::kSlot, 0, 8 * K})});
    case SimBug::kSpuriousSigbus:
      // size=6K; m0 = mmap 16K shared; touch_read m0 off=4K len=1  (below EOF: no SIGBUS)
      return Seq(6 * K, {MapShared(16 * K), OnSlot(OpKind::kTouchRead, 0, 4 * K, 1)});
    case SimBug::kDioEinval:
      // size=4K; dwrite off=4K len=4K  (extends: must succeed)
      return Seq(4 * K, {Data(OpKind::kDWrite, 4 * K, 4 * K)});
    case SimBug::kEvictDropsDirty:
      // write off=0 len=4K; evict; read off=0 len=4K  (#1's data must survive)
      return Seq(16 * K, {Data(OpKind::kWrite, 0, 4 * K), Op{OpKind::kEvict, 0, 0, 0, 0, {}, 0},
                          Data(OpKind::kRead, 0, 4 * K)});
  }
  return Program{};
}

}  // namespace fsfuzz
