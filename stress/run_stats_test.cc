// Tests of the stress figures: ops and latencies from a trace, findings, semantics.
#include "stress/run_stats.h"

#include <gtest/gtest.h>

namespace fsfuzz::stress {
namespace {

Op MakeOp(OpKind k) {
  Op op;
  op.kind = k;
  op.len = 4096;
  return op;
}

OpRecord Rec(int64_t start, int64_t end, int64_t ret = 4096) {
  OpRecord r;
  r.t_start_ns = start;
  r.t_end_ns = end;
  r.ret = ret;
  return r;
}

TEST(RunStats, CountsExecutedOpsPerKindWithLatency) {
  Program p;
  p.steps.push_back(Step{false, {MakeOp(OpKind::kDWrite)}});
  p.steps.push_back(Step{true, {MakeOp(OpKind::kDWrite), MakeOp(OpKind::kTouchWrite)}});
  p.steps.push_back(Step{false, {MakeOp(OpKind::kEvict)}});
  ProgramOutcome o;
  o.trace.steps.resize(3);
  o.trace.steps[0].ops = {Rec(0, 2000)};
  o.trace.steps[1].ops = {Rec(3000, 7000, -1), Rec(3000, 3500)};
  o.trace.steps[2].ops = {Rec(8000, 8001)};
  o.trace.steps[2].ops[0].skipped = true;  // not executed: not counted
  o.verdict.signals["dread-collision-eio"] = 1;

  RunStats s;
  s.AddProgram(p, o, 1);
  EXPECT_EQ(s.programs(), 1u);
  EXPECT_EQ(s.ops(), 3u);
  EXPECT_EQ(s.collision_prone_rounds(), 1u);
  const OpKindCounts& dw = s.op_kinds()[static_cast<size_t>(OpKind::kDWrite)];
  EXPECT_EQ(dw.count, 2u);
  EXPECT_EQ(dw.errors, 1u);
  EXPECT_EQ(dw.latency.max_ns(), 4000u);
  EXPECT_EQ(s.op_kinds()[static_cast<size_t>(OpKind::kEvict)].count, 0u);

  reports::FsResult r;
  s.Fill(2.0, "", r);
  EXPECT_EQ(r.ops, 3u);
  EXPECT_DOUBLE_EQ(r.ops_per_s, 1.5);
  ASSERT_EQ(r.op_kinds.size(), 2u);
  EXPECT_EQ(r.op_kinds[0].op, "dwrite");
  ASSERT_TRUE(r.op_kinds[0].latency_us.has_value());
  EXPECT_DOUBLE_EQ(r.op_kinds[0].latency_us->max, 4.0);
  EXPECT_EQ(r.signals.at("dread-collision-eio"), 1u);
}

TEST(RunStats, FindingsKeepTheFirstSeenAcrossLanes) {
  Program p;
  p.header.size = 4096;
  p.steps.push_back(Step{false, {MakeOp(OpKind::kCheck)}});
  ProgramOutcome o;
  Finding f;
  f.cls = FindingClass::kDataMismatch;
  f.fs = "sim";
  f.title = "late";
  o.verdict.findings = {f};
  o.verdict.status = Verdict::Status::kFinding;
  o.finding_files = {""};
  RunStats a, b;
  a.AddProgram(p, o, 200);
  o.verdict.findings[0].title = "early";
  o.verdict.findings[0].evidence["known"] = "some-known-id";
  b.AddProgram(p, o, 100);
  a.Merge(b);
  ASSERT_EQ(a.classes().size(), 1u);
  const ClassCounts& c = a.classes().at(FindingClass::kDataMismatch);
  EXPECT_EQ(c.count, 2u);
  EXPECT_EQ(c.first_title, "early");
  EXPECT_EQ(c.signatures.size(), 1u);
  EXPECT_NE(c.first_program.find("check"), std::string::npos);
  EXPECT_EQ(a.signals().at("known:some-known-id"), 1u);
}

TEST(RunStats, JsonCarriesEverythingALaneProcessCounted) {
  // What a lane process sends its parent: the parsed stats must fill the same figures.
  Program p;
  p.header.size = 4096;
  p.steps.push_back(Step{false, {MakeOp(OpKind::kDWrite)}});
  p.steps.push_back(Step{true, {MakeOp(OpKind::kDWrite), MakeOp(OpKind::kTouchWrite)}});
  ProgramOutcome o;
  o.trace.steps.resize(2);
  o.trace.steps[0].ops = {Rec(0, 2000)};
  o.trace.steps[1].ops = {Rec(3000, 900000, -1), Rec(3000, 3500)};
  o.verdict.signals["dread-collision-eio"] = 2;
  Finding f;
  f.cls = FindingClass::kDioCollision;
  f.fs = "sim";
  f.title = "collision";
  f.evidence["known"] = "dio-collision-eio";
  o.verdict.findings = {f};
  o.verdict.status = Verdict::Status::kFinding;
  o.finding_files = {"findings/x.json"};
  RunStats s;
  s.AddProgram(p, o, 42);
  s.AddProgram(p, o, 43);
  auto back = RunStats::FromJson(nlohmann::json::parse(s.ToJson().dump()));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ToJson(), s.ToJson());
  reports::FsResult a, b;
  s.Fill(2.0, "", a);
  back->Fill(2.0, "", b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(back->classes().at(FindingClass::kDioCollision).first_ns, 42);
  EXPECT_EQ(back->op_kinds()[static_cast<size_t>(OpKind::kDWrite)].latency.max_ns(), 897000u);
  // Damaged input is an error, not a crash.
  nlohmann::json bad = s.ToJson();
  bad["kinds"][0]["kind"] = 9999;
  EXPECT_FALSE(RunStats::FromJson(bad).ok());
  bad = s.ToJson();
  bad["classes"][0]["class"] = "no-such-class";
  EXPECT_FALSE(RunStats::FromJson(bad).ok());
  EXPECT_FALSE(RunStats::FromJson(nlohmann::json::array()).ok());
}

TEST(RunStats, SemanticsFromEnvAndSignals) {
  Env env;
  env.overlap_dwrite = "snapshot";
  env.misaligned_dio = "einval";
  reports::Semantics s = RunSemantics(env, {}, 0);
  EXPECT_EQ(s.overlap_dwrite, "snapshot");
  EXPECT_EQ(s.misaligned_dio, "einval");
  EXPECT_FALSE(s.collision_eio.has_value());
  s = RunSemantics(env, {{"misaligned-dio-buffered", 2}}, 100);
  EXPECT_EQ(s.misaligned_dio, "einval");  // the probe's answer
  EXPECT_EQ(s.collision_eio, std::optional<bool>(false));
  s = RunSemantics(env, {{"collision-eio", 1}}, 0);
  EXPECT_EQ(s.collision_eio, std::optional<bool>(true));
}

}  // namespace
}  // namespace fsfuzz::stress
