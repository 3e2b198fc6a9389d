// Reading a finding's check (see check_spec.h).
#include "src/fsfuzz/repro/check_spec.h"

#include <cstdio>

#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/prog/units.h"
#include "src/fsfuzz/trace/json_reader.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz {
namespace {

using nlohmann::json;

struct OpAt {
  const Op* op = nullptr;
  size_t step = 0;
  Slots slots;  // the slot table before the op
};

// Op k (1-based) with its step and the slot table it runs with.
OpAt FindOp(const Program& p, uint32_t k) {
  OpAt at;
  uint32_t id = 0;
  for (size_t s = 0; s < p.steps.size(); ++s) {
    for (const Op& op : p.steps[s].ops) {
      if (++id == k) {
        at.op = &op;
        at.step = s;
        return at;
      }
    }
    if (!p.steps[s].round) {
      for (const Op& op : p.steps[s].ops) ApplyToSlots(op, at.slots);
    }
  }
  return at;
}

bool WhenFromName(const std::string& w, CheckSpec::When* out) {
  static const std::pair<const char*, CheckSpec::When> kNames[] = {
      {"op", CheckSpec::When::kOp},       {"settle", CheckSpec::When::kSettle}, {"check", CheckSpec::When::kCheck},
      {"final", CheckSpec::When::kFinal}, {"drain", CheckSpec::When::kDrain}};
  for (const auto& [n, v] : kNames) {
    if (w == n) {
      *out = v;
      return true;
    }
  }
  return false;
}

bool ParseHex(const std::string& s, std::vector<uint8_t>* out) {
  if (s.size() % 2) return false;
  out->clear();
  for (size_t i = 0; i < s.size(); i += 2) {
    unsigned v;
    if (std::sscanf(s.substr(i, 2).c_str(), "%2x", &v) != 1) return false;
    out->push_back(static_cast<uint8_t>(v));
  }
  return true;
}

// "0", "success", "a write of N bytes", "N bytes", "LO..HI bytes": the checker's words for
// the results it admits (check_seq.cc, check_round.cc, checker.cc).
bool ParseExpected(const std::string& e, int64_t* lo, int64_t* hi) {
  long long a = 0, b = 0;
  char tail[16];
  if (e == "0" || e == "success") return *lo = *hi = 0, true;
  if (std::sscanf(e.c_str(), "a write of %lld bytes%15s", &a, tail) == 1) return *lo = *hi = a, true;
  if (std::sscanf(e.c_str(), "%lld..%lld bytes%15s", &a, &b, tail) == 2) return *lo = a, *hi = b, true;
  if (std::sscanf(e.c_str(), "%lld bytes%15s", &a, tail) == 1) return *lo = *hi = a, true;
  return false;
}

Status ParseBytes(JsonReader& r, const Program& p, CheckSpec& c) {
  std::string view;
  r.Get("view", &view, true);
  if (r.ok() && !ViewFromName(view, &c.view)) r.Fail("view", "unknown view '" + view + "'");
  r.Get("slot", &c.slot);
  r.Get("off", &c.off, true);
  r.Get("len", &c.len, true);
  r.Get("tail", &c.tail);
  if (const json* cands = r.Array("candidates", true)) {
    for (size_t i = 0; i < cands->size(); ++i) {
      JsonReader cr((*cands)[i], r.Path("candidates", i));
      CheckSpec::Cand cd;
      cr.Get("off", &cd.off, true);
      cr.Get("len", &cd.len, true);
      cr.Get("any", &cd.any);
      cr.Get("pre", &cd.pre);
      std::string hex;
      cr.Get("hex", &hex);
      if (!hex.empty()) {
        cd.literal = true;
        if (!ParseHex(hex, &cd.bytes) || cd.bytes.size() != cd.len) cr.Fail("hex", "expected len bytes of hex");
      } else if (!cd.any) {
        cr.Get("src", &cd.src, true);
        cr.Get("delta", &cd.delta);
      }
      r.Absorb(cr.status());
      c.cands.push_back(std::move(cd));
    }
  }
  if (const json* d = r.Array("definite")) {
    for (size_t i = 0; i < d->size(); ++i) {
      JsonReader dr((*d)[i], r.Path("definite", i));
      Range g;
      dr.Get("off", &g.off, true);
      dr.Get("len", &g.len, true);
      r.Absorb(dr.status());
      c.definite.push_back(g);
    }
  }
  if (!r.ok()) return r.status();
  if (c.when == CheckSpec::When::kOp) {
    // The op's recorded data starts at the file offset of its buffer (reads through a
    // mapping), of its range (reads into heap) or of its mapped range (touches).
    OpAt at = FindOp(p, c.op_id);
    if (!at.op) return Status::Corrupt("evidence.check: no op #" + std::to_string(c.op_id));
    const Op& op = *at.op;
    if (op.kind == OpKind::kTouchRead && at.slots[op.slot]) {
      c.base = at.slots[op.slot]->off + op.off;
    } else if (c.view == View::kSlot && op.buf.kind == Buf::Kind::kSlot && at.slots[op.buf.slot]) {
      c.base = at.slots[op.buf.slot]->off + op.buf.off;
    } else {
      c.base = op.off;
    }
  }
  return Status::Ok();
}

// A check the checker did not record, from the finding's class and evidence.
void Derive(const Finding& f, const Program& p, CheckSpec& c) {
  c.op_id = f.op_id;
  c.step = f.step;
  switch (f.cls) {
    case FindingClass::kHang:
      c.kind = CheckSpec::Kind::kHang;
      if (f.evidence.contains("elapsed_ms") && f.evidence["elapsed_ms"].is_number()) {
        c.note = "the op was stuck for " + std::to_string(f.evidence["elapsed_ms"].get<int64_t>()) + " ms";
      }
      return;
    case FindingClass::kKernelWarning:
    case FindingClass::kKernelBug:
      c.kind = CheckSpec::Kind::kKernelLog;
      c.when = CheckSpec::When::kFinal;
      return;
    case FindingClass::kUnexpectedSigbus:
    case FindingClass::kMissingSigbus: {
      OpAt at = FindOp(p, f.op_id);
      const bool touch = at.op && (at.op->kind == OpKind::kTouchRead || at.op->kind == OpKind::kTouchWrite);
      const json& e = f.evidence;
      if (touch && at.slots[at.op->slot] && e.contains("size_min") && e.contains("size_max")) {
        c.kind = CheckSpec::Kind::kSigbusRange;
        c.unexpected = f.cls == FindingClass::kUnexpectedSigbus;
        c.limit = RoundUp(e[c.unexpected ? "size_min" : "size_max"].get<uint64_t>(), kPageSize);
        c.touch_base = at.slots[at.op->slot]->off + at.op->off;
        return;
      }
      break;
    }
    case FindingClass::kDioCollision:
      c.kind = CheckSpec::Kind::kSyncEio;
      c.when = f.op_id ? CheckSpec::When::kOp : CheckSpec::When::kDrain;
      return;
    default: break;
  }
  c.kind = CheckSpec::Kind::kNone;
  c.note = "the finding records no machine-readable check (" + std::string(ClassName(f.cls)) +
           (f.step >= 0 ? " at step " + std::to_string(f.step) : "") + ")";
}

}  // namespace

