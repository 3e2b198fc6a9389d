// The minimizer against fake predicates: tables of text programs, what must keep failing,
// and the program the minimizer must reach.
#include "src/fsfuzz/repro/minimize.h"

#include <gtest/gtest.h>

#include <set>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz {
namespace {

Program Parse(const std::string& text) {
  auto p = ParseProgram(text);
  EXPECT_TRUE(p.ok()) << p.status().message() << "\n" << text;
  return p.ok() ? *p : Program{};
}

bool AnyOp(const Program& p, bool (*pred)(const Op&)) {
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) {
      if (pred(op)) return true;
    }
  }
  return false;
}

bool RoundWith(const Program& p, OpKind a, OpKind b) {
  for (const Step& s : p.steps) {
    if (!s.round) continue;
    bool ha = false, hb = false;
    for (const Op& op : s.ops) {
      ha |= op.kind == a;
      hb |= op.kind == b;
    }
    if (ha && hb) return true;
  }
  return false;
}

// A program with something of everything, the input of most cases.
constexpr const char* kBig = R"(
file size=1M seed=42 aux=64K
mmap m0 off=0 len=1M shared
mmap m1 off=0 len=64K aux
touch_write m0 off=64K len=64K
dwrite off=0 len=64K buf=m0+64K
write off=300K+1 len=5000
round {
  dwrite off=256K len=64K buf=heap
  touch_write m0 off=256K+100 len=4K
  read off=0 len=8K
  write off=512K len=16K buf=m1+4K
}
truncate 200K
touch_read m0 off=100K len=1
fsync
truncate 1M
check
)";

struct Case {
  const char* name;
  const char* input;
  bool (*fails)(const Program&);
  const char* want;  // the minimized program
};

const Case kCases[] = {
    {"dwrite from a mapping keeps one mapping and one page", kBig,
     [](const Program& p) {
       return AnyOp(p, [](const Op& o) { return o.kind == OpKind::kDWrite && o.buf.kind == Buf::Kind::kSlot; });
     },
     "file size=0 seed=42\n"
     "mmap m0 off=0 len=4K shared\n"
     "dwrite off=0 len=4K buf=m0\n"},
    {"a race keeps its round and drops the other ops", kBig,
     [](const Program& p) { return RoundWith(p, OpKind::kDWrite, OpKind::kTouchWrite); },
     "file size=0 seed=42\n"
     "mmap m0 off=0 len=4K shared\n"
     "round {\n"
     "  dwrite off=0 len=4K buf=heap\n"
     "  touch_write m0 off=0 len=1\n"
     "}\n"},
    {"a sequential failure loses its threads", kBig,
     [](const Program& p) {
       // A heap O_DIRECT write and a buffered read, in any order and threading.
       return AnyOp(p, [](const Op& o) { return o.kind == OpKind::kDWrite && o.buf.kind == Buf::Kind::kHeap; }) &&
              AnyOp(p, [](const Op& o) { return o.kind == OpKind::kRead; });
     },
     nullptr},
    {"removing an mmap removes its slot's users", kBig,
     [](const Program& p) { return AnyOp(p, [](const Op& o) { return o.kind == OpKind::kFsync; }); },
     "file size=0 seed=42\n"
     "fsync\n"},
    {"misaligned O_DIRECT stays misaligned",
     "file size=64K seed=1\n"
     "write off=0 len=4K\n"
     "dwrite off=8K+512 len=12K+100 buf=heap+7\n"
     "check\n",
     [](const Program& p) {
       return AnyOp(p, [](const Op& o) {
         return o.kind == OpKind::kDWrite && (o.off % 4096 || o.len % 4096 || o.buf.off % 4096);
       });
     },
     "file size=0 seed=1\n"
     "dwrite off=0 len=100 buf=heap\n"},
};

TEST(Minimize, Table) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    const Program in = Parse(c.input);
    ASSERT_TRUE(c.fails(in));
    std::set<std::string> seen;
    MinimizeOptions opt;
    auto pred = [&](const Program& p) {
      EXPECT_TRUE(Validate(p).empty()) << PrintProgram(p);
      EXPECT_TRUE(seen.insert(PrintProgram(p)).second) << "tried twice:\n" << PrintProgram(p);
      return c.fails(p);
    };
    MinimizeResult r = Minimize(in, pred, opt);
    EXPECT_TRUE(c.fails(r.program));
    EXPECT_FALSE(r.out_of_budget);
    EXPECT_LT(r.program.NumOps(), in.NumOps());
    if (c.want) {
      EXPECT_EQ(PrintProgram(r.program), c.want);
    }
  }
}

