#include "cli/diagnostic_output.hpp"

#include <unistd.h>

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "compiler/render/render.hpp"

namespace onb::cli {

void addDiagnosticOutputOptions(CLI::App& cmd, DiagnosticOutputArgs& args) {
  cmd.add_option("--format", args.format, "Diagnostics as text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  cmd.add_option("--color", args.color, "Colour text diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

int reportDiagnostics(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                      const DiagnosticOutputArgs& args, bool denyWarnings) {
  RenderOptions options;
  options.toolVersion = kVersion;
  std::FILE* out = stderr;
  if (args.format == "json") options.format = DiagFormat::Json, out = stdout;
  else if (args.format == "sarif") options.format = DiagFormat::Sarif, out = stdout;
  else if (args.format == "github") options.format = DiagFormat::Github, out = stdout;
  options.color = args.color == "always" || (args.color == "auto" && isatty(fileno(out)));
  std::string text = renderDiagnostics(diagnostics, sources, options);
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : diagnostics) {
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
  }
  return errors > 0 || (denyWarnings && warnings > 0) ? 1 : 0;
}

}  // namespace onb::cli
