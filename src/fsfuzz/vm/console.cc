// Line splitting and frame extraction for the serial console.
#include "src/fsfuzz/vm/console.h"

#include "src/fsfuzz/vm/guest_plan.h"

namespace fsfuzz::vm {

bool ParseFrameLine(std::string_view line, GuestFrame* out) {
  std::string_view init = kFramePrefixInit, payload = kFramePrefixPayload, suffix = kFrameSuffix;
  size_t pi = line.find(init), pp = line.find(payload);
  size_t start;
  if (pi != std::string_view::npos && (pp == std::string_view::npos || pi <= pp)) {
    out->source = GuestFrame::Source::kInit;
    start = pi + init.size();
  } else if (pp != std::string_view::npos) {
    out->source = GuestFrame::Source::kPayload;
    start = pp + payload.size();
  } else {
    return false;
  }
  size_t end = line.rfind(suffix);
  if (end == std::string_view::npos || end < start) return false;
  out->text = std::string(line.substr(start, end - start));
  out->data = nlohmann::json::parse(out->text, nullptr, /*allow_exceptions=*/false);
  out->valid = !out->data.is_discarded();
  if (!out->valid) out->data = nullptr;
  return true;
}

void ConsoleParser::Feed(std::string_view bytes, double host_seconds) {
  for (char c : bytes) {
    if (c == '\r') continue;
    text_ += c;
    if (c == '\n') {
      Line(partial_, host_seconds);
      partial_.clear();
    } else {
      partial_ += c;
    }
  }
}

void ConsoleParser::Finish(double host_seconds) {
  if (!partial_.empty()) Line(partial_, host_seconds);
  partial_.clear();
}

void ConsoleParser::Line(std::string_view line, double host_seconds) {
  GuestFrame f;
  if (!ParseFrameLine(line, &f)) return;
  f.host_seconds = host_seconds;
  frames_.push_back(std::move(f));
}

}  // namespace fsfuzz::vm
