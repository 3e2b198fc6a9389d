// The .fsp text form (see text_codec.h). Line oriented; '#' starts a comment anywhere:
//
//   file size=1M seed=42 [aux=256K] [sparse]     header, first, exactly once
//   mmap m0 off=0 len=1M shared                  op: name, then args in any order
//   round {                                      up to 8 ops run together
//     dwrite off=256K len=64K buf=heap
//     touch_write m0 off=256K+100 len=4K
//   }
//   round { truncate 4K ; touch_read m0 off=0 len=1 }   ';' separates ops on a line
//
// Op args come from the op table (Info(kind).args): `mN` (slot), off=, len=, size= (also
// bare: "truncate 200K"), buf=heap[+N] | buf=mK[+N], and a bare mode word (default: the
// op's first). Numbers use units.h. No per-op syntax lives here.
#include "src/fsfuzz/prog/text_codec.h"

#include <optional>
#include <vector>

#include "src/fsfuzz/prog/units.h"

namespace fsfuzz {
namespace {

// ---- printing ----

std::string BufText(const Buf& b) {
  std::string s = b.kind == Buf::Kind::kHeap ? "heap" : "m" + std::to_string(b.slot);
  if (b.off != 0) s += "+" + FormatSize(b.off);
  return s;
}

std::string ModeText(const Op& op) {
  std::string_view w = ModeName(op.kind, op.mode);
  // An invalid mode still prints as something the parser rejects, never as the default.
  return w.empty() ? "mode" + std::to_string(op.mode) : std::string(w);
}

void AppendLine(std::string* out, const std::string& line, bool annotate, uint32_t id) {
  *out += line;
  if (annotate) {
    constexpr size_t kCommentColumn = 40;  // ids line up for reading
    if (line.size() < kCommentColumn) out->append(kCommentColumn - line.size(), ' ');
    *out += "  # #" + std::to_string(id);
  }
  *out += '\n';
}

// ---- lexing ----

struct Token {
  enum class Kind : uint8_t { kWord, kLBrace, kRBrace, kSemi, kEol, kEnd };
  Kind kind;
  std::string_view text;
  int line;
  int col;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
bool IsPunct(char c) { return c == '{' || c == '}' || c == ';' || c == '#'; }

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> toks;
  int line = 1;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    size_t i = 0;
    while (i < l.size() && l[i] != '#') {
      char c = l[i];
      int col = static_cast<int>(i) + 1;
      if (IsSpace(c)) {
        ++i;
      } else if (c == '{' || c == '}' || c == ';') {
        Token::Kind k = c == '{'   ? Token::Kind::kLBrace
                        : c == '}' ? Token::Kind::kRBrace
                                   : Token::Kind::kSemi;
        toks.push_back({k, l.substr(i, 1), line, col});
        ++i;
      } else {
        size_t j = i;
        while (j < l.size() && !IsSpace(l[j]) && !IsPunct(l[j])) ++j;
        toks.push_back({Token::Kind::kWord, l.substr(i, j - i), line, col});
        i = j;
      }
    }
    toks.push_back({Token::Kind::kEol, {}, line, static_cast<int>(l.size()) + 1});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  toks.push_back({Token::Kind::kEnd, {}, line, 1});
  return toks;
}

// ---- parsing ----

bool IsSeparator(const Token& t) {
  return t.kind == Token::Kind::kEol || t.kind == Token::Kind::kSemi || t.kind == Token::Kind::kEnd;
}

// "mN" with decimal digits; sets *n (saturated) when it is one.
bool SlotWord(std::string_view w, uint64_t* n) {
  if (w.size() < 2 || w[0] != 'm') return false;
  uint64_t v = 0;
  for (char c : w.substr(1)) {
    if (c < '0' || c > '9') return false;
    v = v > 1000 ? v : v * 10 + static_cast<uint64_t>(c - '0');
  }
  *n = v;
  return true;
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view filename) : file_(filename), toks_(Lex(text)) {}

  Result<Program> Run();

 private:
  const Token& Peek() const { return toks_[pos_]; }
  const Token& Next() { return toks_[pos_++]; }
  Status Error(int line, int col, const std::string& msg) const {
    return Status::Usage(std::string(file_) + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
                         msg);
  }
  Status Error(const Token& t, const std::string& msg) const { return Error(t.line, t.col, msg); }

