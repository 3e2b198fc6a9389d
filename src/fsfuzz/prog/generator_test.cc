// Tests for the random program generator: validity over many seeds, presets, options.
#include "src/fsfuzz/prog/generator.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz {
namespace {

void ExpectValid(const Program& p) {
  const std::vector<ProgramError> errs = Validate(p);
  ASSERT_TRUE(errs.empty()) << "step " << errs[0].step << " op " << errs[0].op << ": " << errs[0].message
                            << "\n"
                            << PrintProgram(p);
  ASSERT_TRUE(IsCanonical(p));
}

// Visits every op with the slot table before its step.
template <typename F>
void ForEachOp(const Program& p, F f) {
  Slots slots;
  for (size_t s = 0; s < p.steps.size(); ++s) {
    for (size_t i = 0; i < p.steps[s].ops.size(); ++i) f(s, i, p.steps[s].ops[i], slots);
    if (!p.steps[s].round) ApplyToSlots(p.steps[s].ops[0], slots);
  }
}

TEST(Generator, EveryPresetAndManyOptionsGiveValidPrograms) {
  for (const std::string_view preset : GenPresetNames()) {
    GenOptions base;
    ASSERT_TRUE(GenPreset(preset, &base));
    for (uint64_t seed = 0; seed < 1500; ++seed) {
      Rng rng(seed * 7919 + 1);
      GenOptions o = base;
      o.num_steps = 1 + static_cast<int>(seed % 100);
      o.max_round_ops = 1 + static_cast<int>(seed % 8);
      o.allow_remount = o.allow_drop_caches = seed % 2 == 0;
      if (seed % 3 == 0) o.round_prob = 0.9;
      if (seed % 4 == 0) o.map_per_op = !o.map_per_op;
      if (seed % 5 == 0) o.misaligned_dio_prob = 1;
      if (seed % 6 == 0) o.op_size = 1 + seed % 9000;
      if (seed % 7 == 0) o.max_file_size = 4096 * (1 + seed % 5);
      if (seed % 11 == 0) o.max_op_len = 1 + seed % 3;
      if (seed % 13 == 0) o.aux_size = 0;
      if (seed % 17 == 0) o.file_size = 3 << 20;
      const Program p = Generate(rng, o);
      ExpectValid(p);
      ASSERT_EQ(p.steps.size(), static_cast<size_t>(o.num_steps));
    }
  }
}

TEST(Generator, LargeLimitsStayValid) {
  GenOptions o;
  o.max_file_size = kMaxFileSize;
  o.max_op_len = kMaxOpLen;
  o.file_size = kMaxFileSize;
  o.aux_size = kMaxAuxSize;
  o.num_steps = 200;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed);
    ExpectValid(Generate(rng, o));
  }
}

TEST(Generator, IsDeterministic) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Rng a(seed), b(seed);
    GenOptions o;
    EXPECT_EQ(Generate(a, o), Generate(b, o));
    EXPECT_EQ(a(), b());  // and leaves the rng in the same state
  }
  Rng a(1), b(2);
  EXPECT_NE(Generate(a, GenOptions{}), Generate(b, GenOptions{}));
}

TEST(Generator, RoundsRespectMaxRoundOps) {
  GenOptions o;
  o.round_prob = 1;
  o.max_round_ops = 3;
  o.num_steps = 100;
  int rounds = 0;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    Rng rng(seed);
    for (const Step& s : Generate(rng, o).steps) {
      if (!s.round) continue;
      ++rounds;
      EXPECT_GE(s.ops.size(), 1u);
      EXPECT_LE(s.ops.size(), 3u);
    }
  }
  EXPECT_GT(rounds, 3000);
}

TEST(Generator, RoundsRaceDirectIoAgainstTheSameRange) {
  GenOptions o;
  ASSERT_TRUE(GenPreset("seed", &o));
  o.num_steps = 200;
  int rounds = 0, racing = 0, dio_from_same_file = 0;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    Rng rng(seed);
    const Program p = Generate(rng, o);
    ForEachOp(p, [&](size_t s, size_t i, const Op& op, const Slots& slots) {
      const Step& st = p.steps[s];
      if (!st.round || op.kind != OpKind::kDWrite) return;
      if (op.buf.kind == Buf::Kind::kSlot && !slots[op.buf.slot]->aux()) ++dio_from_same_file;
      for (size_t j = 0; j < st.ops.size(); ++j) {
        const Op& t = st.ops[j];
        if (j == i || (t.kind != OpKind::kTouchWrite && t.kind != OpKind::kTouchRead)) continue;
        const Mapping& m = *slots[t.slot];
        const uint64_t lo = m.off + t.off, hi = lo + t.len;
        if (!m.aux() && lo < op.off + op.len && op.off < hi) {
          ++racing;
          break;
        }
      }
    });
    for (const Step& st : p.steps) rounds += st.round;
  }
  EXPECT_GT(rounds, 5000);
  EXPECT_GT(racing, 1000) << "DIO writes with an overlapping touch in the same round";
  EXPECT_GT(dio_from_same_file, 1000);
}

