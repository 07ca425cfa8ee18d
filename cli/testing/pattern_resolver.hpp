// Resolving names of a test file against the program (used by test_resolver.cpp): the
// patterns of `expect`, and "did you mean" suggestions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/testing/record_pattern.hpp"
#include "cli/testing/test_diagnostic.hpp"
#include "cli/testing/test_file.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb::journeytest {

// ` (did you mean `x`?)` for the candidate closest to `name`, or "" when none is close.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

struct PatternContext {
  const bc::Program& program;
  const SourceFile& source;
  int64_t start;      // the test's start (relative times are counted from it)
  std::string user;   // the user of a pattern without `for`
};

// Resolves `ast`; nullopt (with errors reported) when a name is unknown or the pattern can
// match no record the program could write.
std::optional<Pattern> resolvePattern(const PatternAst& ast, const PatternContext& context, TestDiagnostics& diagnostics);

}  // namespace onb::journeytest
