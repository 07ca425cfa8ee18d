// Diagnostics rendered at the edge: the CLI (and anything else that reports to a person or
// a CI system) turns the Diagnostic data collected by a DiagnosticSink into text here.
// Nothing in this folder decides *what* is reported; it only decides how it looks.
//
// Positions: every format reports 1-based lines and 1-based columns counted in Unicode
// code points (as SourceFile::lineCol does). End positions in JSON and SARIF are
// exclusive (the position just past the last character); GitHub annotations use the
// inclusive column of the last character, as GitHub expects.
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

enum class DiagFormat {
  // For people: `file:line:col: error[E0203]: message`, the source line with a caret,
  // notes, the fix-it, and a final `2 errors, 1 warning` summary.
  Text,
  // One JSON array, one object per diagnostic (fields documented on renderDiagnostics).
  Json,
  // A SARIF 2.1.0 log that GitHub code scanning accepts.
  Sarif,
  // GitHub Actions workflow commands (`::error file=...::message`), one line each.
  Github,
};

struct RenderOptions {
  DiagFormat format = DiagFormat::Text;
  // ANSI colours in Text output; ignored by the other formats. The CLI decides
  // (`--color auto|always|never`, auto meaning isatty on the output stream).
  bool color = false;
  // Reported as tool.driver.version in SARIF.
  std::string toolVersion = "0.1.0";
};

// Renders a whole run (diagnostics of any number of files of `sources`) in the given
// order, as one string ending in a newline (or empty: Text and Github with no
// diagnostics). A diagnostic or note whose span is invalid (or names no file of
// `sources`) is rendered without a location.
//
// JSON fields (stable; absent rather than null when not applicable):
//   [{"code": "E0203", "name": "wrong-destination", "severity": "error"|"warning"|"note",
//     "message": "...",
//     "file": "path as given", "line": 3, "column": 5, "end_line": 3, "end_column": 9,
//     "notes": [{"message": "...", "file": ..., "line": ..., "column": ...,
//                "end_line": ..., "end_column": ...}],
//     "fix": {"replacement": "...", "file": ..., "line": ..., "column": ...,
//             "end_line": ..., "end_column": ...}}]
//   Location fields appear only when there is a location; "notes" is always present
//   (possibly empty); "fix" only when the diagnostic has one.
//
// SARIF: one run; tool.driver.rules lists every kind of diagnostic_kinds.def in .def order
// (ruleIndex is the kind's index). Located diagnostics become results; diagnostics
// without a location become invocations[0].toolExecutionNotifications, because GitHub
// rejects a whole log that has a result without a location.
std::string renderDiagnostics(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                              const RenderOptions& options);

// What `onb explain CODE` prints: code, name, severity, the explanation and, for a
// warning, how to silence it. Ends in a newline.
std::string explainDiagnostic(DiagKind kind);

// A Markdown table of every kind (code, name, severity, explanation) in .def order, for
// docs/diagnostics.md. Ends in a newline.
std::string renderDiagnosticCatalog();

}  // namespace onb
