// explainDiagnostic (`onb explain CODE`) and the Markdown catalog of every kind.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/render/render.hpp"

namespace onb {
namespace {

TEST(Explain, AnError) {
  EXPECT_EQ(explainDiagnostic(DiagKind::WrongDestination),
            "E0203 wrong-destination (error)\n"
            "\n"
            "`send` needs a channel and `handoff` needs a queue; channels and queues share one namespace.\n");
}

TEST(Explain, AWarningSaysHowToSilenceIt) {
  EXPECT_EQ(explainDiagnostic(DiagKind::NoGoal),
            "W0001 no-goal (warning)\n"
            "\n"
            "A journey without a `goal` has no activation metric: you cannot tell whether it works.\n"
            "\n"
            "To silence it for one declaration, journey or rule, write\n"
            "    # onb:allow no-goal\n"
            "on the line before it (or at the end of the same line). To silence it for a whole\n"
            "file, write\n"
            "    # onb:allow-file no-goal\n"
            "anywhere in that file.\n");
}

TEST(Explain, EveryKindExplainsItself) {
  for (const DiagKindInfo& info : allDiagKinds()) {
    std::string text = explainDiagnostic(info.kind);
    EXPECT_TRUE(text.starts_with(std::string(info.code) + " " + std::string(info.name))) << text;
    EXPECT_NE(text.find(info.explanation), std::string::npos) << text;
  }
}

TEST(Catalog, OneRowPerKindWithMarkdownEscaped) {
  std::string table = renderDiagnosticCatalog();
  EXPECT_TRUE(
      table.starts_with("| Code | Name | Severity | Explanation |\n|------|------|----------|-------------|\n"));
  EXPECT_EQ(static_cast<size_t>(std::count(table.begin(), table.end(), '\n')), allDiagKinds().size() + 2);
  EXPECT_NE(table.find("| W0001 | `no-goal` | warning | A journey without a `goal` has no activation metric: you "
                       "cannot tell whether it works. |\n"),
            std::string::npos);
  // Backslashes outside code spans are escaped so they show as written ...
  EXPECT_NE(
      table.find(R"md(| E0004 | `invalid-escape` | error | Only the escapes \\" \\\\ \\n \\t and \\u{X...} (1)md"),
      std::string::npos)
      << table;
  // ... while code spans are left alone.
  EXPECT_NE(table.find("`a < b < c`"), std::string::npos);
}

}  // namespace
}  // namespace onb
