// Tests for the host deadline's rules.
#include "src/fsfuzz/vm/guest_deadline.h"

#include <gtest/gtest.h>

namespace fsfuzz::vm {
namespace {

GuestFrame Init(const std::string& json) {
  GuestFrame f;
  f.source = GuestFrame::Source::kInit;
  f.text = json;
  f.data = nlohmann::json::parse(json);
  f.valid = true;
  return f;
}

TEST(GuestDeadline, FollowsInitThroughBootSetupCommandsAndPoweroff) {
  DeadlinePolicy p;
  p.boot_s = 100;
  p.setup_s = 20;
  p.grace_s = 5;
  p.command_timeouts_s = {30, 40};
  GuestDeadline d(p, 0);
  EXPECT_EQ(d.deadline(), 100);
  EXPECT_FALSE(d.started());
  d.OnFrame(Init(R"({"event":"start"})"), 10);
  EXPECT_TRUE(d.started());
  EXPECT_EQ(d.deadline(), 35);
  d.OnFrame(Init(R"({"event":"mount","disk":"a"})"), 15);
  EXPECT_EQ(d.deadline(), 40);
  d.OnFrame(Init(R"({"event":"cmd_start","index":0})"), 16);
  EXPECT_EQ(d.deadline(), 16 + 70 + 5 + 20);  // both commands' budgets: a lost frame is safe
  d.OnFrame(Init(R"({"event":"cmd_exit","index":0})"), 30);
  EXPECT_EQ(d.deadline(), 30 + 40 + 5 + 20);
  d.OnFrame(Init(R"({"event":"cmd_start","index":1})"), 31);
  EXPECT_EQ(d.deadline(), 31 + 40 + 5 + 20);
  d.OnFrame(Init(R"({"event":"done"})"), 50);
  EXPECT_EQ(d.deadline(), 70);
  EXPECT_FALSE(d.hang_dumped());
}

TEST(GuestDeadline, HangDumpedKillsSoonAndNothingExtendsItAfter) {
  DeadlinePolicy p;
  p.drain_s = 2;
  p.command_timeouts_s = {10};
  GuestDeadline d(p, 0);
  d.OnFrame(Init(R"({"event":"cmd_start","index":0})"), 5);
  d.OnFrame(Init(R"({"event":"hang","index":0})"), 15);
  d.OnFrame(Init(R"({"event":"hang_dumped","index":0})"), 16);
  EXPECT_TRUE(d.hang_dumped());
  EXPECT_EQ(d.deadline(), 18);
  d.OnFrame(Init(R"({"event":"cmd_exit","index":0})"), 17);
  EXPECT_EQ(d.deadline(), 18);
}

TEST(GuestDeadline, MountHang) {
  DeadlinePolicy p;
  p.drain_s = 1;
  GuestDeadline d(p, 0);
  d.OnFrame(Init(R"({"event":"hang","mount":"bcachefs"})"), 130);
  d.OnFrame(Init(R"({"event":"hang_dumped","mount":"bcachefs"})"), 131);
  EXPECT_TRUE(d.hang_dumped());
  EXPECT_EQ(d.phase(), "hang mounting bcachefs");
  EXPECT_EQ(d.deadline(), 132);
}

TEST(GuestDeadline, PayloadAndInvalidFramesAreIgnored) {
  DeadlinePolicy p;
  GuestDeadline d(p, 0);
  GuestFrame f = Init(R"({"event":"start"})");
  f.source = GuestFrame::Source::kPayload;
  d.OnFrame(f, 1);
  GuestFrame bad;
  bad.source = GuestFrame::Source::kInit;
  d.OnFrame(bad, 1);
  EXPECT_FALSE(d.started());
  EXPECT_EQ(d.deadline(), p.boot_s);
}

}  // namespace
}  // namespace fsfuzz::vm
