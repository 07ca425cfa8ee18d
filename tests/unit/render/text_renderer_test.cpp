// DiagFormat::Text: exact output for the shapes a diagnostic can take.
#include <gtest/gtest.h>

#include "compiler/render/render.hpp"
#include "tests/unit/render/render_test_support.hpp"

namespace onb {
namespace {

using testing::makeDiag;
using testing::renderAs;
using testing::spanOf;

std::string text(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  return renderAs(diagnostics, sources, DiagFormat::Text);
}

TEST(TextRenderer, NothingToSayIsEmpty) {
  SourceManager sources;
  EXPECT_EQ(text({}, sources), "");
}

TEST(TextRenderer, ErrorWithNoteAndFix) {
  SourceManager sources;
  FileId f = sources.add("main.onb", "queue welcome\n\njourney a {\n  rule r when signup send welcome\n}\n");
  Diagnostic d = makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "welcome", 1),
                          "`welcome` is a queue; `send` needs a channel");
  d.notes.push_back({spanOf(sources, f, "welcome"), "`welcome` is declared here"});
  d.fix = FixIt{spanOf(sources, f, "send welcome"), "handoff welcome"};
  EXPECT_EQ(text({d}, sources),
            "main.onb:4:27: error[E0203]: `welcome` is a queue; `send` needs a channel\n"
            "4 |   rule r when signup send welcome\n"
            "  |                           ^~~~~~~\n"
            "main.onb:1:7: note: `welcome` is declared here\n"
            "1 | queue welcome\n"
            "  |       ^~~~~~~\n"
            "  = help: replace `send welcome` with `handoff welcome`\n"
            "\n"
            "1 error\n");
}

TEST(TextRenderer, SeveralFilesWarningsAndUnlocatedDiagnostics) {
  SourceManager sources;
  FileId a = sources.add("a.onb", "journey welcome {\n  enter when signed_up\n}\n");
  sources.add("b.onb", "channel sms\n");
  Diagnostic goal = makeDiag(DiagKind::NoGoal, spanOf(sources, a, "welcome"), "journey `welcome` has no goal");
  goal.notes.push_back({Span{}, "add a `goal` to measure activation"});
  Diagnostic unknown = makeDiag(DiagKind::UnknownName, spanOf(sources, a, "signed_up"), "unknown event `signed_up`");
  unknown.notes.push_back({Span{}, "did you mean `signup`?"});
  Diagnostic io = makeDiag(DiagKind::ImportNotFound, Span{}, "cannot read `c.onb`: No such file or directory");
  EXPECT_EQ(text({goal, unknown, io}, sources),
            "a.onb:1:9: warning[W0001]: journey `welcome` has no goal\n"
            "1 | journey welcome {\n"
            "  |         ^~~~~~~\n"
            "  = note: add a `goal` to measure activation\n"
            "  = note: silence with `# onb:allow no-goal`\n"
            "\n"
            "a.onb:2:14: error[E0201]: unknown event `signed_up`\n"
            "2 |   enter when signed_up\n"
            "  |              ^~~~~~~~~\n"
            "  = note: did you mean `signup`?\n"
            "\n"
            "onb: error[E0101]: cannot read `c.onb`: No such file or directory\n"
            "\n"
            "2 errors, 1 warning\n");
}

TEST(TextRenderer, ColumnsCountCodePointsAndCaretsCountCells) {
  SourceManager sources;
  // é is two bytes and one cell; 🎉 four bytes, two cells; 日 and 本 three bytes, two cells.
  FileId f = sources.add("u.onb", "# café 🎉\nx = \"日本\" + y\n");
  std::vector<Diagnostic> diagnostics = {
      makeDiag(DiagKind::InvalidCharacter, spanOf(sources, f, "🎉"), "invalid character `🎉`"),
      makeDiag(DiagKind::UnknownName, spanOf(sources, f, "y"), "unknown name `y`"),
  };
  EXPECT_EQ(text(diagnostics, sources),
            "u.onb:1:8: error[E0002]: invalid character `🎉`\n"
            "1 | # café 🎉\n"
            "  |        ^~\n"
            "\n"
            "u.onb:2:12: error[E0201]: unknown name `y`\n"
            "2 | x = \"日本\" + y\n"
            "  |              ^\n"
            "\n"
            "2 errors\n");
}

