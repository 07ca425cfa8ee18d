#include "stdlib/builtins.hpp"

#include <array>

namespace onb::stdlib {

namespace {

constexpr HistoryInfo kHistory[] = {
#define HISTORY(Id, Name, Result, AllowsWithin) {HistoryFn::Id, Name, SigType::Result, AllowsWithin},
#include "stdlib/builtins.def"
};

constexpr OverloadInfo kOverloads[] = {
#define OVERLOAD(Id, Name, Result, Arity, P1, P2) {Overload::Id, Name, SigType::Result, Arity, {SigType::P1, SigType::P2}},
#include "stdlib/builtins.def"
};

}  // namespace

const HistoryInfo* findHistory(std::string_view name) {
  for (const auto& h : kHistory)
    if (h.name == name) return &h;
  return nullptr;
}

std::span<const OverloadInfo> allOverloads() { return kOverloads; }

const OverloadInfo& overloadInfo(Overload id) { return kOverloads[static_cast<size_t>(id)]; }

bool isFunctionName(std::string_view name) {
  if (findHistory(name)) return true;
  for (const auto& o : kOverloads)
    if (o.name == name) return true;
  return false;
}

}  // namespace onb::stdlib
