#include "compiler/format/format.hpp"

#include "compiler/format/format_lines.hpp"
#include "grammar/parser/parse.hpp"

namespace onb {

std::string formatSource(const SourceFile& file, const ast::Module& module, const FormatOptions& options) {
  return format::writeLines(format::layoutModule(module, file, options), module, file);
}

std::optional<std::string> formatFile(const SourceFile& file, DiagnosticSink& sink, const FormatOptions& options) {
  DiagnosticSink parseSink;
  ast::Module module = parse(file, parseSink);
  const bool failed = parseSink.hasErrors() || module.hadSyntaxErrors;
  for (Diagnostic& d : parseSink.diagnostics()) sink.add(std::move(d));
  if (failed) return std::nullopt;
  return formatSource(file, module, options);
}

}  // namespace onb
