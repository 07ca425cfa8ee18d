#include "runtime/io/field_reader.hpp"

#include "stdlib/civil_time.hpp"

namespace onb::io::detail {

namespace od = json::od;
namespace dom = simdjson::dom;
using json::error_code;

namespace {

constexpr char kEmptyString[] = "";

// Empty strings point to a static "" so that a string Value that needs rebasing by
// DecodedEvent::own() is exactly one with len > 0.
Value stringValue(std::string_view s) {
  return s.empty() ? Value::ofString(std::string_view(kEmptyString, 0)) : Value::ofString(s);
}

FieldRead wrong(Mismatch mismatch) { return {FieldStatus::WrongType, mismatch, simdjson::SUCCESS}; }
FieldRead malformed(error_code error) { return {FieldStatus::Malformed, Mismatch::None, error}; }

FieldRead readString(od::value& v, const bc::FieldSpec& spec, const NameTable* members, Value& out) {
  switch (spec.type) {
    case ValueType::String:
    case ValueType::Time:
    case ValueType::Enum:
      break;
    case ValueType::Bool:
    case ValueType::Int:
    case ValueType::Float:
    case ValueType::Duration:
      if (error_code e = json::validateString(v)) return malformed(e);
      return wrong(Mismatch::String);
  }
  std::string_view s;
  if (error_code e = v.get_string().get(s)) return malformed(e);
  if (spec.type == ValueType::String) {
    out = stringValue(s);
    return {};
  }
  if (spec.type == ValueType::Time) {
    int64_t t;
    switch (civil::parseIso(s, t)) {
      case civil::IsoError::None: out = Value::ofInt(t); return {};
      case civil::IsoError::Syntax: return wrong(Mismatch::NotIso);
      case civil::IsoError::Range: return wrong(Mismatch::TimeOutOfRange);
    }
  }
  const uint32_t member = members->find(s);
  if (member == NameTable::kNotFound) return wrong(Mismatch::NotMember);
  out = Value::ofInt(member);
  return {};
}

FieldRead readNumber(od::value& v, const bc::FieldSpec& spec, Value& out) {
  const std::string_view token = v.raw_json_token();
  size_t length = 0;
  const json::NumberKind kind = json::classifyNumber(token, length);
  if (kind == json::NumberKind::Bad) return malformed(simdjson::NUMBER_ERROR);
  const std::string_view digits = token.substr(0, length);
  int64_t i;
  switch (spec.type) {
    case ValueType::Int:
    case ValueType::Duration:
      if (kind == json::NumberKind::Float) return wrong(Mismatch::Float);
      if (!json::parseInt64(digits, i)) return wrong(Mismatch::IntOutOfRange);
      out = Value::ofInt(i);
      return {};
    case ValueType::Time:
      if (kind == json::NumberKind::Float) return wrong(Mismatch::Float);
      if (!json::parseInt64(digits, i) || i < civil::kMinTime || i > civil::kMaxTime)
        return wrong(Mismatch::TimeOutOfRange);
      out = Value::ofInt(i);
      return {};
    case ValueType::Float: {
      // The grammar is checked above, so simdjson can only fail on overflow (1e400).
      double d;
      if (v.get_double().get(d)) return wrong(Mismatch::FloatOutOfRange);
      out = Value::ofFloat(d);
      return {};
    }
    case ValueType::Bool:
    case ValueType::String:
    case ValueType::Enum:
      return wrong(kind == json::NumberKind::Integer ? Mismatch::Int : Mismatch::Float);
  }
  return wrong(Mismatch::Float);
}

}  // namespace

FieldRead readField(od::value v, const bc::FieldSpec& spec, const NameTable* members, int depth, Value& out) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return malformed(e);
  switch (type) {
    case od::json_type::string:
      return readString(v, spec, members, out);
    case od::json_type::number:
      return readNumber(v, spec, out);
    case od::json_type::boolean: {
      const std::string_view token = v.raw_json_token();
      const bool isTrue = token[0] == 't';
      if (!json::isLiteral(token, isTrue ? "true" : "false"))
        return malformed(isTrue ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR);
      if (spec.type != ValueType::Bool) return wrong(Mismatch::Bool);
      out = Value::ofBool(isTrue);
      return {};
    }
    case od::json_type::null:
      if (!json::isLiteral(v.raw_json_token(), "null")) return malformed(simdjson::N_ATOM_ERROR);
      return {FieldStatus::Null, Mismatch::None, simdjson::SUCCESS};
    case od::json_type::object:
    case od::json_type::array:
      if (error_code e = json::validateValue(v, depth)) return malformed(e);
      return wrong(type == od::json_type::object ? Mismatch::Object : Mismatch::Array);
  }
  return malformed(simdjson::TAPE_ERROR);
}