TEST(TextRenderer, TabsExpandToTabStopsOnBothLines) {
  SourceManager sources;
  FileId f = sources.add("t.onb", "rule r when e\n\tsend\twelcome\nab\tz\n");
  std::vector<Diagnostic> diagnostics = {
      makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "welcome"), "`welcome` is a queue"),
      makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "\twelcome"), "a span that starts on a tab"),
      makeDiag(DiagKind::UnknownName, spanOf(sources, f, "z"), "unknown name `z`"),
  };
  EXPECT_EQ(text(diagnostics, sources),
            "t.onb:2:7: error[E0203]: `welcome` is a queue\n"
            "2 |     send    welcome\n"
            "  |             ^~~~~~~\n"
            "\n"
            "t.onb:2:6: error[E0203]: a span that starts on a tab\n"
            "2 |     send    welcome\n"
            "  |         ^~~~~~~~~~~\n"
            "\n"
            "t.onb:3:4: error[E0201]: unknown name `z`\n"
            "3 | ab  z\n"
            "  |     ^\n"
            "\n"
            "3 errors\n");
}

TEST(TextRenderer, SpansAtTheEndOfTheFile) {
  SourceManager sources;
  FileId withNewline = sources.add("e1.onb", "journey a {\n");
  FileId without = sources.add("e2.onb", "journey a {");
  std::vector<Diagnostic> diagnostics = {
      makeDiag(DiagKind::SyntaxExpected, Span{withNewline, 12, 12}, "expected `}` at the end of the file"),
      makeDiag(DiagKind::SyntaxExpected, Span{without, 11, 11}, "expected `}`"),
      // Offsets past the end are clamped to it.
      makeDiag(DiagKind::SyntaxExpected, Span{without, 11, 40}, "clamped"),
  };
  EXPECT_EQ(text(diagnostics, sources),
            "e1.onb:2:1: error[E0001]: expected `}` at the end of the file\n"
            "2 |\n"
            "  | ^\n"
            "\n"
            "e2.onb:1:12: error[E0001]: expected `}`\n"
            "1 | journey a {\n"
            "  |            ^\n"
            "\n"
            "e2.onb:1:12: error[E0001]: clamped\n"
            "1 | journey a {\n"
            "  |            ^\n"
            "\n"
            "3 errors\n");
}

TEST(TextRenderer, EmptyAndMultiLineSpans) {
  SourceManager sources;
  FileId f = sources.add("m.onb", "a\tb\nwhen a and\n  b\n");
  Span multi{f, spanOf(sources, f, "a and").begin, spanOf(sources, f, "  b").end};
  std::vector<Diagnostic> diagnostics = {
      // An empty span on a tab still gets a one-cell caret.
      makeDiag(DiagKind::SyntaxExpected, Span{f, 1, 1}, "expected an operator"),
      // A span over two lines is marked to the end of its first line.
      makeDiag(DiagKind::TypeMismatch, multi, "`and` needs booleans"),
  };
  EXPECT_EQ(text(diagnostics, sources),
            "m.onb:1:2: error[E0001]: expected an operator\n"
            "1 | a   b\n"
            "  |  ^\n"
            "\n"
            "m.onb:2:6: error[E0301]: `and` needs booleans\n"
            "2 | when a and\n"
            "  |      ^~~~~\n"
            "\n"
            "2 errors\n");
}