  Status ParseHeader();
  Status ParseRound();
  Status ParseOp(Op* op, const Token** name);
  Status ParseArg(const Token& t, const OpInfo& info, Op* op, uint32_t* seen);
  Status ParseBufValue(std::string_view v, int line, int col, Buf* buf);
  Status ParseNumber(std::string_view v, int line, int col, uint64_t* out);
  Status EndOfStatement();
  Status AddStep(Step step, std::vector<const Token*> names);

  std::string_view file_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  Program prog_;
  bool have_header_ = false;
  Slots slots_;
  std::vector<std::vector<const Token*>> names_;  // per step, per op: its name token
};

Status Parser::ParseNumber(std::string_view v, int line, int col, uint64_t* out) {
  Result<uint64_t> r = ParseSize(v);
  if (!r.ok()) return Error(line, col, r.status().message());
  *out = *r;
  return Status::Ok();
}

Status Parser::ParseHeader() {
  const Token& file = Next();
  if (have_header_) return Error(file, "duplicate 'file' header");
  have_header_ = true;
  Header& h = prog_.header;
  bool seen_size = false, seen_seed = false, seen_aux = false, seen_sparse = false;
  while (Peek().kind == Token::Kind::kWord) {
    const Token& t = Next();
    size_t eq = t.text.find('=');
    if (eq == std::string_view::npos) {
      if (t.text != "sparse") return Error(t, "unexpected '" + std::string(t.text) + "' in file header");
      if (seen_sparse) return Error(t, "duplicate sparse");
      seen_sparse = h.sparse = true;
      continue;
    }
    std::string_view key = t.text.substr(0, eq), val = t.text.substr(eq + 1);
    int vcol = t.col + static_cast<int>(eq) + 1;
    bool* seen = nullptr;
    uint64_t* field = nullptr;
    if (key == "size") {
      seen = &seen_size;
      field = &h.size;
    } else if (key == "seed") {
      seen = &seen_seed;
      field = &h.seed;
    } else if (key == "aux") {
      seen = &seen_aux;
      field = &h.aux_size;
    } else {
      return Error(t, "unknown key '" + std::string(key) + "' in file header (size, seed, aux, sparse)");
    }
    if (*seen) return Error(t, "duplicate " + std::string(key) + "=");
    *seen = true;
    if (Status s = ParseNumber(val, t.line, vcol, field); !s.ok()) return s;
  }
  if (!seen_size) return Error(file, "file header needs size=");
  if (auto e = ValidateHeader(h)) return Error(file, *e);
  return EndOfStatement();
}

Status Parser::ParseBufValue(std::string_view v, int line, int col, Buf* buf) {
  size_t plus = v.find('+');
  std::string_view base = v.substr(0, plus);
  uint64_t n = 0;
  if (base == "heap") {
    buf->kind = Buf::Kind::kHeap;
  } else if (SlotWord(base, &n)) {
    if (n >= static_cast<uint64_t>(kMaxSlots))
      return Error(line, col, "bad slot '" + std::string(base) + "' (slots are m0..m7)");
    buf->kind = Buf::Kind::kSlot;
    buf->slot = static_cast<uint8_t>(n);
  } else {
    return Error(line, col, "bad buffer '" + std::string(v) + "' (heap, heap+N, mK or mK+N)");
  }
  if (plus == std::string_view::npos) return Status::Ok();
  return ParseNumber(v.substr(plus + 1), line, col + static_cast<int>(plus) + 1, &buf->off);
}

Status Parser::ParseArg(const Token& t, const OpInfo& info, Op* op, uint32_t* seen) {
  const std::string name(info.name);
  const std::string word(t.text);
  // `what` names the arg: "off=", "a slot", "a mode word"; duplicates drop the article.
  auto take = [&](ArgBits bit, const std::string& what) -> Status {
    if (!(info.args & bit)) return Error(t, name + " does not take " + what);
    if (*seen & bit) return Error(t, "duplicate " + (what.rfind("a ", 0) == 0 ? what.substr(2) : what));
    *seen |= bit;
    return Status::Ok();
  };
  size_t eq = t.text.find('=');
  if (eq != std::string_view::npos) {
    std::string key(t.text.substr(0, eq));
    std::string_view val = t.text.substr(eq + 1);
    int vcol = t.col + static_cast<int>(eq) + 1;
    ArgBits bit;
    if (key == "off") {
      bit = kArgOff;
    } else if (key == "len") {
      bit = kArgLen;
    } else if (key == "size") {
      bit = kArgSize;
    } else if (key == "buf") {
      bit = kArgBuf;
    } else {
      return Error(t, "unknown key '" + key + "' (off, len, size, buf)");
    }
    if (Status s = take(bit, key + "="); !s.ok()) return s;
    switch (bit) {
      case kArgOff: return ParseNumber(val, t.line, vcol, &op->off);
      case kArgLen: return ParseNumber(val, t.line, vcol, &op->len);
      case kArgSize: return ParseNumber(val, t.line, vcol, &op->size);
      default: return ParseBufValue(val, t.line, vcol, &op->buf);
    }
  }
  uint64_t n = 0;
  if (SlotWord(t.text, &n)) {
    if (Status s = take(kArgSlot, "a slot"); !s.ok()) return s;
    if (n >= static_cast<uint64_t>(kMaxSlots)) return Error(t, "bad slot '" + word + "' (slots are m0..m7)");
    op->slot = static_cast<uint8_t>(n);
    return Status::Ok();
  }
  if ((info.args & kArgSize) && t.text[0] >= '0' && t.text[0] <= '9') {
    if (Status s = take(kArgSize, "size="); !s.ok()) return s;
    return ParseNumber(t.text, t.line, t.col, &op->size);
  }
  if (info.args & kArgMode) {
    if (!ModeFromName(op->kind, t.text, &op->mode)) {
      std::string words;
      for (int m = 0; m < info.num_modes; ++m) words += (m ? ", " : "") + std::string(info.modes[m]);
      return Error(t, "bad mode word '" + word + "' for " + name + " (" + words + ")");
    }
    return take(kArgMode, "a mode word");
  }
  return Error(t, name + " does not take '" + word + "'");
}

// Parses one op statement (the caller has checked the first token is a word).
Status Parser::ParseOp(Op* op, const Token** name) {
  const Token& t = Next();
  *name = &t;
  *op = Op{};
  if (!OpKindFromName(t.text, &op->kind)) return Error(t, "unknown op '" + std::string(t.text) + "'");
  const OpInfo& info = Info(op->kind);
  uint32_t seen = 0;
  while (Peek().kind == Token::Kind::kWord) {
    if (Status s = ParseArg(Next(), info, op, &seen); !s.ok()) return s;
  }
  const std::string n(info.name);
  const uint32_t missing = info.args & ~seen;
  if (missing & kArgSlot) return Error(t, n + " needs a slot (m0..m7)");
  if (missing & kArgOff) return Error(t, n + " needs off=");
  if (missing & kArgLen) return Error(t, n + " needs len=");
  if (missing & kArgSize) return Error(t, n + " needs a size");
  if (Peek().kind == Token::Kind::kLBrace) return Error(Peek(), "unexpected '{'");
  return Status::Ok();
}

Status Parser::EndOfStatement() {
  const Token& t = Peek();
  if (IsSeparator(t)) return Status::Ok();
  if (t.kind == Token::Kind::kRBrace) return Error(t, "'}' without round");
  if (t.kind == Token::Kind::kLBrace) return Error(t, "unexpected '{'");
  return Error(t, "expected end of line before '" + std::string(t.text) + "'");
}

// Validates a finished step against the slot table, as Validate does, and applies it.
Status Parser::AddStep(Step step, std::vector<const Token*> names) {
  if (prog_.steps.size() >= static_cast<size_t>(kMaxSteps))
    return Error(*names[0], "too many steps (at most " + std::to_string(kMaxSteps) + ")");
  for (size_t i = 0; i < step.ops.size(); ++i) {
    if (auto e = ValidateOp(step.ops[i], slots_, step.round)) return Error(*names[i], *e);
  }
  if (!step.round) ApplyToSlots(step.ops[0], slots_);
  prog_.steps.push_back(std::move(step));
  names_.push_back(std::move(names));
  return Status::Ok();
}

Status Parser::ParseRound() {
  const Token& round = Next();
  if (Peek().kind != Token::Kind::kLBrace) {
    return Error(Peek().kind == Token::Kind::kWord ? Peek() : round, "expected '{' after round");
  }
  Next();
  Step step;
  step.round = true;
  std::vector<const Token*> names;
  while (true) {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kEol || t.kind == Token::Kind::kSemi) {
      Next();
    } else if (t.kind == Token::Kind::kEnd) {
      return Error(round, "unterminated round (no '}')");
    } else if (t.kind == Token::Kind::kRBrace) {
      Next();
      break;
    } else if (t.kind == Token::Kind::kLBrace) {
      return Error(t, "unexpected '{'");
    } else if (t.text == "round") {
      return Error(t, "nested round");
    } else if (t.text == "file") {
      return Error(t, "duplicate 'file' header");
    } else {
      Op op;
      const Token* name = nullptr;
      if (Status s = ParseOp(&op, &name); !s.ok()) return s;
      if (step.ops.size() == static_cast<size_t>(kMaxRoundOps))
        return Error(*name, "a round holds at most " + std::to_string(kMaxRoundOps) + " ops");
      step.ops.push_back(op);
      names.push_back(name);
    }
  }
  if (step.ops.empty()) return Error(round, "empty round");
  if (Status s = EndOfStatement(); !s.ok()) return s;
  return AddStep(std::move(step), std::move(names));
}

