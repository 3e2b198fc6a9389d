// Telling finding files, program text and fuzzer bytes apart.
#include "src/fsfuzz/repro/input.h"

#include <gtest/gtest.h>

#include <fstream>

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/repro/test_util.h"

namespace fsfuzz {
namespace {

using repro_test::TempDir;

std::string Put(const TempDir& d, const std::string& name, const std::string& content) {
  const std::string path = d.path() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(Input, TellsTheKindsApart) {
  TempDir d;
  const std::string text = "file size=4K seed=2\nwrite off=0 len=1\n";
  auto prog = LoadReproInput(Put(d, "p.fsp", text));
  ASSERT_TRUE(prog.ok()) << prog.status().message();
  EXPECT_EQ(prog->kind, ReproInput::Kind::kProgram);
  EXPECT_EQ(prog->program.NumOps(), 1u);

  FindingRecord rec;
  rec.finding.title = "t";
  rec.program_text = text;
  auto path = WriteFindingFile(d.path(), rec);
  ASSERT_TRUE(path.ok());
  auto f = LoadReproInput(*path);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->kind, ReproInput::Kind::kFinding);
  ASSERT_TRUE(f->record);
  EXPECT_EQ(f->program, prog->program);

  const std::vector<uint8_t> bytes = Encode(prog->program);
  auto b = LoadReproInput(Put(d, "crash-1", std::string(bytes.begin(), bytes.end())));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->kind, ReproInput::Kind::kBytes);
  EXPECT_EQ(b->program, prog->program);
  // --bytes forces the binary form even for text.
  auto forced = LoadReproInput(Put(d, "t", text), true);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->kind, ReproInput::Kind::kBytes);
}

TEST(Input, Errors) {
  TempDir d;
  auto bad = LoadReproInput(Put(d, "bad.fsp", "file size=4K\nfrobnicate\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.fsp:2:"), std::string::npos) << bad.status().message();
  auto json = LoadReproInput(Put(d, "x.json", "{\"format\": \"something-else\"}"));
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().kind(), ErrorKind::kCorrupt);
  EXPECT_FALSE(LoadReproInput(d.path() + "/missing").ok());
}

}  // namespace
}  // namespace fsfuzz
