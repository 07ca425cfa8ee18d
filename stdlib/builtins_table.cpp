// The runtime side of builtins.def: overload id -> implementation.
#include "stdlib/builtins.hpp"
#include "stdlib/functions_impl.hpp"

namespace onb::stdlib {

BuiltinFn builtinImpl(Overload id) {
  switch (id) {
    case Overload::LowerS: return lowerS;
    case Overload::UpperS: return upperS;
    case Overload::LenS: return lenS;
    case Overload::ContainsSS: return containsSS;
    case Overload::StartsWithSS: return startsWithSS;
    case Overload::EndsWithSS: return endsWithSS;
    case Overload::MinII: return minII;
    case Overload::MinFF: return minFF;
    case Overload::MinDD: return minII;
    case Overload::MinTT: return minII;
    case Overload::MaxII: return maxII;
    case Overload::MaxFF: return maxFF;
    case Overload::MaxDD: return maxII;
    case Overload::MaxTT: return maxII;
    case Overload::AbsI: return absI;
    case Overload::AbsF: return absF;
    case Overload::AbsD: return absI;
    case Overload::kCount: break;
  }
  return nullptr;
}

}  // namespace onb::stdlib
