// The `.onbt` parser: tokens -> TestFile (docs/testing.md has the grammar). Hand-written
// recursive descent; a statement with an error is reported and skipped to the end of its
// line, so one run reports every error of a file.
#pragma once

#include "cli/testing/test_diagnostic.hpp"
#include "cli/testing/test_file.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::journeytest {

// Parses `file`. The result is usable only when no error was added to `diagnostics`.
TestFile parseTestFile(const SourceFile& file, TestDiagnostics& diagnostics);

}  // namespace onb::journeytest
