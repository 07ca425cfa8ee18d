// Text renderings of the AST: a located dump for `onb dump --ast` and golden tests, and
// the canonical source text of an expression for the formatter and messages.
#pragma once

#include <string>

#include "grammar/ast/ast.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

// A deterministic, indented S-expression dump of every declaration, item, clause and
// expression, each with the line:col where it starts, then the comments:
//
//   (module
//     (journey activation @27:1
//       (rule welcome @35:3
//         (when @36:5 signed_up)
//         (send @37:5 email "welcome" (with (name (?? @37:37 user.first_name@37:37 "there"@37:56)))))))
//
// Declarations, items and clauses are one per line; an expression stays on its line
// (`leaf@line:col`, `(op @line:col operands...)`). Linear in the size of the tree, without
// recursion, so any tree the parser builds can be printed.
std::string printAst(const ast::Module& module, const SourceFile& file);

// The canonical source text of an expression: single spaces around binary operators and
// after `not` and `,`, none after unary `-` (`- -1` keeps one so it is not `--1`), Paren
// nodes kept, strings re-escaped, durations as count and unit, negative literals with
// their `-`, timestamps as `@YYYY-MM-DDTHH:MM:SS.mmmZ`. Parsing the result gives the same
// tree. Parentheses are added only where a (hand-built) tree would otherwise re-parse
// differently. Iterative, like printAst.
std::string exprToSource(const ast::Module& module, ast::ExprId id);

}  // namespace onb
