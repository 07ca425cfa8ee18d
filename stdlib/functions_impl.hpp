// Internal: the implementation functions of builtins.def, one per overload (several
// overloads share an implementation: durations and times are int64 milliseconds).
#pragma once

#include "stdlib/builtins.hpp"

namespace onb::stdlib {

bool lowerS(const Value*, Value&, Scratch&, const char*&);
bool upperS(const Value*, Value&, Scratch&, const char*&);
bool lenS(const Value*, Value&, Scratch&, const char*&);
bool containsSS(const Value*, Value&, Scratch&, const char*&);
bool startsWithSS(const Value*, Value&, Scratch&, const char*&);
bool endsWithSS(const Value*, Value&, Scratch&, const char*&);
bool minII(const Value*, Value&, Scratch&, const char*&);
bool maxII(const Value*, Value&, Scratch&, const char*&);
bool minFF(const Value*, Value&, Scratch&, const char*&);
bool maxFF(const Value*, Value&, Scratch&, const char*&);
bool absI(const Value*, Value&, Scratch&, const char*&);
bool absF(const Value*, Value&, Scratch&, const char*&);

}  // namespace onb::stdlib
