// The parser: source text -> ast::Module, with located syntax diagnostics.
#pragma once

#include "grammar/ast/ast.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

struct ParseOptions {
  // Maximum nesting of parentheses, calls and `(E where X)` in one expression; deeper input
  // gets a NestingTooDeep diagnostic instead of exhausting the stack.
  uint32_t maxNesting = 256;
  // Stop after this many syntax errors in one file (later ones are usually cascades).
  uint32_t maxErrors = 50;
};

// Parses one file. Always returns a module: after a syntax error the parser resyncs at the
// next declaration (or, inside a journey, the next item) and goes on, so one run reports
// several independent errors; the declarations it could not parse are left out.
ast::Module parse(const SourceFile& file, DiagnosticSink& sink, const ParseOptions& options = {});

}  // namespace onb