FieldRead readField(dom::element v, const bc::FieldSpec& spec, const NameTable* members, Value& out) {
  switch (v.type()) {
    case dom::element_type::STRING: {
      const std::string_view s = v.get_string().value_unsafe();
      switch (spec.type) {
        case ValueType::String: out = stringValue(s); return {};
        case ValueType::Time: {
          int64_t t;
          switch (civil::parseIso(s, t)) {
            case civil::IsoError::None: out = Value::ofInt(t); return {};
            case civil::IsoError::Syntax: return wrong(Mismatch::NotIso);
            case civil::IsoError::Range: return wrong(Mismatch::TimeOutOfRange);
          }
          return wrong(Mismatch::NotIso);
        }
        case ValueType::Enum: {
          const uint32_t member = members->find(s);
          if (member == NameTable::kNotFound) return wrong(Mismatch::NotMember);
          out = Value::ofInt(member);
          return {};
        }
        case ValueType::Bool:
        case ValueType::Int:
        case ValueType::Float:
        case ValueType::Duration: return wrong(Mismatch::String);
      }
      return wrong(Mismatch::String);
    }
    case dom::element_type::INT64: {
      const int64_t i = v.get_int64().value_unsafe();
      switch (spec.type) {
        case ValueType::Int:
        case ValueType::Duration: out = Value::ofInt(i); return {};
        case ValueType::Time:
          if (i < civil::kMinTime || i > civil::kMaxTime) return wrong(Mismatch::TimeOutOfRange);
          out = Value::ofInt(i);
          return {};
        case ValueType::Float: out = Value::ofFloat(static_cast<double>(i)); return {};
        case ValueType::Bool:
        case ValueType::String:
        case ValueType::Enum: return wrong(Mismatch::Int);
      }
      return wrong(Mismatch::Int);
    }
    case dom::element_type::UINT64:  // an integer in [2^63, 2^64): past int64
      switch (spec.type) {
        case ValueType::Int:
        case ValueType::Duration: return wrong(Mismatch::IntOutOfRange);
        case ValueType::Time: return wrong(Mismatch::TimeOutOfRange);
        case ValueType::Float: out = Value::ofFloat(static_cast<double>(v.get_uint64().value_unsafe())); return {};
        case ValueType::Bool:
        case ValueType::String:
        case ValueType::Enum: return wrong(Mismatch::Int);
      }
      return wrong(Mismatch::Int);
    case dom::element_type::DOUBLE:
      if (spec.type != ValueType::Float) return wrong(Mismatch::Float);
      out = Value::ofFloat(v.get_double().value_unsafe());
      return {};
    case dom::element_type::BOOL:
      if (spec.type != ValueType::Bool) return wrong(Mismatch::Bool);
      out = Value::ofBool(v.get_bool().value_unsafe());
      return {};
    case dom::element_type::NULL_VALUE: return {FieldStatus::Null, Mismatch::None, simdjson::SUCCESS};
    case dom::element_type::OBJECT: return wrong(Mismatch::Object);
    case dom::element_type::ARRAY: return wrong(Mismatch::Array);
  }
  return wrong(Mismatch::Object);
}

void applyProperty(const SchemaTables& tables, const bc::FieldSpec& spec, const FieldRead& read, LineScan& scan,
                   DecodedEvent& out) {
  if (read.status != FieldStatus::WrongType || scan.invalid) return;
  scan.invalid = true;
  out.reason.assign("property `").append(spec.name).append("`: ");
  describeMismatch(spec, tables.schema, read.mismatch, out.reason);
}

void applyTrait(const SchemaTables& tables, uint32_t trait, const FieldRead& read, Value value, DecodedEvent& out) {
  switch (read.status) {
    case FieldStatus::Ok: out.traits.push_back(TraitUpdate{trait, TraitOp::Set, value}); return;
    case FieldStatus::Null: out.traits.push_back(TraitUpdate{trait, TraitOp::Remove, Value::none()}); return;
    case FieldStatus::Malformed: return;  // the caller stops: the line is malformed
    case FieldStatus::WrongType: {
      const bc::TraitSpec& spec = tables.schema.traits[trait];
      std::string& reason = out.traitErrors.emplace_back("trait `");
      reason.append(spec.name).append("`: ");
      describeMismatch(spec, tables.schema, read.mismatch, reason);
      return;
    }
  }
}

void describeMismatch(const bc::FieldSpec& spec, const bc::Schema& schema, Mismatch mismatch, std::string& out) {
  if (spec.type == ValueType::Enum) {
    out += "expected one of ";
    const std::vector<std::string>& members = schema.enums[spec.enumIndex].members;
    for (size_t i = 0; i < members.size(); ++i) {
      if (i == 8 && members.size() > 9) {
        out += ", ...";
        break;
      }
      if (i > 0) out += ", ";
      out += members[i];
    }
    return;
  }
  if (mismatch == Mismatch::TimeOutOfRange) {
    out += "time out of range (years 0001-9999)";
    return;
  }
  out += "expected ";
  out += valueTypeName(spec.type);
  switch (mismatch) {
    case Mismatch::None: break;
    case Mismatch::String: out += ", got string"; break;
    case Mismatch::Bool: out += ", got bool"; break;
    case Mismatch::Int: out += ", got int"; break;
    case Mismatch::Float: out += ", got float"; break;
    case Mismatch::Object: out += ", got object"; break;
    case Mismatch::Array: out += ", got array"; break;
    case Mismatch::IntOutOfRange: out += ", got an integer out of 64-bit range"; break;
    case Mismatch::FloatOutOfRange: out += ", got a number out of range"; break;
    case Mismatch::NotIso: out += ", got a string that is not ISO 8601"; break;
    case Mismatch::TimeOutOfRange: break;
    case Mismatch::NotMember: out += ", got a string that is not a member"; break;
  }
}

}  // namespace onb::io::detail