Result<Program> Parser::Run() {
  while (true) {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kEol || t.kind == Token::Kind::kSemi) {
      Next();
      continue;
    }
    if (t.kind == Token::Kind::kEnd) break;
    if (t.kind == Token::Kind::kRBrace) return Error(t, "'}' without round");
    if (t.kind == Token::Kind::kLBrace) return Error(t, "unexpected '{'");
    Status s;
    if (t.text == "file") {
      s = ParseHeader();
    } else if (!have_header_) {
      s = Error(t, "missing 'file' header (it must come first)");
    } else if (t.text == "round") {
      s = ParseRound();
    } else {
      Step step;
      step.ops.resize(1);
      const Token* name = nullptr;
      s = ParseOp(&step.ops[0], &name);
      if (s.ok()) s = EndOfStatement();
      if (s.ok()) s = AddStep(std::move(step), {name});
    }
    if (!s.ok()) return s;
  }
  if (!have_header_) return Error(1, 1, "missing 'file' header");
  // Safety net: anything Validate knows that the walk above did not check.
  for (const ProgramError& e : Validate(prog_)) {
    if (e.step < names_.size() && e.op < names_[e.step].size())
      return Error(*names_[e.step][e.op], e.message);
    return Error(1, 1, e.message);
  }
  return std::move(prog_);
}

}  // namespace

