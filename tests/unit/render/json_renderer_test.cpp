// DiagFormat::Json: exact output, escaping, and validity by python3's json module.
#include <gtest/gtest.h>

#include "compiler/render/render.hpp"
#include "tests/unit/render/render_test_support.hpp"

namespace onb {
namespace {

using testing::makeDiag;
using testing::parsesAsJson;
using testing::renderAs;
using testing::spanOf;

std::string json(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  return renderAs(diagnostics, sources, DiagFormat::Json);
}

TEST(JsonRenderer, EmptyRunIsAnEmptyArray) {
  SourceManager sources;
  EXPECT_EQ(json({}, sources), "[]\n");
}

TEST(JsonRenderer, FieldsOfLocatedAndUnlocatedDiagnostics) {
  SourceManager sources;
  FileId f = sources.add("main.onb", "queue welcome\n\njourney a {\n  rule r when signup send welcome\n}\n");
  Diagnostic d = makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "welcome", 1),
                          "`welcome` is a queue; `send` needs a channel");
  d.notes.push_back({spanOf(sources, f, "welcome"), "`welcome` is declared here"});
  d.fix = FixIt{spanOf(sources, f, "send welcome"), "handoff welcome"};
  Diagnostic io = makeDiag(DiagKind::ImportNotFound, Span{}, "cannot read `c.onb`");
  io.notes.push_back({Span{}, "imported from the command line"});
  Diagnostic warning = makeDiag(DiagKind::NoGoal, spanOf(sources, f, "a {"), "journey `a` has no goal");
  std::string out = json({d, io, warning}, sources);
  EXPECT_EQ(
      out,
      "[\n"
      R"(  {"code":"E0203","name":"wrong-destination","severity":"error",)"
      R"("message":"`welcome` is a queue; `send` needs a channel",)"
      R"("file":"main.onb","line":4,"column":27,"end_line":4,"end_column":34,)"
      R"("notes":[{"message":"`welcome` is declared here","file":"main.onb","line":1,"column":7,"end_line":1,"end_column":14}],)"
      R"("fix":{"replacement":"handoff welcome","file":"main.onb","line":4,"column":22,"end_line":4,"end_column":34}},)"
      "\n"
      R"(  {"code":"E0101","name":"import-not-found","severity":"error","message":"cannot read `c.onb`",)"
      R"("notes":[{"message":"imported from the command line"}]},)"
      "\n"
      R"(  {"code":"W0001","name":"no-goal","severity":"warning","message":"journey `a` has no goal",)"
      R"("file":"main.onb","line":3,"column":9,"end_line":3,"end_column":12,"notes":[]})"
      "\n"
      "]\n");
  EXPECT_TRUE(parsesAsJson(out));
}

TEST(JsonRenderer, ColumnsCountCodePointsAndEndOfFileIsFine) {
  SourceManager sources;
  FileId u = sources.add("u.onb", "x = \"日本\" + y\n");
  FileId e = sources.add("e.onb", "journey a {");
  std::vector<Diagnostic> diagnostics = {
      makeDiag(DiagKind::UnknownName, spanOf(sources, u, "y"), "unknown name `y`"),
      makeDiag(DiagKind::SyntaxExpected, Span{e, 11, 40}, "expected `}`"),
  };
  std::string out = json(diagnostics, sources);
  EXPECT_NE(out.find(R"("file":"u.onb","line":1,"column":12,"end_line":1,"end_column":13)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("file":"e.onb","line":1,"column":12,"end_line":1,"end_column":12)"), std::string::npos) << out;
}

TEST(JsonRenderer, StringsAreEscapedAndStayValidUtf8) {
  SourceManager sources;
  FileId f = sources.add("dir\\we\"ird.onb", "x\n");
  Diagnostic d = makeDiag(DiagKind::UnknownName, spanOf(sources, f, "x"), "say \"hi\" \\ \n\t\r\b\f\x01 é \xff end");
  std::string out = json({d}, sources);
  EXPECT_NE(out.find(R"("message":"say \"hi\" \\ \n\t\r\b\f\u0001 é )"
                     "\xEF\xBF\xBD"
                     R"( end")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("file":"dir\\we\"ird.onb")"), std::string::npos) << out;
  EXPECT_TRUE(parsesAsJson(out));
}

}  // namespace
}  // namespace onb