TEST(TextRenderer, GutterWidensForTheLargestLineOfADiagnostic) {
  SourceManager sources;
  FileId f = sources.add("f.onb", "a\na\na\na\na\na\na\na\nqueue w\nsend w\n");
  Diagnostic d = makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "w", 1), "`w` is a queue");
  d.notes.push_back({spanOf(sources, f, "w"), "declared here"});
  d.notes.push_back({Span{}, "queues take `handoff`"});
  d.fix = FixIt{d.span, "v"};
  EXPECT_EQ(text({d}, sources),
            "f.onb:10:6: error[E0203]: `w` is a queue\n"
            "10 | send w\n"
            "   |      ^\n"
            "f.onb:9:7: note: declared here\n"
            " 9 | queue w\n"
            "   |       ^\n"
            "   = note: queues take `handoff`\n"
            "   = help: replace with `v`\n"
            "\n"
            "1 error\n");
}

TEST(TextRenderer, FixItsThatInsertOrRemove) {
  SourceManager sources;
  FileId f = sources.add("x.onb", "journey j {\n  rule r when e send c c\n}\n");
  Diagnostic insert = makeDiag(DiagKind::NoGoal, spanOf(sources, f, "j"), "journey `j` has no goal");
  insert.fix = FixIt{Span{f, 12, 12}, "goal when activated\n"};
  Diagnostic remove = makeDiag(DiagKind::SyntaxExpected, spanOf(sources, f, " c", 1), "unexpected `c`");
  remove.fix = FixIt{remove.span, ""};
  std::string out = text({insert, remove}, sources);
  // A newline in the replacement must not break the line structure.
  EXPECT_NE(out.find("  = help: insert `goal when activated\xEF\xBF\xBD`\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  = help: remove ` c`\n"), std::string::npos) << out;
}

TEST(TextRenderer, ColourWhenAsked) {
  SourceManager sources;
  FileId f = sources.add("c.onb", "journey j {\n}\n");
  Diagnostic d = makeDiag(DiagKind::NoGoal, Span{f, 8, 9}, "journey `j` has no goal");
  EXPECT_EQ(renderAs({d}, sources, DiagFormat::Text, /*color=*/true),
            "\x1b[1mc.onb:1:9:\x1b[0m \x1b[1;33mwarning[W0001]:\x1b[0m \x1b[1mjourney `j` has no goal\x1b[0m\n"
            "\x1b[1;34m1 |\x1b[0m journey j {\n"
            "\x1b[1;34m  |\x1b[0m         \x1b[1;33m^\x1b[0m\n"
            "  \x1b[1;34m=\x1b[0m \x1b[1;36mnote:\x1b[0m silence with `# onb:allow no-goal`\n"
            "\n"
            "\x1b[1m1 warning\x1b[0m\n");
  // And none when not.
  EXPECT_EQ(renderAs({d}, sources, DiagFormat::Text).find('\x1b'), std::string::npos);
}

TEST(TextRenderer, ControlCharactersNeverReachTheTerminal) {
  SourceManager sources;
  FileId f = sources.add("s.onb", "x = \"a\x1b[31mb\" \xff\n");
  Diagnostic d = makeDiag(DiagKind::UnknownName, spanOf(sources, f, "x"), "bad\x1bname");
  EXPECT_EQ(text({d}, sources),
            "s.onb:1:1: error[E0201]: bad\xEF\xBF\xBDname\n"
            "1 | x = \"a\xEF\xBF\xBD[31mb\" \xEF\xBF\xBD\n"
            "  | ^\n"
            "\n"
            "1 error\n");
}

TEST(TextRenderer, OutOfRangeFileIdsRenderWithoutLocation) {
  SourceManager sources;
  Diagnostic d = makeDiag(DiagKind::ImportNotFound, Span{7, 0, 3}, "cannot read `x.onb`");
  EXPECT_EQ(text({d}, sources), "onb: error[E0101]: cannot read `x.onb`\n\n1 error\n");
}

}  // namespace
}  // namespace onb
