// onb::Program: compiling (the compiler driver), loading artifacts (the loader and
// verifier) and introspection. Every failure becomes an onb::Error value.
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "api/src/program_impl.hpp"
#include "compiler/driver/compilation.hpp"
#include "compiler/render/render.hpp"
#include "onb/onb.hpp"
#include "runtime/bytecode/artifact.hpp"

namespace onb {

namespace {

// The first line of a diagnostic's text rendering: "file:line:col: error[E0201]: ...".
std::string headline(const Diagnostic& d, const SourceManager& sources) {
  std::string text = renderDiagnostics({d}, sources, RenderOptions{});
  const size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

Result<Program> fromCompilation(Compilation& c, const std::string& path) {
  if (c.rootUnreadable) return Error{c.rootError, {}, {}};
  std::vector<Diagnostic> errors;
  std::vector<std::string> warnings;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) {
    if (d.severity == Severity::Error) errors.push_back(d);
    else if (d.severity == Severity::Warning) warnings.push_back(headline(d, *c.sources));
  }
  if (!errors.empty()) {
    Error error;
    for (const Diagnostic& d : errors) error.diagnostics.push_back(headline(d, *c.sources));
    error.rendered = renderDiagnostics(errors, *c.sources, RenderOptions{});
    error.message = error.diagnostics.front();
    if (errors.size() > 1)
      error.message += " (and " + std::to_string(errors.size() - 1) + (errors.size() == 2 ? " more error)" : " more errors)");
    return error;
  }
  if (!c.program) return Error{path + ": the compiler produced no program", {}, {}};
  auto impl = std::make_shared<Program::Impl>();
  impl->program = std::move(*c.program);
  impl->warnings = std::move(warnings);
  return ProgramAccess::make(std::move(impl));
}

// The factories promise errors as values: nothing but an allocation failure escapes.
template <typename F>
Result<Program> guarded(const std::string& what, F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return Error{what + ": internal error: " + e.what(), {}, {}};
  }
}

}  // namespace

// The same string `onb compile` writes, so both give byte-identical artifacts.
std::string compilerVersionString() { return version(); }

const char* version() { return ONB_VERSION_STRING; }

Result<Program> Program::compileFile(const std::string& path) {
  return guarded(path, [&]() -> Result<Program> {
    std::unique_ptr<Compilation> c = compileProgram(path);
    return fromCompilation(*c, path);
  });
}

Result<Program> Program::compileSource(std::string_view text, const std::string& virtualPath) {
  return guarded(virtualPath, [&]() -> Result<Program> {
    const std::string source(text);
    std::unique_ptr<Compilation> c = compileProgram(virtualPath, &source);
    return fromCompilation(*c, virtualPath);
  });
}

Result<Program> Program::loadArtifact(std::string_view bytes) {
  return guarded("artifact", [&]() -> Result<Program> {
    bc::LoadResult loaded = bc::loadArtifact(bytes);
    if (!loaded.ok()) {
      const bc::LoadError& e = loaded.error();
      return Error{"invalid artifact: " + e.message + " (at byte " + std::to_string(e.offset) + ")", {}, {}};
    }
    auto impl = std::make_shared<Program::Impl>();
    impl->program = std::move(loaded.program());
    return ProgramAccess::make(std::move(impl));
  });
}

std::string Program::artifact() const { return bc::writeArtifact(impl_->program, compilerVersionString()); }

std::vector<std::string> Program::journeys() const {
  std::vector<std::string> names;
  for (const bc::Journey& j : impl_->program.journeys) names.push_back(j.name);
  return names;
}

std::vector<EventInfo> Program::events() const {
  std::vector<EventInfo> events;
  for (const bc::EventSpec& e : impl_->program.schema.events) {
    EventInfo info{e.name, e.wireName, {}};
    for (const bc::FieldSpec& f : e.properties) info.properties.push_back(f.name);
    events.push_back(std::move(info));
  }
  return events;
}

std::vector<std::string> Program::traits() const {
  std::vector<std::string> names;
  for (const bc::TraitSpec& t : impl_->program.schema.traits) names.push_back(t.name);
  return names;
}

std::string Program::sourceHash() const { return impl_->program.sourceHash; }

const std::vector<std::string>& Program::warnings() const { return impl_->warnings; }

}  // namespace onb
