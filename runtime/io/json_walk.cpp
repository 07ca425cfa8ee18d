#include "runtime/io/json_walk.hpp"

namespace onb::io::json {

error_code validateValue(od::value v, int depth) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return e;
  switch (type) {
    case od::json_type::object: {
      if (depth >= kMaxDepth) return simdjson::DEPTH_ERROR;
      od::object object;
      if (error_code e = v.get_object().get(object)) return e;
      for (auto result : object) {
        od::field field;
        if (error_code e = std::move(result).get(field)) return e;
        std::string_view key;
        if (error_code e = readKey(field, key)) return e;
        if (error_code e = validateValue(field.value(), depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      if (depth >= kMaxDepth) return simdjson::DEPTH_ERROR;
      od::array array;
      if (error_code e = v.get_array().get(array)) return e;
      for (auto result : array) {
        od::value element;
        if (error_code e = std::move(result).get(element)) return e;
        if (error_code e = validateValue(element, depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      size_t length;
      return classifyNumber(v.raw_json_token(), length) == NumberKind::Bad ? simdjson::NUMBER_ERROR
                                                                          : simdjson::SUCCESS;
    }
    case od::json_type::string:
      return validateString(v);
    case od::json_type::boolean: {
      const std::string_view token = v.raw_json_token();
      const bool ok = token[0] == 't' ? isLiteral(token, "true") : isLiteral(token, "false");
      if (ok) return simdjson::SUCCESS;
      return token[0] == 't' ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR;
    }
    case od::json_type::null:
      return isLiteral(v.raw_json_token(), "null") ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
  }
  return simdjson::TAPE_ERROR;
}

}  // namespace onb::io::json
