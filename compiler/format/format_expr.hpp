// Internal to compiler/format: the canonical text of expressions and literals for `onb fmt`.
#pragma once

#include <string>
#include <string_view>

#include "grammar/ast/ast.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::format {

// The canonical source text of an expression of a module parsed from `file`. The layout of
// exprToSource (grammar/ast/ast_printer.hpp): single spaces around binary operators and
// `within`, after `not` and `,`; none inside parentheses, brackets and calls; the user's
// parentheses kept and none added. Unlike exprToSource, numbers, durations and timestamps
// are written as in the source (`24h` stays `24h`, `@2025-01-01T09:00+02:00` keeps its
// offset), a negative literal keeps its `-` but loses any space after it, and strings are
// re-escaped minimally (see appendQuoted). Parsing the result gives the same tree.
// Iterative: chains of any length are fine.
std::string formatExpr(const ast::Module& module, const SourceFile& file, ast::ExprId id);

// Appends `text` (valid UTF-8) as a string literal: `\"` `\\` `\n` `\t`; `\u{X}` for the other
// control characters and for characters a reader cannot see or that reorder the text on
// screen (zero-width and bidirectional marks, noncharacters, ...); everything else as is.
void appendQuoted(std::string& out, std::string_view text);

// The text of a number-like token as written: the source of `span` with any `-`, blanks
// and comments before the token removed (a `- 5` literal gives `5`).
std::string_view tokenText(const SourceFile& file, Span span);

}  // namespace onb::format
