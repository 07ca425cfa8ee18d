// Internal to the verifier: the state shared by its passes (verifier.cpp runs them in
// order; each stops at its first violation).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "runtime/bytecode/program.hpp"

namespace onb::bc::verify {

// What the dataflow pass knows about a register. Int covers every int64 payload (int,
// time, duration, enum, bool). Missing is a register holding only `missing` (LoadMissing):
// its payload is zero, so it may be read as any type. Conflict: written on every path,
// but with different types; it may not be read.
enum class MType : uint8_t { Unset, Int, Float, String, Missing, Conflict };

std::string_view mtypeName(MType type);
MType machineType(ValueType type);
// The type of a register that is `a` on one path and `b` on another.
MType mergeTypes(MType a, MType b);

// What a function returns, merged over every reachable `ret` (filled by the code pass).
struct FunctionSummary {
  std::vector<MType> results;
};

struct Verifier {
  explicit Verifier(const Program& p) : program(p) {}

  // Records the first violation; returns false so callers can `return v.fail(...)`.
  template <typename... Args>
  bool fail(fmt::format_string<Args...> format, Args&&... args) {
    if (!error) error = fmt::format(format, std::forward<Args>(args)...);
    return false;
  }

  const Program& program;
  std::optional<std::string> error;
  std::vector<FunctionSummary> summaries;  // per function, after verifyCode
};

// The passes, in the order verifier.cpp runs them. Each may rely on the earlier ones.
bool verifySchema(Verifier& v);
bool verifyConstants(Verifier& v);
bool verifyHistory(Verifier& v);    // history slots and streams (not their filters)
bool verifyFunctions(Verifier& v);  // function headers, code ranges, lines
bool verifyCode(Verifier& v);       // every function's instructions and dataflow
bool verifyTables(Verifier& v);     // channels, caps, journeys, rules, stream filters
bool verifyLayout(Verifier& v);     // the per-user state block

// A function reference of a table entry: `fn` is kNoFn (allowed unless `required`) or a
// function returning `expected` types and reading event `event` or none. `place` names
// the reference for messages ("rule activation.welcome with").
bool checkFnRef(Verifier& v, int32_t fn, std::string_view place, uint32_t event, std::span<const MType> expected,
                bool required);

}  // namespace onb::bc::verify
