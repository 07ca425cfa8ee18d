#include "compiler/check/program_loader.hpp"

#include <filesystem>
#include <unordered_map>

#include <fmt/format.h>

namespace onb {

namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(SourceManager& sources, DiagnosticSink& sink, const ParseOptions& options)
      : sources_(sources), sink_(sink), options_(options) {}

  LoadedProgram run(const std::string& rootPath, const std::string* rootText) {
    std::string key = canonical(rootPath);
    FileId file;
    if (rootText) {
      file = sources_.add(rootPath, *rootText);
    } else {
      std::string error;
      file = sources_.load(rootPath, error);
      if (file == kNoFile) {
        result_.rootUnreadable = true;
        result_.rootError = fmt::format("cannot read {}: {}", rootPath, error);
        return std::move(result_);
      }
    }
    visit(file, key);
    return std::move(result_);
  }

 private:
  static std::string canonical(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? path : p.string();
  }

  // Parses `file` and expands its declarations (and imports) into the program order.
  void visit(FileId file, const std::string& key) {
    uint32_t index = static_cast<uint32_t>(result_.modules.size());
    result_.modules.push_back(parse(sources_.file(file), sink_, options_));
    loaded_.emplace(key, index);
    stack_.push_back({key, sources_.file(file).path()});
    // Copy what we need: visiting imports appends to result_.modules (reallocation).
    const size_t declCount = result_.modules[index].decls.size();
    for (uint32_t d = 0; d < declCount; ++d) {
      const ast::Decl& decl = result_.modules[index].decls[d];
      if (const auto* import = std::get_if<ast::ImportDecl>(&decl)) {
        std::string relative(result_.modules[index].string(import->path));
        Span span = import->span;
        importFile(file, relative, span);
      } else {
        result_.order.push_back({index, d});
      }
    }
    stack_.pop_back();
  }

  void importFile(FileId from, const std::string& relative, Span span) {
    fs::path base = fs::path(sources_.file(from).path()).parent_path();
    std::string path = (base / relative).lexically_normal().string();
    std::string key = canonical(path);
    for (size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i].key != key) continue;
      std::string chain;
      for (size_t j = i; j < stack_.size(); ++j) chain += stack_[j].display + " -> ";
      chain += stack_[i].display;
      sink_.report(DiagKind::ImportCycle, span, fmt::format("import cycle: {}", chain));
      return;
    }
    if (loaded_.count(key)) return;  // reached before: its declarations stand where it was first imported
    std::string error;
    FileId file = sources_.load(path, error);
    if (file == kNoFile) {
      sink_.report(DiagKind::ImportNotFound, span, fmt::format("cannot import \"{}\": {} ({})", relative, error, path));
      return;
    }
    visit(file, key);
  }

  struct StackEntry {
    std::string key;
    std::string display;
  };

  SourceManager& sources_;
  DiagnosticSink& sink_;
  const ParseOptions& options_;
  LoadedProgram result_;
  std::unordered_map<std::string, uint32_t> loaded_;
  std::vector<StackEntry> stack_;
};

}  // namespace

LoadedProgram loadProgram(const std::string& rootPath, SourceManager& sources, DiagnosticSink& sink,
                          const ParseOptions& options) {
  return Loader(sources, sink, options).run(rootPath, nullptr);
}

LoadedProgram loadProgramText(const std::string& rootPath, std::string text, SourceManager& sources,
                              DiagnosticSink& sink, const ParseOptions& options) {
  return Loader(sources, sink, options).run(rootPath, &text);
}

}  // namespace onb