TEST(Minimize, SequentialFailureHasNoRounds) {
  const Case& c = kCases[2];
  MinimizeResult r = Minimize(Parse(c.input), c.fails);
  for (const Step& s : r.program.steps) EXPECT_FALSE(s.round) << PrintProgram(r.program);
  EXPECT_EQ(r.program.NumOps(), 2u) << PrintProgram(r.program);
}

TEST(Minimize, StopsAtMaxTests) {
  MinimizeOptions opt;
  opt.max_tests = 5;
  size_t calls = 0;
  MinimizeResult r = Minimize(Parse(kBig), [&](const Program&) { return ++calls, false; }, opt);
  EXPECT_EQ(calls, 5u);
  EXPECT_EQ(r.tests, 5u);
  EXPECT_TRUE(r.out_of_budget);
  EXPECT_EQ(r.program, Parse(kBig));  // nothing kept the failure: the input stands
}

TEST(Minimize, StopsAtTimeBudget) {
  // A fake clock that advances one second per call: a 10 s budget allows a few tests.
  auto t = std::chrono::steady_clock::time_point{};
  MinimizeOptions opt;
  opt.budget = std::chrono::seconds(10);
  opt.now = [&] { return t += std::chrono::seconds(1); };
  size_t calls = 0;
  MinimizeResult r = Minimize(Parse(kBig), [&](const Program&) { return ++calls, true; }, opt);
  EXPECT_TRUE(r.out_of_budget);
  EXPECT_GT(calls, 0u);
  EXPECT_LT(calls, 10u);
}

TEST(Minimize, ConfirmedResultWalksBackFromALuckyCandidate) {
  // A predicate that keeps everything: every removal is accepted, down to one op. Say only
  // programs with at least 3 ops really fail: the confirmed answer is the latest accepted
  // one that does, not the last (lucky) one; none confirmed: the original.
  MinimizeResult r = Minimize(Parse(kBig), [](const Program&) { return true; });
  ASSERT_GE(r.accepted.size(), 2u);
  EXPECT_EQ(r.accepted.back(), r.program);
  ASSERT_LT(r.program.NumOps(), 3u);
  size_t confirmed = 0;
  auto at_least3 = [&](const Program& q) { return ++confirmed, q.NumOps() >= 3; };
  Program c = ConfirmedResult(r, Parse(kBig), at_least3, 100);
  EXPECT_GE(c.NumOps(), 3u);
  EXPECT_LT(c.NumOps(), Parse(kBig).NumOps());
  for (size_t i = r.accepted.size(); i-- > 0;) {  // the latest accepted program that fails
    if (r.accepted[i].NumOps() >= 3) {
      EXPECT_EQ(c, r.accepted[i]);
      break;
    }
  }
  EXPECT_EQ(ConfirmedResult(r, Parse(kBig), [](const Program&) { return false; }), Parse(kBig));
  confirmed = 0;
  EXPECT_EQ(ConfirmedResult(r, Parse(kBig), at_least3, 1), Parse(kBig));  // one try: the last, lucky one
  EXPECT_EQ(confirmed, 1u);
}

TEST(Minimize, PassesCanBeSwitchedOff) {
  MinimizeOptions opt;
  opt.args = false;
  opt.threads = false;
  const Case& c = kCases[1];
  MinimizeResult r = Minimize(Parse(c.input), c.fails, opt);
  // The round keeps its two racing ops at their original arguments.
  EXPECT_NE(PrintProgram(r.program).find("dwrite off=256K len=64K buf=heap"), std::string::npos)
      << PrintProgram(r.program);
  EXPECT_EQ(r.program.NumOps(), 3u) << PrintProgram(r.program);
}

TEST(Minimize, FlakyPredicateStillEndsWithAFailingProgram) {
  // Fails only every other call: the minimizer never re-tests, so the answer is a program
  // the predicate accepted once, and the run ends.
  size_t calls = 0;
  MinimizeResult r = Minimize(Parse(kBig), [&](const Program&) { return ++calls % 2 == 0; });
  EXPECT_FALSE(r.out_of_budget);
  EXPECT_TRUE(Validate(r.program).empty());
  EXPECT_LE(r.program.NumOps(), Parse(kBig).NumOps());
}

}  // namespace
}  // namespace fsfuzz
