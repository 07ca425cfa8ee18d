// Helpers for the grammar tests: parse text, render diagnostics and expressions compactly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "grammar/ast/ast.hpp"
#include "grammar/ast/ast_printer.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/parser/parse.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::test {

struct Parsed {
  std::unique_ptr<SourceManager> sources = std::make_unique<SourceManager>();
  FileId file = kNoFile;
  ast::Module module;
  DiagnosticSink sink;

  const SourceFile& source() const { return sources->file(file); }
  // One line per diagnostic: "LINE:COL CODE message".
  std::string diagnostics() const;
  // "LINE:COL CODE" of the first diagnostic, or "" when there is none.
  std::string firstError() const;
  size_t errors() const { return sink.errorCount(); }
  std::string ast() const { return printAst(module, source()); }
};

Parsed parseText(std::string text, const ParseOptions& options = {});

// Parses `channel c requires EXPR` and returns the requirement expression's id (or
// kNoExpr when the text did not parse).
struct ParsedExpr {
  Parsed parsed;
  ast::ExprId id = ast::kNoExpr;
};
ParsedExpr parseExpr(const std::string& expr);

// The tree of an expression, fully parenthesised and without positions: "(+ a (* b c))".
std::string structure(const ast::Module& module, ast::ExprId id);
// structure() of parseExpr(expr), or "error: <diagnostics>".
std::string tree(const std::string& expr);
// exprToSource() of parseExpr(expr), or "error: <diagnostics>".
std::string canonical(const std::string& expr);

// Every expression that hangs directly off a declaration, item, clause or `with` entry.
std::vector<ast::ExprId> expressionRoots(const ast::Module& module);

// Checks that exprToSource(id) parses back to the same tree (and prints the same).
void expectRoundTrip(const ast::Module& module, ast::ExprId id);

std::string readFile(const std::string& path);

}  // namespace onb::test
