// The text dump of the checker's output for `onb dump --types` and golden tests: every
// expression of every file of the program (the root first, then imports in load order)
// with its position, checked type, canonical source text and what it resolves to.
//
//   module examples/saas/activation.onb
//     14:39  user.first_name ?? "there"  : string
//     14:39  user.first_name  : string?  -> trait first_name
//     37:8  count(step_failed within 1d)  : int  -> count(step_failed)
//
// One line per expression, ordered by position (an expression before the ones inside
// it); `error` for an expression that has no type (one the checker rejected or never
// reached); `(as float)` when an int is converted where it is used. Deterministic.
#pragma once

#include <string>

#include "compiler/check/checked_program.hpp"
#include "compiler/check/program_loader.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

std::string dumpTypes(const sema::CheckedProgram& program, const LoadedProgram& loaded, const SourceManager& sources);

// The name of a checked type as messages write it: `int`, `string?`, `enum(free, pro)`.
std::string typeText(const sema::CheckedProgram& program, sema::Type type);

}  // namespace onb