std::string PrintOp(const Op& op) {
  const OpInfo& info = Info(op.kind);
  std::string s(info.name);
  if (info.args & kArgSlot) s += " m" + std::to_string(op.slot);
  if (info.args & kArgOff) s += " off=" + FormatSize(op.off);
  if (info.args & kArgLen) s += " len=" + FormatSize(op.len);
  if (info.args & kArgSize) s += " " + FormatSize(op.size);
  if (info.args & kArgBuf) s += " buf=" + BufText(op.buf);
  if (info.args & kArgMode) s += " " + ModeText(op);
  return s;
}

std::string PrintProgram(const Program& p, const PrintOptions& options) {
  std::string out;
  if (options.annotate) {
    out += "# fsfuzz program: " + std::to_string(p.steps.size()) + " steps, " + std::to_string(p.NumOps()) +
           " ops; #k is an op's id, the source of its data\n";
  }
  const Header& h = p.header;
  out += "file size=" + FormatSize(h.size) + " seed=" + std::to_string(h.seed);
  if (h.aux_size != 0) out += " aux=" + FormatSize(h.aux_size);
  if (h.sparse) out += " sparse";
  out += '\n';
  uint32_t id = 1;
  for (const Step& s : p.steps) {
    if (s.round) out += "round {\n";
    for (const Op& op : s.ops) {
      AppendLine(&out, (s.round ? "  " : "") + PrintOp(op), options.annotate, id++);
    }
    if (s.round) out += "}\n";
  }
  return out;
}

Result<Program> ParseProgram(std::string_view text, std::string_view filename) {
  return Parser(text, filename).Run();
}

Op CanonicalOp(const Op& op) {
  const uint32_t a = Info(op.kind).args;
  Op c;
  c.kind = op.kind;
  if (a & kArgSlot) c.slot = op.slot;
  if (a & kArgOff) c.off = op.off;
  if (a & kArgLen) c.len = op.len;
  if (a & kArgSize) c.size = op.size;
  if (a & kArgBuf) {
    c.buf = op.buf;
    if (c.buf.kind == Buf::Kind::kHeap) c.buf.slot = 0;
  }
  if (a & kArgMode) c.mode = op.mode;
  return c;
}

bool IsCanonical(const Program& p) {
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) {
      if (!(CanonicalOp(op) == op)) return false;
    }
  }
  return true;
}

}  // namespace fsfuzz
