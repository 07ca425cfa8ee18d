#include "compiler/driver/compilation.hpp"

namespace onb {

std::unique_ptr<Compilation> compileProgram(const std::string& path, const std::string* text,
                                            const CompilationOptions& options, std::shared_ptr<SourceManager> sources) {
  auto c = std::make_unique<Compilation>();
  c->sources = sources ? std::move(sources) : std::make_shared<SourceManager>();
  c->loaded = text ? loadProgramText(path, *text, *c->sources, c->diagnostics, options.parse)
                   : loadProgram(path, *c->sources, c->diagnostics, options.parse);
  if (c->loaded.rootUnreadable) {
    c->rootUnreadable = true;
    c->rootError = c->loaded.rootError;
    return c;
  }
  // A file with syntax errors still gets checked (its parsed declarations), so one run
  // reports syntax and name errors together; codegen only runs on a clean program.
  CheckOptions checkOptions;
  checkOptions.lints = options.lints;
  for (const auto& m : c->loaded.modules) checkOptions.lints = checkOptions.lints && !m.hadSyntaxErrors;
  c->checked = check(c->loaded, *c->sources, c->diagnostics, checkOptions);
  c->diagnostics.sortByLocation();
  if (options.codegen && !c->diagnostics.hasErrors()) c->program = compile(c->checked, c->loaded, *c->sources, options.compile);
  return c;
}

}  // namespace onb
