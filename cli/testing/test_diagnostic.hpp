// Errors in test files (`.onbt`): a span and a message, rendered like the compiler's
// diagnostics (`file:line:col: error: message`, the source line and a caret).
//
// They are kept apart from grammar/diagnostics/diagnostic_kinds.def on purpose: that list
// is the catalog of the `.onb` language (stable codes, `onb explain`, a golden `.onb`
// test per kind), and test-file errors belong to the test tool, not to the language.
#pragma once

#include <string>
#include <vector>

#include "grammar/source/source_file.hpp"

namespace onb::journeytest {

struct TestDiagnostic {
  Span span;  // may be invalid (an error about the file as a whole)
  std::string message;
};

class TestDiagnostics {
 public:
  void error(Span span, std::string message) { list_.push_back({span, std::move(message)}); }
  const std::vector<TestDiagnostic>& all() const { return list_; }
  bool empty() const { return list_.empty(); }
  size_t size() const { return list_.size(); }

 private:
  std::vector<TestDiagnostic> list_;
};

// Text for people: one block per diagnostic, each ending in a newline.
std::string renderTestDiagnostics(const std::vector<TestDiagnostic>& diagnostics, const SourceManager& sources);

// `file:line:col` of a span ("" when it has no location).
std::string locationText(const SourceManager& sources, Span span);

}  // namespace onb::journeytest
