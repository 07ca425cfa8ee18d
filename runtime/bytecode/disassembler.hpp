// The disassembler: a readable, deterministic listing of a Program, for `onb disasm
// X.onbc` and golden tests. Sections in order: header (source hash, counts), schema,
// state layout (every slot with offset, size and what it holds), constants, channels,
// queues, caps, journeys, rules, then every function with one line per instruction
// (operands decoded per format: constants inline, traits, event properties and history
// slots by name, jump targets as indexes relative to the function).
//
// Safe on a program that failed verification: an index out of range prints as "#N?".
#pragma once

#include <string>

#include "runtime/bytecode/program.hpp"

namespace onb::bc {

std::string disassemble(const Program& program);

}  // namespace onb::bc
