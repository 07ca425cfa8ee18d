#include "runtime/bytecode/program.hpp"

namespace onb::bc {

const OpInfo& opInfo(Op op) {
  static const OpInfo kInfo[] = {
#define OP(Name, Mnemonic, Format, Doc) {Mnemonic, OpFormat::Format, Doc},
#include "runtime/bytecode/opcodes.def"
#undef OP
      {"?", OpFormat::R, "invalid"},
  };
  return kInfo[static_cast<size_t>(op) < static_cast<size_t>(Op::kCount) ? static_cast<size_t>(op)
                                                                         : static_cast<size_t>(Op::kCount)];
}

}  // namespace onb::bc