const char* CheckKindName(CheckSpec::Kind k) {
  switch (k) {
    case CheckSpec::Kind::kNone: return "none";
    case CheckSpec::Kind::kBytes: return "bytes";
    case CheckSpec::Kind::kSize: return "size";
    case CheckSpec::Kind::kRet: return "ret";
    case CheckSpec::Kind::kSigbus: return "sigbus";
    case CheckSpec::Kind::kSigbusRange: return "sigbus-range";
    case CheckSpec::Kind::kSyncEio: return "sync-eio";
    case CheckSpec::Kind::kHang: return "hang";
    case CheckSpec::Kind::kKernelLog: return "kernel-log";
  }
  return "?";
}

const char* CheckWhenName(CheckSpec::When w) {
  switch (w) {
    case CheckSpec::When::kOp: return "op";
    case CheckSpec::When::kSettle: return "settle";
    case CheckSpec::When::kCheck: return "check";
    case CheckSpec::When::kFinal: return "final";
    case CheckSpec::When::kDrain: return "drain";
  }
  return "?";
}

Result<CheckSpec> CheckSpecOf(const Finding& f, const Program& p) {
  CheckSpec c;
  if (!f.evidence.is_object() || !f.evidence.contains("check") || !f.evidence["check"].is_object()) {
    Derive(f, p, c);
    return c;
  }
  const json& j = f.evidence["check"];
  JsonReader r(j, "evidence.check");
  std::string kind, when = "op";
  r.Get("kind", &kind, true);
  r.Get("when", &when);
  r.Get("step", &c.step);
  r.Get("op_id", &c.op_id);
  if (r.ok() && !WhenFromName(when, &c.when)) r.Fail("when", "unknown '" + when + "'");
  if (!r.ok()) return r.status();
  if (c.when == CheckSpec::When::kOp && c.op_id) c.step = static_cast<int64_t>(FindOp(p, c.op_id).step);
  if (c.when == CheckSpec::When::kFinal || c.when == CheckSpec::When::kDrain) c.step = -1;
  if (c.op_id > p.NumOps()) return Status::Corrupt("evidence.check.op_id: no op #" + std::to_string(c.op_id));
  if (kind == "bytes") {
    c.kind = CheckSpec::Kind::kBytes;
    if (Status s = ParseBytes(r, p, c); !s.ok()) return s;
  } else if (kind == "size") {
    c.kind = CheckSpec::Kind::kSize;
    if (const json* a = r.Array("allowed", true)) {
      for (const json& v : *a) {
        if (!v.is_number_integer() || v.get<int64_t>() < 0) {
          return Status::Corrupt("evidence.check.allowed: expected sizes");
        }
        c.sizes.push_back(v.get<uint64_t>());
      }
    }
  } else if (kind == "ret") {
    c.kind = CheckSpec::Kind::kRet;
    if (const json* a = r.Array("allowed_ret")) {
      if (a->size() == 2 && (*a)[0].is_number() && (*a)[1].is_number()) {
        c.have_range = true;
        c.ret_lo = (*a)[0].get<int64_t>();
        c.ret_hi = (*a)[1].get<int64_t>();
      }
    }
    std::string expected;
    r.Get("expected", &expected);
    if (!c.have_range && !expected.empty()) c.have_range = ParseExpected(expected, &c.ret_lo, &c.ret_hi);
    r.Get("observed_errno", &c.observed_errno);
    r.Get("observed_ret", &c.observed_ret);
    if (!c.have_range && c.observed_errno.empty() && !j.contains("observed_ret")) {
      return Status::Corrupt("evidence.check: a ret check needs allowed_ret, expected or observed_*");
    }
  } else if (kind == "sigbus") {
    c.kind = CheckSpec::Kind::kSigbus;
    r.Get("expect_sigbus", &c.expect_sigbus, true);
    r.Get("expect_done", &c.expect_done, true);
  } else if (kind == "sync-eio") {
    c.kind = CheckSpec::Kind::kSyncEio;
    if (c.op_id == 0) c.when = CheckSpec::When::kDrain;
  } else {
    r.Fail("kind", "unknown check kind '" + kind + "'");
  }
  if (!r.ok()) return r.status();
  if ((c.when == CheckSpec::When::kOp && c.kind != CheckSpec::Kind::kSize) && c.op_id == 0) {
    return Status::Corrupt("evidence.check: an op check needs op_id");
  }
  return c;
}