TEST(Generator, FsxPresetIsOneThreadWithMappingsPerOp) {
  GenOptions o;
  ASSERT_TRUE(GenPreset("fsx", &o));
  o.num_steps = 300;
  for (uint64_t seed = 0; seed < 30; ++seed) {
    Rng rng(seed);
    const Program p = Generate(rng, o);
    ExpectValid(p);
    Slots slots;
    for (size_t s = 0; s < p.steps.size(); ++s) {
      const Step& st = p.steps[s];
      ASSERT_FALSE(st.round);
      const Op& op = st.ops[0];
      switch (op.kind) {
        case OpKind::kDWrite:
        case OpKind::kDRead:
          EXPECT_EQ(op.len, 4096u);
          EXPECT_EQ(op.off % 4096, 0u);
          EXPECT_EQ(op.buf, Buf{});
          break;
        case OpKind::kTruncate: EXPECT_EQ(op.size % 4096, 0u); break;
        case OpKind::kTouchRead:
        case OpKind::kTouchWrite: {
          // mmap right before; msync (after a store) and munmap right after.
          ASSERT_GE(s, 1u);
          EXPECT_EQ(p.steps[s - 1].ops[0].kind, OpKind::kMmap);
          EXPECT_EQ(op.len, 4096u);
          size_t next = s + 1;
          if (op.kind == OpKind::kTouchWrite && next < p.steps.size()) {
            EXPECT_EQ(p.steps[next].ops[0].kind, OpKind::kMsync);
            EXPECT_EQ(p.steps[next].ops[0].mode, static_cast<uint8_t>(MsyncMode::kSync));
            ++next;
          }
          if (next < p.steps.size()) {
            EXPECT_EQ(p.steps[next].ops[0].kind, OpKind::kMunmap);
          }
          break;
        }
        case OpKind::kMmap:
        case OpKind::kMunmap:
        case OpKind::kMsync:
        case OpKind::kCheck: break;
        default: ADD_FAILURE() << "unexpected op in fsx preset: " << PrintOp(op);
      }
      ApplyToSlots(op, slots);
    }
  }
}

TEST(Generator, WeightsSelectTheMix) {
  GenOptions o;
  o.weights.fill(0);
  o.weights[static_cast<size_t>(OpKind::kDWrite)] = 1;
  o.check_prob = 0;
  o.round_prob = 0.5;
  o.map_buf_prob = 0;
  o.num_steps = 50;
  Rng rng(5);
  const Program p = Generate(rng, o);
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) EXPECT_EQ(op.kind, OpKind::kDWrite);
  }
  o.weights.fill(0);  // nothing to pick: only checks, still the requested length
  Rng rng2(5);
  const Program q = Generate(rng2, o);
  ASSERT_EQ(q.steps.size(), 50u);
  for (const Step& s : q.steps) EXPECT_EQ(s.ops[0].kind, OpKind::kCheck);
}

TEST(Generator, OpSizeFixesDataLengths) {
  GenOptions o;
  o.op_size = 12345;
  o.map_buf_prob = 0;
  o.misaligned_dio_prob = 0;
  o.num_steps = 200;
  Rng rng(9);
  int data_ops = 0;
  for (const Step& s : Generate(rng, o).steps) {
    for (const Op& op : s.ops) {
      if (op.kind == OpKind::kWrite || op.kind == OpKind::kRead || op.kind == OpKind::kDWrite ||
          op.kind == OpKind::kDRead) {
        EXPECT_EQ(op.len, 12345u);
        ++data_ops;
      }
    }
  }
  EXPECT_GT(data_ops, 50);
}

TEST(Generator, MisalignedDirectIoFollowsItsProbability) {
  auto misaligned_share = [](double prob) {
    GenOptions o;
    o.misaligned_dio_prob = prob;
    o.num_steps = 200;
    int dio = 0, bad = 0;
    for (uint64_t seed = 0; seed < 20; ++seed) {
      Rng rng(seed);
      ForEachOp(Generate(rng, o), [&](size_t, size_t, const Op& op, const Slots& slots) {
        if (!Has(op.kind, kTrDirect)) return;
        ++dio;
        bad += !DirectAligned(op, slots, 4096);
      });
    }
    return static_cast<double>(bad) / dio;
  };
  EXPECT_EQ(misaligned_share(0), 0.0);
  EXPECT_GT(misaligned_share(1), 0.9);
  const double d = misaligned_share(0.05);
  EXPECT_GT(d, 0.01);
  EXPECT_LT(d, 0.12);
}

TEST(Generator, Presets) {
  GenOptions o;
  o.num_steps = 7;
  EXPECT_FALSE(GenPreset("nope", &o));
  EXPECT_EQ(o.num_steps, 7);
  for (std::string_view name : GenPresetNames()) EXPECT_TRUE(GenPreset(name, &o)) << name;
  ASSERT_TRUE(GenPreset("fsx", &o));
  EXPECT_EQ(o.op_size, 4096u);
  EXPECT_TRUE(o.map_per_op);
  EXPECT_EQ(o.round_prob, 0);
}

TEST(Generator, ParseMix) {
  GenOptions o;
  ASSERT_TRUE(ParseMix("write=3,dwrite=5,,touch_write=0", &o).ok());
  EXPECT_EQ(o.weights[static_cast<size_t>(OpKind::kWrite)], 3);
  EXPECT_EQ(o.weights[static_cast<size_t>(OpKind::kDWrite)], 5);
  EXPECT_EQ(o.weights[static_cast<size_t>(OpKind::kTouchWrite)], 0);
  EXPECT_EQ(o.weights[static_cast<size_t>(OpKind::kRead)], Info(OpKind::kRead).weight);
  Status s = ParseMix("write=1,frob=2", &o);
  EXPECT_EQ(s.kind(), ErrorKind::kUsage);
  EXPECT_EQ(s.message(), "unknown op 'frob' in mix");
  EXPECT_EQ(o.weights[static_cast<size_t>(OpKind::kWrite)], 3);  // unchanged on error
  EXPECT_EQ(ParseMix("write=x", &o).message(), "bad weight 'x' for write in mix");
  EXPECT_EQ(ParseMix("write=-1", &o).message(), "bad weight '-1' for write in mix");
  EXPECT_EQ(ParseMix("write", &o).message(), "mix item 'write' needs =WEIGHT");
  EXPECT_TRUE(ParseMix("", &o).ok());
}

}  // namespace
}  // namespace fsfuzz
