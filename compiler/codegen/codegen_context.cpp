#include "compiler/codegen/codegen_context.hpp"

#include <cstring>

#include "compiler/codegen/function_compiler.hpp"

namespace onb::codegen {

uint32_t CodegenContext::constInt(int64_t v) {
  auto [it, fresh] = constants_.emplace(std::make_tuple(0, v, std::string()), static_cast<uint32_t>(program.constants.size()));
  if (fresh) {
    bc::Constant k;
    k.type = ValueType::Int;
    k.i = v;
    program.constants.push_back(k);
  }
  return it->second;
}

uint32_t CodegenContext::constFloat(double v) {
  int64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  auto [it, fresh] = constants_.emplace(std::make_tuple(1, bits, std::string()), static_cast<uint32_t>(program.constants.size()));
  if (fresh) {
    bc::Constant k;
    k.type = ValueType::Float;
    k.f = v;
    program.constants.push_back(k);
  }
  return it->second;
}

uint32_t CodegenContext::constString(std::string_view s) {
  auto [it, fresh] = constants_.emplace(std::make_tuple(2, 0, std::string(s)), static_cast<uint32_t>(program.constants.size()));
  if (fresh) {
    bc::Constant k;
    k.type = ValueType::String;
    k.stringOffset = static_cast<uint32_t>(program.stringPool.size());
    k.stringLength = static_cast<uint32_t>(s.size());
    program.stringPool.append(s);
    program.constants.push_back(k);
  }
  return it->second;
}

uint32_t CodegenContext::fileIndex(FileId file) {
  auto [it, fresh] = files_.emplace(file, static_cast<uint32_t>(program.files.size()));
  if (fresh) program.files.push_back(sources.file(file).path());
  return it->second;
}

int32_t CodegenContext::compileFunction(uint32_t module, const std::vector<ast::ExprId>& results, uint32_t event) {
  return FunctionCompiler(*this, module, event).compile(results);
}

}  // namespace onb::codegen
