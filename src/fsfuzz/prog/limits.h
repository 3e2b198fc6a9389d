// Hard limits of the program model (text form); the binary decoder clamps tighter.
#pragma once

#include <cstdint>

namespace fsfuzz {

inline constexpr uint64_t kPageSize = 4096;            // the model's page; checked at run time
inline constexpr int kMaxSlots = 8;                    // mapping slots m0..m7
inline constexpr int kMaxRoundOps = 8;                 // ops per round (one worker thread each)
inline constexpr uint64_t kMaxFileSize = 1ull << 30;   // largest file offset/size a program may name
inline constexpr uint64_t kMaxOpLen = 64ull << 20;     // largest single op length
inline constexpr uint64_t kMaxAuxSize = 64ull << 20;   // the second ("aux") file
inline constexpr int kMaxSteps = 100000;

// Source ids used by the data pattern and the model (ops are numbered 1..N).
inline constexpr uint32_t kSrcZero = 0;                // zero bytes (holes, past EOF)
inline constexpr uint32_t kSrcInit = 0xFFFFFFF0u;      // the file's initial contents
inline constexpr uint32_t kSrcAux = 0xFFFFFFF1u;       // the aux file's contents

inline constexpr uint64_t RoundUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
inline constexpr uint64_t RoundDown(uint64_t v, uint64_t a) { return v / a * a; }

}  // namespace fsfuzz
