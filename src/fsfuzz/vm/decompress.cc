// Decompression via fork/exec of xz/zstd/gzip -dc with stdout read through a pipe.
#include "src/fsfuzz/vm/decompress.h"

#include <vector>

#include "src/fsfuzz/vm/child_process.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

std::vector<std::string> DecompressArgv(const std::string& path) {
  std::string s = CompressionSuffix(path);
  if (s == ".xz") return {"xz", "-dc", "--", path};
  if (s == ".zst") return {"zstd", "-dcq", "--", path};
  if (s == ".gz") return {"gzip", "-dc", "--", path};
  return {};
}

}  // namespace

std::string CompressionSuffix(const std::string& path) {
  for (const char* s : {".xz", ".zst", ".gz"}) {
    std::string suf = s;
    if (path.size() > suf.size() && path.compare(path.size() - suf.size(), suf.size(), suf) == 0)
      return suf;
  }
  return "";
}

std::string StripCompressionSuffix(const std::string& path) {
  return path.substr(0, path.size() - CompressionSuffix(path).size());
}

Result<std::string> ReadMaybeCompressed(const std::string& path) {
  auto argv = DecompressArgv(path);
  if (argv.empty()) return ReadFile(path);
  auto r = Run(argv);
  if (!r.ok()) return r.status();
  if (!r->ok()) return Status::Io(JoinArgv(argv) + ": " + DescribeWaitStatus(r->wait_status) + ": " + r->err);
  return std::move(r->out);
}

Status DecompressToSparseFile(const std::string& src, const std::string& dst) {
  auto argv = DecompressArgv(src);
  if (argv.empty()) {
    auto r = SparseCopyFile(src, dst);
    return r.ok() ? Status::Ok() : r.status();
  }
  SpawnOptions so;
  so.pipe_stderr = false;
  auto child = ChildProcess::Spawn(argv, so);
  if (!child.ok()) return child.status();
  auto copied = SparseCopyFromFd(child->stdout_fd(), dst);
  child->CloseStdout();
  int st = child->Wait();
  if (!copied.ok()) return copied.status();
  if (st != 0) return Status::Io(JoinArgv(argv) + ": " + DescribeWaitStatus(st));
  return Status::Ok();
}

}  // namespace fsfuzz::vm
