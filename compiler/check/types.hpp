// The types of onb expressions (LANGUAGE.md section 8).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onb::sema {

enum class TypeKind : uint8_t { Error, Bool, Int, Float, String, Time, Duration, Enum };

struct Type {
  TypeKind kind = TypeKind::Error;
  bool optional = false;
  uint32_t enumId = 0;  // Enum: index into CheckedProgram::enums

  static Type of(TypeKind k, bool opt = false) { return Type{k, opt, 0}; }
  static Type error() { return Type{}; }
  bool isError() const { return kind == TypeKind::Error; }
  bool isNumeric() const { return kind == TypeKind::Int || kind == TypeKind::Float; }
  Type base() const { return Type{kind, false, enumId}; }
  Type withOptional(bool opt) const { return Type{kind, opt, enumId}; }
  bool sameBase(Type o) const { return kind == o.kind && (kind != TypeKind::Enum || enumId == o.enumId); }
  bool operator==(const Type& o) const { return sameBase(o) && optional == o.optional; }
};

struct EnumDef {
  std::vector<std::string> members;
  int32_t find(std::string_view member) const {
    for (size_t i = 0; i < members.size(); ++i)
      if (members[i] == member) return static_cast<int32_t>(i);
    return -1;
  }
};

}  // namespace onb::sema
