#include "runtime/bytecode/value.hpp"

namespace onb {

std::string_view valueTypeName(ValueType type) {
  switch (type) {
    case ValueType::Bool: return "bool";
    case ValueType::Int: return "int";
    case ValueType::Float: return "float";
    case ValueType::String: return "string";
    case ValueType::Time: return "time";
    case ValueType::Duration: return "duration";
    case ValueType::Enum: return "enum";
  }
  return "?";
}

}  // namespace onb
