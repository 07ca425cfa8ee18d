// DiagFormat::Github: workflow command lines and GitHub's escaping rules.
#include <gtest/gtest.h>

#include "compiler/render/render.hpp"
#include "tests/unit/render/render_test_support.hpp"

namespace onb {
namespace {

using testing::makeDiag;
using testing::renderAs;
using testing::spanOf;

std::string github(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  return renderAs(diagnostics, sources, DiagFormat::Github);
}

TEST(GithubRenderer, EmptyRunPrintsNothing) {
  SourceManager sources;
  EXPECT_EQ(github({}, sources), "");
}

TEST(GithubRenderer, ErrorWithNotesAndFixFoldedIntoTheMessage) {
  SourceManager sources;
  FileId f = sources.add("main.onb", "queue welcome\n\njourney a {\n  rule r when signup send welcome\n}\n");
  Diagnostic d = makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "welcome", 1),
                          "`welcome` is a queue; `send` needs a channel");
  d.notes.push_back({spanOf(sources, f, "welcome"), "`welcome` is declared here"});
  d.notes.push_back({Span{}, "queues take `handoff`"});
  d.fix = FixIt{spanOf(sources, f, "send welcome"), "handoff welcome"};
  EXPECT_EQ(github({d}, sources),
            "::error file=main.onb,line=4,col=27,endLine=4,endColumn=33,title=E0203 wrong-destination::"
            "`welcome` is a queue; `send` needs a channel"
            "%0Amain.onb:1:7: note: `welcome` is declared here"
            "%0Anote: queues take `handoff`"
            "%0Ahelp: replace `send welcome` with `handoff welcome`\n");
}

TEST(GithubRenderer, WarningsCarryTheirSilenceHint) {
  SourceManager sources;
  FileId f = sources.add("a.onb", "journey welcome {\n}\n");
  Diagnostic d = makeDiag(DiagKind::NoGoal, spanOf(sources, f, "welcome"), "journey `welcome` has no goal");
  EXPECT_EQ(github({d}, sources),
            "::warning file=a.onb,line=1,col=9,endLine=1,endColumn=15,title=W0001 no-goal::"
            "journey `welcome` has no goal%0Anote: silence with `# onb:allow no-goal`\n");
}

TEST(GithubRenderer, EscapesDataAndProperties) {
  SourceManager sources;
  FileId f = sources.add("dir,x:y%.onb", "x\n");
  Diagnostic d = makeDiag(DiagKind::UnknownName, spanOf(sources, f, "x"), "100% sure,: really\r\nnext");
  EXPECT_EQ(github({d}, sources),
            "::error file=dir%2Cx%3Ay%25.onb,line=1,col=1,endLine=1,endColumn=1,title=E0201 unknown-name::"
            "100%25 sure,: really%0D%0Anext\n");
}

TEST(GithubRenderer, ColumnsOnlyOnASingleLine) {
  SourceManager sources;
  FileId f = sources.add("m.onb", "when a and\n  b\nc\n");
  Span multi{f, spanOf(sources, f, "a and").begin, spanOf(sources, f, "  b").end};
  // Ending just past a newline still ends on the line of that newline.
  Span throughNewline{f, spanOf(sources, f, "c").begin, spanOf(sources, f, "c").end + 1};
  Diagnostic empty = makeDiag(DiagKind::SyntaxExpected, Span{f, 4, 4}, "empty");
  std::vector<Diagnostic> diagnostics = {
      makeDiag(DiagKind::TypeMismatch, multi, "`and` needs booleans"),
      makeDiag(DiagKind::UnknownName, throughNewline, "unknown name `c`"),
      empty,
  };
  EXPECT_EQ(github(diagnostics, sources),
            "::error file=m.onb,line=1,endLine=2,title=E0301 type-mismatch::`and` needs booleans\n"
            "::error file=m.onb,line=3,col=1,endLine=3,endColumn=2,title=E0201 unknown-name::unknown name `c`\n"
            "::error file=m.onb,line=1,col=5,endLine=1,endColumn=5,title=E0001 syntax-error::empty\n");
}

TEST(GithubRenderer, UnlocatedDiagnosticsAndNoticeSeverity) {
  SourceManager sources;
  FileId f = sources.add("a.onb", "x\n");
  Diagnostic io = makeDiag(DiagKind::ImportNotFound, Span{}, "cannot read `c.onb`");
  Diagnostic note = makeDiag(DiagKind::UnknownName, spanOf(sources, f, "x"), "informational");
  note.severity = Severity::Note;
  EXPECT_EQ(github({io, note}, sources),
            "::error title=E0101 import-not-found::cannot read `c.onb`\n"
            "::notice file=a.onb,line=1,col=1,endLine=1,endColumn=1,title=E0201 unknown-name::informational\n");
}

}  // namespace
}  // namespace onb
