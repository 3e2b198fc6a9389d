// The guest's serial console as the host sees it: the full text (for the kernel-log
// pattern table) and the framed lines in it, "@@FSFUZZ-INIT {json}@@" from /init and
// "@@FSFUZZ {json}@@" from payloads, found even when kernel messages precede them on a line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace fsfuzz::vm {

struct GuestFrame {
  enum class Source { kInit, kPayload };
  Source source = Source::kPayload;
  std::string text;       // the JSON text between the markers
  nlohmann::json data;    // parsed; discarded (null) when the text is not valid JSON
  bool valid = false;
  double host_seconds = 0;  // when the host read it, since the run started
};

class ConsoleParser {
 public:
  // Bytes as read from the serial port; "\r" is dropped. host_seconds stamps the frames.
  void Feed(std::string_view bytes, double host_seconds = 0);
  void Finish(double host_seconds = 0);  // the last line even without a newline

  const std::string& text() const { return text_; }
  const std::vector<GuestFrame>& frames() const { return frames_; }

 private:
  void Line(std::string_view line, double host_seconds);
  std::string text_;
  std::string partial_;
  std::vector<GuestFrame> frames_;
};

// Parses one line; false when it holds no complete frame.
bool ParseFrameLine(std::string_view line, GuestFrame* out);

}  // namespace fsfuzz::vm
