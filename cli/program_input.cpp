#include "cli/program_input.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/driver/compilation.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::cli {

namespace {

bool isArtifactPath(const std::string& path) { return path.size() > 5 && path.ends_with(".onbc"); }

std::shared_ptr<const bc::Program> loadArtifactFile(const std::string& path, int& status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "onb: cannot read {}\n", path);
    status = 2;
    return nullptr;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  bc::LoadResult loaded = bc::loadArtifact(bytes.str());
  if (!loaded.ok()) {
    fmt::print(stderr, "onb: {}: {} (at byte {})\n", path, loaded.error().message, loaded.error().offset);
    status = 2;
    return nullptr;
  }
  return std::make_shared<const bc::Program>(std::move(loaded.program()));
}

}  // namespace

std::shared_ptr<const bc::Program> loadProgramArg(const std::string& path, const DiagnosticOutputArgs& output,
                                                  int& status) {
  if (isArtifactPath(path)) return loadArtifactFile(path, status);
  auto c = compileProgram(path);
  if (c->rootUnreadable) {
    fmt::print(stderr, "onb: {}\n", c->rootError);
    status = 2;
    return nullptr;
  }
  // Warnings are not shown by run: `onb check` is where they belong.
  std::vector<Diagnostic> errors;
  for (const Diagnostic& d : c->diagnostics.diagnostics())
    if (d.severity == Severity::Error) errors.push_back(d);
  if (!errors.empty() || !c->program) {
    reportDiagnostics(errors, *c->sources, output, false);
    status = 1;
    return nullptr;
  }
  return std::make_shared<const bc::Program>(std::move(*c->program));
}

bool durationOption(const char* command, const std::string& text, const char* flag, int64_t& out) {
  if (text.empty()) return true;
  auto v = civil::parseDurationArg(text);
  if (!v) {
    fmt::print(stderr, "onb {}: {} takes a duration such as `1h` or `250ms`, or milliseconds; got `{}`\n", command, flag,
               text);
    return false;
  }
  out = *v;
  return true;
}

}  // namespace onb::cli
