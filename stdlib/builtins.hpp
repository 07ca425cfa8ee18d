// Built-in functions: signatures for the checker, implementations for the runtime, joined
// by the stable ids of builtins.def.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/bytecode/value.hpp"

namespace onb::stdlib {

enum class HistoryFn : uint8_t {
#define HISTORY(Id, Name, Result, AllowsWithin) Id,
#include "stdlib/builtins.def"
};

enum class Overload : uint16_t {
#define OVERLOAD(Id, Name, Result, Arity, P1, P2) Id,
#include "stdlib/builtins.def"
  kCount
};

// Parameter and result types of signatures: the value types plus "absent".
enum class SigType : uint8_t { None, Bool, Int, Float, String, Time, Duration, OptTime, OptDuration };

struct HistoryInfo {
  HistoryFn id;
  std::string_view name;
  SigType result;
  bool allowsWithin;
};

struct OverloadInfo {
  Overload id;
  std::string_view name;
  SigType result;
  uint8_t arity;
  SigType params[2];
};

const HistoryInfo* findHistory(std::string_view name);
std::span<const OverloadInfo> allOverloads();
const OverloadInfo& overloadInfo(Overload id);
bool isFunctionName(std::string_view name);  // a history built-in or a value function

// Runtime implementations. A function returns false on a runtime error and sets `error`
// (a static message). `scratch` allocates result strings that live until the firing ends.
class Scratch {
 public:
  virtual ~Scratch() = default;
  virtual char* allocate(size_t bytes) = 0;
};
using BuiltinFn = bool (*)(const Value* args, Value& out, Scratch& scratch, const char*& error);
BuiltinFn builtinImpl(Overload id);

}  // namespace onb::stdlib
