// `onb fmt`: the one canonical layout of an .onb file.
//
// Layout:
// - two spaces per level; one declaration, journey item, rule clause, trait and (in the
//   multi-line form) property or `with` entry per line;
// - an `event` with properties stays on one line (`event a "A" { x: int, y: string? }`)
//   when that fits in `maxWidth` columns and no comment stands inside its braces, else
//   one property per line; a `user` block always has one trait per line; empty braces
//   are dropped from events (`event a`) and kept as `user {}` / `with {}`;
// - a `with` map stays on the action's line when that fits, else one entry per line, each
//   with a trailing comma;
// - expressions as formatExpr (format_expr.hpp) writes them, never broken across lines;
// - blank lines: at most one is kept where the source has any; none after `{`, before
//   `}` or at the start of the file; one is added between top-level declarations of
//   different kinds, around journeys and multi-line declarations, and around rules.
//
// Comments stay where they are:
// - a comment on a line of its own stays before the construct that follows it, with that
//   construct's indentation (inside a block when it is before the block's `}`; at the end
//   of the file when nothing follows); one inside a construct that is printed on one line
//   (a multi-line expression) moves just before that line;
// - a comment after code stays at the end of the line of the outermost declaration,
//   field, journey item or rule that starts on its line (where `# onb:allow` comments
//   apply), else of the innermost line that starts on its line, else of the line holding
//   the code before it; a second such comment for one line goes on its own just after it;
// - a block with a comment inside its braces, or after a `}` on a later line than its `{`,
//   keeps one item per line.
//
// Formatting never changes the meaning (the tree is the same, positions aside) and is
// idempotent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "grammar/ast/ast.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

struct FormatOptions {
  uint32_t maxWidth = 100;  // columns (code points) a one-line event or `with` may take
};

// Formats a module parsed from `file` without syntax errors (the output of a module with
// syntax errors is unspecified).
std::string formatSource(const SourceFile& file, const ast::Module& module, const FormatOptions& options = {});

// Parses `file` and formats it; std::nullopt when it has syntax errors (reported to
// `sink`).
std::optional<std::string> formatFile(const SourceFile& file, DiagnosticSink& sink, const FormatOptions& options = {});

}  // namespace onb
