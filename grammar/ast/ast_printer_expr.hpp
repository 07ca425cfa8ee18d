// Internal to the AST printer (ast_printer.cpp, ast_printer_expr.cpp): the expression
// renderings and the helpers the module dump shares with them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "grammar/ast/ast.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::ast_printer {

// Appends `text` as a string literal: quotes, `\" \\ \n \t` and `\u{X}` for other control
// characters; other UTF-8 passes through.
void appendQuoted(std::string& out, std::string_view text);

// Appends "@line:col" for byte offsets of one file; cheap when offsets mostly increase
// within a line (it counts columns on from the previous offset).
class Positions {
 public:
  explicit Positions(const SourceFile& file) : file_(file) {}
  void append(std::string& out, uint32_t offset);

 private:
  const SourceFile& file_;
  bool cached_ = false;
  uint32_t offset_ = 0, line_ = 0, column_ = 0, nextLineStart_ = 0;
};

// exprToSource (see ast_printer.hpp).
std::string exprSource(const ast::Module& module, ast::ExprId id);

// Appends the located S-expression of an expression: `leaf@l:c` or `(head @l:c operands...)`.
// Iterative: the depth of the tree does not matter.
void appendExprDump(std::string& out, const ast::Module& module, ast::ExprId id, Positions& positions);

}  // namespace onb::ast_printer