std::string DescribeCheck(const CheckSpec& c, const Program& p) {
  auto op_text = [&](uint32_t id) {
    OpAt at = FindOp(p, id);
    return at.op ? "op #" + std::to_string(id) + " (" + PrintOp(*at.op) + ")" : "op #" + std::to_string(id);
  };
  auto where = [&]() -> std::string {
    switch (c.when) {
      case CheckSpec::When::kOp: return "by " + op_text(c.op_id);
      case CheckSpec::When::kSettle: return "by the buffered read-back after step " + std::to_string(c.step);
      case CheckSpec::When::kCheck: return "by the quiescent views at step " + std::to_string(c.step);
      case CheckSpec::When::kFinal: return "at the end of the program";
      case CheckSpec::When::kDrain: return "by the end-of-program fsync";
    }
    return "";
  };
  switch (c.kind) {
    case CheckSpec::Kind::kNone: return "Nothing is checked: " + c.note + ".";
    case CheckSpec::Kind::kBytes: {
      std::string v = ViewName(c.view);
      if (c.slot >= 0) v += " m" + std::to_string(c.slot);
      size_t pre = 0, any = 0, lit = 0;
      for (const auto& cd : c.cands) pre += cd.pre, any += cd.any, lit += cd.literal;
      return "Bytes [" + FormatSize(c.off) + ", +" + FormatSize(c.len) + ") read through the " + v + " view " +
             where() + (c.tail ? " (past EOF: zero, or junk a mapping stored there)" : "") + " must each equal one of " +
             std::to_string(c.cands.size()) + " admissible sources" +
             (pre ? " (" + std::to_string(pre) + " of them the value before the step, not admissible on " +
                        std::to_string(c.definite.size()) + " range(s) a completed op must have changed)"
                  : "") +
             (lit ? "; " + std::to_string(lit) + " are literal bytes" : "") +
             (any ? "; " + std::to_string(any) + " admit anything" : "") + ".";
    }
    case CheckSpec::Kind::kSize: {
      std::string s;
      for (uint64_t z : c.sizes) s += (s.empty() ? "" : ", ") + std::to_string(z);
      return "st_size observed " + where() + " must be one of {" + s + "}.";
    }
    case CheckSpec::Kind::kRet: {
      std::string s = "The result of " + op_text(c.op_id) + " must be ";
      s += c.have_range ? (c.ret_lo == c.ret_hi ? std::to_string(c.ret_lo)
                                                : std::to_string(c.ret_lo) + ".." + std::to_string(c.ret_hi))
                        : "what the model predicts";
      s += "; it reproduces when it is " +
           (c.observed_errno.empty() ? "a count outside that (" + std::to_string(c.observed_ret) + " was seen)"
                                     : "-1 with " + c.observed_errno + " again") +
           ".";
      return s;
    }
    case CheckSpec::Kind::kSigbus:
      return op_text(c.op_id) + (c.expect_sigbus ? " must take SIGBUS after " : " must not take SIGBUS; it must do ") +
             std::to_string(c.expect_done) + " bytes.";
    case CheckSpec::Kind::kSigbusRange:
      return c.unexpected ? op_text(c.op_id) + " must not take SIGBUS below file offset " + FormatSize(c.limit) +
                                " (the lowest EOF page end possible during its round)."
                          : op_text(c.op_id) + " must take SIGBUS before reaching file offset " + FormatSize(c.limit) +
                                " (the highest EOF page end possible during its round).";
    case CheckSpec::Kind::kSyncEio:
      return "The dio collision: " + std::string(c.when == CheckSpec::When::kDrain ? "the end-of-program fsync"
                                                                                   : op_text(c.op_id)) +
             " returns EIO (an O_DIRECT write could not invalidate pages re-dirtied through a mapping).";
    case CheckSpec::Kind::kHang:
      return op_text(c.op_id) + " must finish within the deadline" + (c.note.empty() ? "" : " (" + c.note + ")") + ".";
    case CheckSpec::Kind::kKernelLog:
      return "The kernel must log no WARNING, BUG, Oops or filesystem error while the program runs.";
  }
  return "";
}

}  // namespace fsfuzz
