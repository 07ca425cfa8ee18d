#include "compiler/check/suppressions.hpp"

#include <fmt/format.h>

#include "compiler/check/checker.hpp"

namespace onb {

namespace {

struct Allow {
  FileId file;
  uint32_t begin, end;  // byte range silenced
  DiagKind kind;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The spans a suppression comment can target: declarations (traits and properties
// included), journey items and rules.
void collectTargets(const ast::Module& mod, std::vector<Span>& out) {
  for (const ast::Decl& decl : mod.decls) {
    std::visit([&](const auto& d) { out.push_back(d.span); }, decl);
    if (const auto* u = std::get_if<ast::UserDecl>(&decl))
      for (const ast::Field& f : u->fields) out.push_back(f.span);
    if (const auto* e = std::get_if<ast::EventDecl>(&decl))
      for (const ast::Field& f : e->properties) out.push_back(f.span);
    if (const auto* j = std::get_if<ast::Journey>(&decl))
      for (const ast::JourneyItem& item : j->items) std::visit([&](const auto& it) { out.push_back(it.span); }, item);
  }
}

class SuppressionCollector {
 public:
  SuppressionCollector(const SourceManager& sources, DiagnosticSink& sink) : sources_(sources), sink_(sink) {}

  void module(const ast::Module& mod) {
    const SourceFile& file = sources_.file(mod.file);
    std::vector<Span> targets;
    collectTargets(mod, targets);
    for (const ast::Comment& c : mod.comments) {
      std::string_view text = trim(file.text().substr(c.span.begin + 1, c.span.end - c.span.begin - 1));
      bool wholeFile = false;
      if (text.starts_with("onb:allow-file")) {
        wholeFile = true;
        text.remove_prefix(14);
      } else if (text.starts_with("onb:allow")) {
        text.remove_prefix(9);
      } else {
        continue;
      }
      std::vector<DiagKind> kinds = names(text, c.span);
      if (wholeFile) {
        for (DiagKind k : kinds) allows_.push_back({mod.file, 0, UINT32_MAX, k});
        continue;
      }
      uint32_t line = targetLine(file, c.span);
      const Span* target = nullptr;
      for (const Span& s : targets) {
        if (file.lineCol(s.begin).line != line) continue;
        if (!target || s.end - s.begin > target->end - target->begin) target = &s;  // the outermost
      }
      if (!target) continue;
      for (DiagKind k : kinds) allows_.push_back({mod.file, target->begin, target->end, k});
    }
  }

  bool silenced(const Diagnostic& d) const {
    if (d.severity != Severity::Warning) return false;
    for (const Allow& a : allows_)
      if (a.kind == d.kind && a.file == d.span.file && d.span.begin >= a.begin && d.span.begin < a.end) return true;
    return false;
  }

 private:
  std::vector<DiagKind> names(std::string_view text, Span span) {
    std::vector<DiagKind> kinds;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t')) ++i;
      size_t start = i;
      while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t') ++i;
      if (i == start) break;
      std::string_view name = text.substr(start, i - start);
      if (name == "--") break;  // the rest is the reason: `# onb:allow no-goal -- a drip campaign`
      auto kind = findDiagKind(name);
      if (kind && diagInfo(*kind).severity == Severity::Warning) {
        kinds.push_back(*kind);
      } else if (kind) {
        sink_.report(DiagKind::UnknownAllow, span,
                     fmt::format("`{}` is an error, and errors cannot be silenced", name));
      } else {
        Diagnostic& d = sink_.report(
            DiagKind::UnknownAllow, span,
            fmt::format("`{}` is not the name or code of a warning (see `onb explain --list`)", name));
        std::vector<std::string_view> warnings;
        for (const DiagKindInfo& info : allDiagKinds())
          if (info.severity == Severity::Warning) warnings.push_back(info.name);
        std::string hint = checker::Checker::suggest(name, warnings);
        if (!hint.empty()) d.notes.push_back(DiagNote{Span{}, std::move(hint)});
      }
    }
    return kinds;
  }

  // A comment after code applies to the node starting on its line; a comment on a line of
  // its own applies to the node starting on the next line that is not blank or a comment.
  static uint32_t targetLine(const SourceFile& file, Span comment) {
    uint32_t line = file.lineCol(comment.begin).line;
    if (!trim(file.text().substr(file.lineStart(line), comment.begin - file.lineStart(line))).empty()) return line;
    for (uint32_t next = line + 1; next <= file.lineCount(); ++next) {
      std::string_view t = trim(file.lineText(next));
      if (!t.empty() && t.front() != '#') return next;
    }
    return 0;
  }

  const SourceManager& sources_;
  DiagnosticSink& sink_;
  std::vector<Allow> allows_;
};

}  // namespace

void applySuppressions(const LoadedProgram& program, const SourceManager& sources, DiagnosticSink& sink) {
  SuppressionCollector collector(sources, sink);
  for (const ast::Module& mod : program.modules) collector.module(mod);
  sink.removeIf([&](const Diagnostic& d) { return collector.silenced(d); });
}

}  // namespace onb
