// Reading evidence.check into the typed check, and deriving checks the checker does not
// record (hangs, kernel reports, SIGBUS in rounds).
#include "src/fsfuzz/repro/check_spec.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/repro/test_util.h"

namespace fsfuzz {
namespace {

using nlohmann::json;
using repro_test::MustParse;

const char* kProg =
    "file size=64K seed=1\n"
    "mmap m0 off=4K len=16K shared\n"
    "round {\n  write off=0 len=8K\n  touch_read m0 off=100 len=4K\n}\n"
    "read off=0 len=4K buf=m0+8K\n"
    "fsync\n";

Finding WithCheck(json check) {
  Finding f;
  f.evidence["check"] = std::move(check);
  return f;
}

TEST(CheckSpec, Bytes) {
  const Program p = MustParse(kProg);
  auto c = CheckSpecOf(WithCheck({{"kind", "bytes"},
                                  {"when", "op"},
                                  {"op_id", 3},
                                  {"step", 1},
                                  {"view", "mapped"},
                                  {"slot", 0},
                                  {"off", 4196},
                                  {"len", 4096},
                                  {"candidates",
                                   {{{"off", 4096}, {"len", 8192}, {"src", 2}, {"delta", -5}, {"pre", true}},
                                    {{"off", 4196}, {"len", 2}, {"hex", "0aff"}},
                                    {{"off", 5000}, {"len", 10}, {"any", true}}}},
                                  {"definite", {{{"off", 4096}, {"len", 100}}}}}),
                       p);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->kind, CheckSpec::Kind::kBytes);
  EXPECT_EQ(c->when, CheckSpec::When::kOp);
  EXPECT_EQ(c->step, 1);
  EXPECT_EQ(c->view, View::kSlot);
  EXPECT_EQ(c->base, 4096u + 100);  // touch_read m0 off=100: the mapping starts at 4K
  ASSERT_EQ(c->cands.size(), 3u);
  EXPECT_TRUE(c->cands[0].pre);
  EXPECT_EQ(c->cands[0].delta, -5);
  EXPECT_EQ(c->cands[1].bytes, (std::vector<uint8_t>{0x0a, 0xff}));
  EXPECT_TRUE(c->cands[2].any);
  ASSERT_EQ(c->definite.size(), 1u);
  EXPECT_NE(DescribeCheck(*c, p).find("touch_read m0 off=100 len=4K"), std::string::npos);
}

TEST(CheckSpec, ReadIntoAMappingStartsAtTheBuffer) {
  const Program p = MustParse(kProg);
  auto c = CheckSpecOf(WithCheck({{"kind", "bytes"}, {"when", "op"}, {"op_id", 4}, {"view", "mapped"}, {"slot", 0},
                                  {"off", 12288}, {"len", 4096}, {"candidates", json::array()}}),
                       p);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->base, 4096u + 8192);
  EXPECT_EQ(c->step, 2);  // from the op, whatever the JSON says
}

TEST(CheckSpec, SizeRetSigbusSyncEio) {
  const Program p = MustParse(kProg);
  auto size = CheckSpecOf(WithCheck({{"kind", "size"}, {"when", "settle"}, {"step", 1}, {"allowed", {8192, 65536}}}), p);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->sizes, (std::vector<uint64_t>{8192, 65536}));
  auto ret = CheckSpecOf(WithCheck({{"kind", "ret"}, {"op_id", 2}, {"expected", "a write of 8192 bytes"},
                                    {"observed_ret", -1}, {"observed_errno", "EIO"}}),
                         p);
  ASSERT_TRUE(ret.ok());
  EXPECT_TRUE(ret->have_range);
  EXPECT_EQ(ret->ret_lo, 8192);
  EXPECT_EQ(ret->observed_errno, "EIO");
  auto range = CheckSpecOf(WithCheck({{"kind", "ret"}, {"op_id", 4}, {"expected", "0..4096 bytes"}}), p);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->ret_hi, 4096);
  auto bus = CheckSpecOf(WithCheck({{"kind", "sigbus"}, {"op_id", 3}, {"expect_sigbus", true}, {"expect_done", 0}}), p);
  ASSERT_TRUE(bus.ok());
  EXPECT_TRUE(bus->expect_sigbus);
  auto eio = CheckSpecOf(WithCheck({{"kind", "sync-eio"}, {"op_id", 0}, {"when", "drain"}}), p);
  ASSERT_TRUE(eio.ok());
  EXPECT_EQ(eio->when, CheckSpec::When::kDrain);
  EXPECT_EQ(eio->step, -1);
}

TEST(CheckSpec, DerivedChecks) {
  const Program p = MustParse(kProg);
  Finding hang;
  hang.cls = FindingClass::kHang;
  hang.op_id = 2;
  hang.step = 1;
  hang.evidence = {{"elapsed_ms", 10001}};
  auto h = CheckSpecOf(hang, p);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->kind, CheckSpec::Kind::kHang);
  Finding bus;
  bus.cls = FindingClass::kUnexpectedSigbus;
  bus.op_id = 3;
  bus.evidence = {{"size_min", 5000}, {"size_max", 8192}};
  auto b = CheckSpecOf(bus, p);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->kind, CheckSpec::Kind::kSigbusRange);
  EXPECT_EQ(b->limit, 8192u);
  EXPECT_EQ(b->touch_base, 4096u + 100);
  Finding other;
  other.cls = FindingClass::kIncoherentViews;
  auto n = CheckSpecOf(other, p);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->kind, CheckSpec::Kind::kNone);
  EXPECT_FALSE(n->note.empty());
}

TEST(CheckSpec, MalformedChecksAreCorrupt) {
  const Program p = MustParse(kProg);
  for (json bad : {json{{"kind", "bytes"}, {"when", "op"}, {"op_id", 3}}, json{{"kind", "nope"}},
                   json{{"kind", "sigbus"}, {"op_id", 99}, {"expect_sigbus", true}, {"expect_done", 0}},
                   json{{"kind", "size"}, {"when", "soon"}, {"allowed", {1}}},
                   json{{"kind", "bytes"}, {"when", "final"}, {"view", "buffered"}, {"off", 0}, {"len", 2},
                        {"candidates", {{{"off", 0}, {"len", 2}, {"hex", "zz"}}}}}}) {
    auto c = CheckSpecOf(WithCheck(bad), p);
    ASSERT_FALSE(c.ok()) << bad.dump();
    EXPECT_EQ(c.status().kind(), ErrorKind::kCorrupt) << bad.dump();
  }
}

}  // namespace
}  // namespace fsfuzz
