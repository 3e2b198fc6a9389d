// A hang found by a fuzz target has the signature and title the session gives it, so
// `fsfuzz run --bytes CRASH` names it the same way.
#include "fuzz/harness/hang_finding.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "src/fsfuzz/exec/sim_bug_demos.h"
#include "src/fsfuzz/run/session.h"

namespace fsfuzz::fuzz {
namespace {

TEST(HangFinding, SameAsTheSession) {
  TargetSpec spec;
  spec.kind = TargetSpec::Kind::kSim;
  spec.sim.bugs.insert(SimBug::kDioMapHang);
  auto target = Target::Open(spec);
  ASSERT_TRUE(target.ok());
  const std::string out = ::testing::TempDir() + "/fsfuzz-hang-finding-test";
  std::filesystem::create_directories(out);
  SessionOptions so;
  so.out_dir = out;
  so.deadline = std::chrono::milliseconds(200);
  so.exit_on_hang = false;
  Finding from_session;
  so.on_finding = [&](const std::string&, const Finding& f) {
    from_session = f;
    (*target)->sim()->ReleaseHangs();
  };
  Session session(**target, so);
  const Program p = SimBugDemo(SimBug::kDioMapHang);
  session.Run(p, "demo");
  std::filesystem::remove_all(out);
  ASSERT_EQ(from_session.cls, FindingClass::kHang);

  HangReport r;
  r.step = static_cast<size_t>(from_session.step);
  r.op_id = from_session.op_id;
  const Finding ours = HangFinding(r, &p, (*target)->env());
  EXPECT_EQ(ours.Signature(), from_session.Signature());
  EXPECT_EQ(ours.title, from_session.title);
}

}  // namespace
}  // namespace fsfuzz::fuzz
