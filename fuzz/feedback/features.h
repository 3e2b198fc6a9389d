// Semantic feedback: what a run did, as feature ids the engines can see. A feature is
// op kind x outcome (ok, short, SIGBUS, errno class, skipped) x page state of its range
// (mapped, dirty, past EOF, hole, cached) x round shape, plus the state of a mapped
// source buffer, pairs of overlapping ops in a round, and overlapping consecutive ops.
// Programs that make the kernel do something new are kept even though the kernel is
// not instrumented.
#pragma once

#include <cstdint>
#include <vector>

#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz::fuzz {

enum class Outcome : uint8_t { kOk, kShort, kSigbus, kEinval, kEfault, kEio, kOtherErrno, kSkipped };
inline constexpr uint32_t kNumOutcomes = 8;
inline constexpr uint32_t kNumShapes = 4;  // sequential or round x heap (or no) buffer or mapped buffer

// Families, laid out one after another in the id space.
inline constexpr uint32_t kOpFeatures = kNumOpKinds * kNumOutcomes * 32 * kNumShapes;
inline constexpr uint32_t kBufFeatures = 4 * kNumOutcomes * 16;           // data ops x outcome x source state
inline constexpr uint32_t kPairFeatures = kNumOpKinds * kNumOpKinds * 2;  // round pairs x overlap
inline constexpr uint32_t kSeqFeatures = kNumOpKinds * kNumOpKinds * 2;   // consecutive ops x overlap
inline constexpr uint32_t kNumFeatures = kOpFeatures + kBufFeatures + kPairFeatures + kSeqFeatures;

Outcome Classify(const Op& op, const OpRecord& rec);

// Every feature the run shows, each once, in increasing order.
std::vector<uint32_t> ExtractFeatures(const Program& p, const Trace& t);

}  // namespace fsfuzz::fuzz
