// The progress display (see progress.h).
#include "stress/progress.h"

#include <cinttypes>

#include "stress/duration.h"

namespace fsfuzz::stress {

std::string Thousands(uint64_t v) {
  std::string d = std::to_string(v), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return out;
}

std::string FormatProgress(const ProgressSnapshot& s) {
  std::string line = s.target + "  " + Thousands(static_cast<uint64_t>(s.ops_per_s + 0.5)) + " ops/s  ops " +
                     Thousands(s.ops);
  if (s.ops_limit) line += "/" + Thousands(s.ops_limit);
  line += "  programs " + Thousands(s.programs) + "  findings ";
  std::string by_class;
  uint64_t total = 0;
  for (int c = 0; c < kNumFindingClasses; ++c) {
    const uint64_t n = s.findings[static_cast<size_t>(c)];
    if (!n) continue;
    total += n;
    by_class += (by_class.empty() ? "" : ", ") + std::string(ClassName(static_cast<FindingClass>(c))) + " " +
                Thousands(n);
  }
  line += total ? by_class + " (" + Thousands(s.files_kept) + " saved)" : "0";
  line += "  " + FormatDuration(s.elapsed_s);
  if (s.duration_s > 0) {
    const double left = s.duration_s > s.elapsed_s ? s.duration_s - s.elapsed_s : 0;
    line += " / " + FormatDuration(s.duration_s) + " (" + FormatDuration(left) + " left)";
  }
  return line;
}

Progress::Progress(FILE* out, bool tty, double plain_interval_s) : out_(out), tty_(tty), interval_(plain_interval_s) {}

void Progress::DrawLocked() {
  // \r and "erase to end of line" so a shorter line leaves no tail of the last one.
  std::fprintf(out_, "\r%s\033[K", line_.c_str());
  std::fflush(out_);
  shown_ = true;
}

void Progress::Update(const ProgressSnapshot& s, double now_s) {
  std::lock_guard<std::mutex> lock(mu_);
  const double every = tty_ ? 0.25 : interval_;
  if (now_s - last_ < every) return;
  last_ = now_s;
  line_ = FormatProgress(s);
  if (tty_) {
    DrawLocked();
  } else {
    std::fprintf(out_, "%s\n", line_.c_str());
    std::fflush(out_);
  }
}

void Progress::Announce(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  if (tty_ && shown_) std::fputs("\r\033[K", out_);
  std::fprintf(out_, "%s\n", line.c_str());
  if (tty_ && shown_) DrawLocked();
  std::fflush(out_);
}

void Progress::Finish(const ProgressSnapshot& s) {
  std::lock_guard<std::mutex> lock(mu_);
  line_ = FormatProgress(s);
  if (tty_) {
    DrawLocked();
    std::fputs("\n", out_);
  } else {
    std::fprintf(out_, "%s\n", line_.c_str());
  }
  std::fflush(out_);
  shown_ = false;
  last_ = -1e9;
}

}  // namespace fsfuzz::stress
