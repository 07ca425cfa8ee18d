// Loads a program: the root file and, transitively, every file it imports (LANGUAGE.md
// section 3). Each file is parsed once; import paths are relative to the importing file;
// a cycle is reported with its chain. The declaration order is the depth-first expansion
// of imports where they stand.
#pragma once

#include <string>
#include <vector>

#include "grammar/ast/ast.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/parser/parse.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

struct DeclRef {
  uint32_t module;  // index into LoadedProgram::modules
  uint32_t decl;    // index into that module's decls
};

struct LoadedProgram {
  std::vector<ast::Module> modules;  // parse order; modules[0] is the root
  std::vector<DeclRef> order;        // every non-import declaration, in program order
  bool rootUnreadable = false;       // the root file itself could not be read
  std::string rootError;             // why (for the CLI's I/O error)
};

LoadedProgram loadProgram(const std::string& rootPath, SourceManager& sources, DiagnosticSink& sink,
                          const ParseOptions& options = {});

// As loadProgram, with the root's text given (stdin, the embedding API, tests); imports are
// still resolved relative to rootPath's folder.
LoadedProgram loadProgramText(const std::string& rootPath, std::string text, SourceManager& sources,
                              DiagnosticSink& sink, const ParseOptions& options = {});

}  // namespace onb
