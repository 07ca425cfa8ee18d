// Internal to the disassembler: the function listing (disassemble_code.cpp), used by
// disassembler.cpp after the tables.
#pragma once

#include <string>

#include "runtime/bytecode/program.hpp"

namespace onb::bc::disasm {

// Appends "functions" and every function with its instructions to `out`.
void appendFunctions(const Program& p, std::string& out);

}  // namespace onb::bc::disasm
