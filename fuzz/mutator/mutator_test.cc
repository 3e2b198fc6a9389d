// The structure-aware mutator keeps every program valid and exactly re-encodable.
#include "fuzz/mutator/mutator.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "fuzz/mutator/repair.h"
#include "src/fsfuzz/exec/sim_bug_demos.h"
#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::fuzz {
namespace {

void ExpectRoundTrips(const Program& p, const std::string& how) {
  ASSERT_TRUE(Validate(p).empty()) << how << ": " << Validate(p)[0].message << "\n" << PrintProgram(p);
  ASSERT_TRUE(WithinDecodeLimits(p)) << how << "\n" << PrintProgram(p);
  const std::vector<uint8_t> b = Encode(p);
  ASSERT_EQ(Decode(b.data(), b.size()), p) << how << "\n" << PrintProgram(p);
}

std::vector<Program> Seeds() {
  std::vector<Program> out;
  for (int b = 0; b < kNumSimBugs; ++b) out.push_back(SimBugDemo(static_cast<SimBug>(b)));
  Rng rng(7);
  GenOptions go;
  go.num_steps = 12;
  go.file_size = 64 * 1024;
  go.max_file_size = 256 * 1024;
  for (int i = 0; i < 10; ++i) out.push_back(Generate(rng, go));
  return out;
}

TEST(Mutator, EveryMutationStaysValidAndRoundTrips) {
  const Mutator m;
  Rng rng(1);
  std::map<std::string, int> names;
  for (Program p : Seeds()) {
    Repair(p, m.options().limits);
    for (int i = 0; i < 300; ++i) {
      const std::string_view name = m.Mutate(p, rng);
      names[std::string(name)]++;
      ExpectRoundTrips(p, "after " + std::string(name));
      if (HasFatalFailure()) return;
    }
  }
  // Every kind of mutation happened.
  for (const char* n : {"insert", "insert-round", "delete", "duplicate", "swap", "into-round", "out-of-round", "arg",
                        "kind", "header", "align"}) {
    EXPECT_GT(names[n], 0) << n;
  }
}

TEST(Mutator, FixedOpsKeepsTheOpCount) {
  MutatorOptions o;
  o.fixed_ops = true;
  const Mutator m(o);
  Rng rng(2);
  for (Program p : Seeds()) {
    Repair(p, o.limits);
    const size_t n = p.NumOps();
    for (int i = 0; i < 100; ++i) {
      m.Mutate(p, rng);
      ASSERT_EQ(p.NumOps(), n);
    }
  }
}

TEST(Mutator, CrossOverGivesValidChildren) {
  const Mutator m;
  Rng rng(3);
  const std::vector<Program> seeds = Seeds();
  for (int i = 0; i < 500; ++i) {
    const Program c = m.CrossOver(seeds[rng() % seeds.size()], seeds[rng() % seeds.size()], rng);
    ExpectRoundTrips(c, "crossover");
    if (HasFatalFailure()) return;
  }
}

TEST(Mutator, BytesInBytesOut) {
  const Mutator m;
  Rng rng(4);
  for (int i = 0; i < 500; ++i) {
    std::vector<uint8_t> buf(512);
    const size_t size = rng() % 64;
    for (size_t k = 0; k < size; ++k) buf[k] = static_cast<uint8_t>(rng());
    const size_t n = MutateBytes(m, buf.data(), size, buf.size(), rng());
    ASSERT_GT(n, 0u);
    ASSERT_LE(n, buf.size());
    ExpectRoundTrips(Decode(buf.data(), n), "bytes");
    if (HasFatalFailure()) return;
  }
}

TEST(Mutator, OutputFitsMaxSize) {
  const Mutator m;
  Program p = Seeds().back();
  Repair(p, m.options().limits);
  std::vector<uint8_t> b = Encode(p);
  b.resize(b.size() + 64);
  const size_t n = MutateBytes(m, b.data(), b.size() - 64, 16, 5);
  EXPECT_LE(n, 16u);
}

TEST(Repair, RetargetsOrDropsOpsWhoseSlotIsGone) {
  auto p = ParseProgram(
      "file size=16K seed=1\n"
      "mmap m0 off=0 len=16K shared\n"
      "touch_read m0 off=0 len=4K\n"
      "write off=0 len=4K\n",
      "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  Program q = *p;
  q.steps.erase(q.steps.begin());  // the mapping is gone: touch_read cannot stay
  Repair(q, DecodeLimits{});
  ExpectRoundTrips(q, "repair");
  ASSERT_EQ(q.steps.size(), 1u);
  EXPECT_EQ(q.steps[0].ops[0].kind, OpKind::kWrite);
}

}  // namespace
}  // namespace fsfuzz::fuzz
