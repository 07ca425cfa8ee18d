// onb check PATHS...: parse, type-check and lint programs; files and directories
// (recursing into *.onb). A file that another checked file imports is checked as part of
// that program rather than on its own (a schema file alone would only report unused
// declarations).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "compiler/driver/compilation.hpp"

namespace onb::cli {

namespace fs = std::filesystem;

namespace {

struct CheckArgs {
  std::vector<std::string> paths;
  DiagnosticOutputArgs output;
  bool denyWarnings = false;
};

// Expands directories into their *.onb files (sorted, for a stable order).
bool expandPaths(const std::vector<std::string>& paths, std::vector<std::string>& files) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".onb") found.push_back(it->path().string());
      if (ec) {
        fmt::print(stderr, "onb: cannot read directory {}: {}\n", p, ec.message());
        return false;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      fmt::print(stderr, "onb: no such file or directory: {}\n", p);
      return false;
    }
  }
  return true;
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  auto c = fs::weakly_canonical(path, ec);
  return ec ? path : c.string();
}

int runCheck(const CheckArgs& args) {
  std::vector<std::string> files;
  if (!expandPaths(args.paths, files)) return 2;
  auto sources = std::make_shared<SourceManager>();
  std::vector<std::unique_ptr<Compilation>> compilations;
  std::set<std::string> imported;
  CompilationOptions options;
  options.codegen = false;
  for (const std::string& f : files) {
    auto c = compileProgram(f, nullptr, options, sources);
    if (c->rootUnreadable) {
      fmt::print(stderr, "onb: {}\n", c->rootError);
      return 2;
    }
    for (size_t m = 1; m < c->loaded.modules.size(); ++m)
      imported.insert(canonical(sources->file(c->loaded.modules[m].file).path()));
    compilations.push_back(std::move(c));
  }
  // Report each program once: from the files no other checked file imports, and each
  // diagnostic once even when two programs share the file it is in. A declaration in a
  // shared file (a schema) is unused only when no program that includes it uses it.
  using Key = std::tuple<std::string, uint32_t, uint32_t, int, std::string>;
  std::vector<size_t> roots;
  for (size_t i = 0; i < compilations.size(); ++i)
    if (!imported.count(canonical(files[i])) || compilations.size() == 1) roots.push_back(i);
  std::map<std::string, size_t> includedBy;  // file -> how many root programs load it
  std::map<Key, size_t> reportedBy;
  std::vector<std::pair<Key, Diagnostic>> candidates;
  for (size_t i : roots) {
    std::set<std::string> filesOfProgram;
    for (const auto& m : compilations[i]->loaded.modules) filesOfProgram.insert(canonical(sources->file(m.file).path()));
    for (const auto& f : filesOfProgram) ++includedBy[f];
    for (const Diagnostic& d : compilations[i]->diagnostics.diagnostics()) {
      std::string path = d.span.valid() ? canonical(sources->file(d.span.file).path()) : "";
      Key key{path, d.span.begin, d.span.end, static_cast<int>(d.kind), d.message};
      if (reportedBy[key]++ == 0) candidates.emplace_back(key, d);
    }
  }
  std::vector<Diagnostic> all;
  for (auto& [key, d] : candidates) {
    if (d.kind == DiagKind::UnusedDeclaration && reportedBy[key] < includedBy[std::get<0>(key)]) continue;
    all.push_back(std::move(d));
  }
  std::stable_sort(all.begin(), all.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    std::string pa = a.span.valid() ? sources->file(a.span.file).path() : "";
    std::string pb = b.span.valid() ? sources->file(b.span.file).path() : "";
    if (pa != pb) return pa < pb;
    return a.span.begin < b.span.begin;
  });
  return reportDiagnostics(all, *sources, args.output, args.denyWarnings);
}

}  // namespace

void addCheck(CLI::App& app, Runner& run) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Parse, type-check and lint programs (files or directories)");
  cmd->add_option("paths", args->paths, "Files or directories (recursing into *.onb)")->required();
  cmd->add_flag("--deny-warnings", args->denyWarnings, "Exit 1 when there are warnings");
  addDiagnosticOutputOptions(*cmd, args->output);
  cmd->callback([&run, args] { run = [args] { return runCheck(*args); }; });
}

}  // namespace onb::cli
