// Stress run figures (see run_stats.h).
#include "stress/run_stats.h"

#include <algorithm>
#include <filesystem>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::stress {
namespace {

// Collision-prone rounds without an EIO after which "no collision EIO" is a fair answer.
constexpr uint64_t kCollisionEvidence = 50;

bool IsCollisionProne(const Step& st) {
  bool direct = false, store = false;
  for (const Op& op : st.ops) {
    direct |= op.kind == OpKind::kDWrite || op.kind == OpKind::kDRead;
    store |= op.kind == OpKind::kTouchWrite;
  }
  return st.round && direct && store;
}

uint64_t Count(const std::map<std::string, uint64_t>& m, const char* k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

void RunStats::AddProgram(const Program& p, const ProgramOutcome& o, int64_t now_ns) {
  ++programs_;
  if (!o.status.ok() || o.verdict.status == Verdict::Status::kInconclusive) ++inconclusive_;
  const size_t n = std::min(p.steps.size(), o.trace.steps.size());
  for (size_t si = 0; si < n; ++si) {
    const Step& st = p.steps[si];
    const StepRecord& sr = o.trace.steps[si];
    if (IsCollisionProne(st)) ++collision_rounds_;
    for (size_t i = 0; i < std::min(st.ops.size(), sr.ops.size()); ++i) {
      const OpRecord& r = sr.ops[i];
      if (r.skipped) continue;
      OpKindCounts& k = kinds_[static_cast<size_t>(st.ops[i].kind)];
      ++k.count;
      ++ops_;
      if (r.ret < 0 || r.sigbus) ++k.errors;
      k.latency.Add(static_cast<uint64_t>(std::max<int64_t>(0, r.t_end_ns - r.t_start_ns)));
    }
  }
  for (const auto& [name, count] : o.verdict.signals) signals_[name] += count;
  const auto& fs = o.verdict.findings;
  for (size_t i = 0; i < fs.size(); ++i) {
    // Known kernel behaviour (docs/known-findings) is counted as a signal too, so a
    // summary tells known findings from new ones.
    if (fs[i].evidence.is_object() && fs[i].evidence.contains("known") && fs[i].evidence["known"].is_string())
      ++signals_["known:" + fs[i].evidence["known"].get<std::string>()];
    ClassCounts& c = classes_[fs[i].cls];
    ++c.count;
    c.signatures.insert(fs[i].Signature());
    if (c.first_ns != INT64_MAX) continue;
    c.first_ns = now_ns;
    c.first_title = fs[i].title;
    c.first_file = i < o.finding_files.size() ? o.finding_files[i] : "";
    c.first_program = PrintProgram(p);
  }
}

nlohmann::json RunStats::ToJson() const {
  nlohmann::json kinds = nlohmann::json::array();
  for (size_t k = 0; k < kinds_.size(); ++k) {
    if (!kinds_[k].count && !kinds_[k].errors) continue;
    kinds.push_back({{"kind", k}, {"count", kinds_[k].count}, {"errors", kinds_[k].errors},
                     {"latency", kinds_[k].latency.ToJson()}});
  }
  nlohmann::json classes = nlohmann::json::array();
  for (const auto& [cls, c] : classes_) {
    classes.push_back({{"class", ClassName(cls)}, {"count", c.count}, {"signatures", c.signatures},
                       {"first_ns", c.first_ns}, {"first_title", c.first_title}, {"first_file", c.first_file},
                       {"first_program", c.first_program}});
  }
  return {{"programs", programs_}, {"inconclusive", inconclusive_}, {"ops", ops_},
          {"collision_rounds", collision_rounds_}, {"kinds", kinds}, {"classes", classes}, {"signals", signals_}};
}

Result<RunStats> RunStats::FromJson(const nlohmann::json& j) {
  RunStats r;
  try {
    r.programs_ = j.at("programs").get<uint64_t>();
    r.inconclusive_ = j.at("inconclusive").get<uint64_t>();
    r.ops_ = j.at("ops").get<uint64_t>();
    r.collision_rounds_ = j.at("collision_rounds").get<uint64_t>();
    for (const auto& k : j.at("kinds")) {
      const uint64_t i = k.at("kind").get<uint64_t>();
      if (i >= r.kinds_.size()) return Status::Corrupt("lane stats: op kind " + std::to_string(i));
      r.kinds_[i].count = k.at("count").get<uint64_t>();
      r.kinds_[i].errors = k.at("errors").get<uint64_t>();
      if (!r.kinds_[i].latency.FromJson(k.at("latency"))) return Status::Corrupt("lane stats: latency");
    }
    for (const auto& c : j.at("classes")) {
      FindingClass cls;
      if (!ClassFromName(c.at("class").get<std::string>(), &cls)) return Status::Corrupt("lane stats: class");
      ClassCounts& cc = r.classes_[cls];
      cc.count = c.at("count").get<uint64_t>();
      cc.signatures = c.at("signatures").get<std::set<std::string>>();
      cc.first_ns = c.at("first_ns").get<int64_t>();
      cc.first_title = c.at("first_title").get<std::string>();
      cc.first_file = c.at("first_file").get<std::string>();
      cc.first_program = c.at("first_program").get<std::string>();
    }
    r.signals_ = j.at("signals").get<std::map<std::string, uint64_t>>();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corrupt(std::string("lane stats: ") + e.what());
  }
  return r;
}

void RunStats::Merge(const RunStats& o) {
  programs_ += o.programs_;
  inconclusive_ += o.inconclusive_;
  ops_ += o.ops_;
  collision_rounds_ += o.collision_rounds_;
  for (size_t k = 0; k < kinds_.size(); ++k) {
    kinds_[k].count += o.kinds_[k].count;
    kinds_[k].errors += o.kinds_[k].errors;
    kinds_[k].latency.Merge(o.kinds_[k].latency);
  }
  for (const auto& [name, count] : o.signals_) signals_[name] += count;
  for (const auto& [cls, oc] : o.classes_) {
    ClassCounts& c = classes_[cls];
    c.count += oc.count;
    c.signatures.insert(oc.signatures.begin(), oc.signatures.end());
    if (oc.first_ns < c.first_ns) {
      c.first_ns = oc.first_ns;
      c.first_title = oc.first_title;
      c.first_file = oc.first_file;
      c.first_program = oc.first_program;
    }
  }
}

uint64_t RunStats::findings() const {
  uint64_t n = 0;
  for (const auto& [cls, c] : classes_) n += c.count;
  return n;
}

void RunStats::Fill(double elapsed_s, const std::string& report_dir, reports::FsResult& r) const {
  namespace fs = std::filesystem;
  r.elapsed_s = elapsed_s;
  r.programs = programs_;
  r.ops = ops_;
  r.ops_per_s = elapsed_s > 0 ? static_cast<double>(ops_) / elapsed_s : 0;
  r.op_kinds.clear();
  for (int k = 0; k < kNumOpKinds; ++k) {
    const OpKindCounts& c = kinds_[static_cast<size_t>(k)];
    if (c.count == 0) continue;
    reports::OpKindStats s;
    s.op = std::string(Info(static_cast<OpKind>(k)).name);
    s.count = c.count;
    s.ops_per_s = elapsed_s > 0 ? static_cast<double>(c.count) / elapsed_s : 0;
    s.errors = c.errors;
    s.latency_us = c.latency.Summary();
    s.histogram = c.latency.PowerOfTwoUs();
    r.op_kinds.push_back(std::move(s));
  }
  r.findings.clear();
  for (const auto& [cls, c] : classes_) {
    reports::FindingStats f;
    f.cls = cls;
    f.count = c.count;
    f.signatures.assign(c.signatures.begin(), c.signatures.end());
    f.first_title = c.first_title;
    f.first_program = c.first_program;
    std::error_code ec;
    if (!c.first_file.empty() && fs::exists(c.first_file, ec)) {
      f.first_file = c.first_file;
      if (!report_dir.empty()) {
        const fs::path rel = fs::path(c.first_file).lexically_relative(fs::absolute(report_dir, ec));
        if (!rel.empty() && *rel.begin() != "..") f.first_file = rel.string();
      }
    }
    r.findings.push_back(std::move(f));
  }
  r.signals = signals_;
}

reports::Semantics RunSemantics(const Env& env, const std::map<std::string, uint64_t>& signals,
                                uint64_t collision_prone_rounds) {
  reports::Semantics s;
  // Probed once per filesystem with a purpose-made request (testbed/probe): a clearer
  // answer than the run's own misaligned ops, whose alignment varies.
  s.overlap_dwrite = env.overlap_dwrite.empty() ? "unknown" : env.overlap_dwrite;
  s.misaligned_dio = env.misaligned_dio.empty() ? "unknown" : env.misaligned_dio;
  const uint64_t eio = Count(signals, "collision-eio") + Count(signals, "collision-eio-view") +
                       Count(signals, "dread-collision-eio");
  if (eio > 0) {
    s.collision_eio = true;
  } else if (collision_prone_rounds >= kCollisionEvidence) {
    s.collision_eio = false;
  }
  return s;
}

}  // namespace fsfuzz::stress
