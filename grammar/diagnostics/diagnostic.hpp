// Diagnostics are data: a kind (from diagnostic_kinds.def), a primary span, a message,
// notes and an optional fix-it. They are collected by a DiagnosticSink and rendered at the
// edge (compiler/render/), never printed where they are found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/source/source_file.hpp"

namespace onb {

enum class Severity : uint8_t { Error, Warning, Note };

enum class DiagKind : uint16_t {
#define DIAG(Kind, Code, Sev, Name, Explanation) Kind,
#include "grammar/diagnostics/diagnostic_kinds.def"
#undef DIAG
};

struct DiagKindInfo {
  DiagKind kind;
  std::string_view code;         // "E0203": stable
  Severity severity;
  std::string_view name;         // "wrong-destination": stable, used by `# onb:allow`
  std::string_view explanation;  // one line, for `onb explain`
};

const DiagKindInfo& diagInfo(DiagKind kind);
// Every kind, in .def order.
const std::vector<DiagKindInfo>& allDiagKinds();
// Looks a kind up by code ("E0203", case-insensitive) or name ("wrong-destination").
std::optional<DiagKind> findDiagKind(std::string_view codeOrName);

struct DiagNote {
  Span span;  // may be invalid (a note without a location)
  std::string message;
};

struct FixIt {
  Span span;                // the text to replace
  std::string replacement;  // what to put there
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Span span;
  std::string message;
  std::vector<DiagNote> notes;
  std::optional<FixIt> fix;
};

// Collects diagnostics in the order they are reported. Warnings may be filtered by a
// predicate (the `# onb:allow` comments, see compiler/check/suppressions.hpp).
class DiagnosticSink {
 public:
  Diagnostic& report(DiagKind kind, Span span, std::string message);
  void add(Diagnostic d);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }
  size_t errorCount() const { return errors_; }
  size_t warningCount() const { return warnings_; }
  bool hasErrors() const { return errors_ > 0; }

  // Sorts by file, then position, keeping report order for equal positions.
  void sortByLocation();
  // Removes the diagnostics for which `drop` returns true, keeping the counts right.
  template <typename Pred>
  void removeIf(Pred drop) {
    std::vector<Diagnostic> kept;
    errors_ = warnings_ = 0;
    for (auto& d : diagnostics_) {
      if (drop(d)) continue;
      count(d);
      kept.push_back(std::move(d));
    }
    diagnostics_ = std::move(kept);
  }

 private:
  void count(const Diagnostic& d);
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace onb
