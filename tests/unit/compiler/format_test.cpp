// onb fmt: over every program we have, formatting is idempotent and keeps the meaning
// (the same tree positions aside, the same comments, the same diagnostics and the same
// bytecode); the examples are already formatted; tests/golden/fmt holds messy inputs
// with their formatted text.
#include <algorithm>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "compiler/driver/compilation.hpp"
#include "compiler/format/format.hpp"
#include "compiler/format/line_diff.hpp"
#include "golden_support.hpp"
#include "grammar/ast/ast_printer.hpp"
#include "grammar/parser/parse.hpp"
#include "runtime/bytecode/disassembler.hpp"

namespace onb {
namespace {

namespace fs = std::filesystem;

// The tree without positions and comments.
std::string treeOf(const ast::Module& module, const SourceFile& file) {
  static const std::regex kPosition(" ?@[0-9]+:[0-9]+");
  std::string text = printAst(module, file);
  text = text.substr(0, text.find("\n  (comments"));
  return std::regex_replace(text, kPosition, "");
}

// The comments' texts (without trailing blanks), sorted: the formatter may move a comment
// but never loses or changes one.
std::vector<std::string> commentsOf(const ast::Module& module, const SourceFile& file) {
  std::vector<std::string> out;
  for (const ast::Comment& c : module.comments) {
    std::string text(file.text().substr(c.span.begin, c.span.end - c.span.begin));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
    out.push_back(text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The disassembly without what depends on the layout: the source hash and line numbers.
std::string codeOf(const bc::Program& program) {
  static const std::regex kHash("\n  source hash [^\n]*");
  static const std::regex kLine(" *; line [0-9]+");
  return std::regex_replace(std::regex_replace(bc::disassemble(program), kHash, ""), kLine, "");
}

// Kind, severity and message of every diagnostic, sorted.
std::vector<std::string> diagnosticsOf(const Compilation& c) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diagnostics.diagnostics())
    out.push_back(std::string(diagInfo(d.kind).code) + " " + d.message);
  std::sort(out.begin(), out.end());
  return out;
}

struct Parsed {
  SourceManager sources;
  FileId id = kNoFile;
  ast::Module module;
  bool ok = false;
  const SourceFile& file() const { return sources.file(id); }
};

std::unique_ptr<Parsed> parseText(const std::string& path, std::string text) {
  auto p = std::make_unique<Parsed>();
  p->id = p->sources.add(path, std::move(text));
  DiagnosticSink sink;
  p->module = parse(p->file(), sink);
  p->ok = !sink.hasErrors() && !p->module.hadSyntaxErrors;
  return p;
}

std::string formatText(const std::string& text) {
  auto p = parseText("test.onb", text);
  EXPECT_TRUE(p->ok) << text;
  return formatSource(p->file(), p->module);
}

TEST(Format, IdempotentAndMeaningPreservingOverEveryProgram) {
  size_t formatted = 0;
  for (const std::string& path : golden::corpus()) {
    SCOPED_TRACE(path);
    auto before = parseText(path, golden::readFile(path));
    if (!before->ok) continue;  // files with syntax errors are not formatted
    ++formatted;
    const std::string text = formatSource(before->file(), before->module);
    auto after = parseText(path, text);
    ASSERT_TRUE(after->ok) << "the formatted text does not parse:\n" << text;
    EXPECT_EQ(formatSource(after->file(), after->module), text) << "not idempotent";
    EXPECT_EQ(treeOf(after->module, after->file()), treeOf(before->module, before->file()));
    EXPECT_EQ(commentsOf(after->module, after->file()), commentsOf(before->module, before->file()));
    // The whole program (imports read from disk): the same diagnostics and bytecode.
    auto original = compileProgram(path);
    auto reformatted = compileProgram(path, &text);
    EXPECT_EQ(diagnosticsOf(*reformatted), diagnosticsOf(*original));
    ASSERT_EQ(reformatted->program.has_value(), original->program.has_value());
    if (original->program) {
      EXPECT_EQ(codeOf(*reformatted->program), codeOf(*original->program));
    }
  }
  EXPECT_GT(formatted, 150u);
}

// `text` with comments added between tokens: every third space outside strings and
// comments becomes a line break with a comment after the code before it or on a line of
// its own (alternately). Same tokens, so the same program.
std::string sprinkleComments(std::string_view text) {
  std::string out;
  bool inString = false, inComment = false, escaped = false;
  int spaces = 0, added = 0;
  for (char c : text) {
    if (c == '\n') {
      inString = inComment = false;
    } else if (inComment) {
      // up to the end of the line
    } else if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '#') {
      inComment = true;
    } else if (c == ' ' && ++spaces % 3 == 0) {
      ++added;
      out += added % 2 ? " # after " + std::to_string(added) + "\n" : "\n# own line " + std::to_string(added) + "\n";
      continue;
    }
    out += c;
  }
  return out;
}

TEST(Format, CommentsBetweenAnyTokensKeepTheMeaning) {
  size_t tried = 0;
  for (const std::string& path : golden::corpus()) {
    const std::string original = golden::readFile(path);
    if (!parseText(path, original)->ok) continue;
    SCOPED_TRACE(path);
    ++tried;
    const std::string text = sprinkleComments(original);
    auto before = parseText(path, text);
    ASSERT_TRUE(before->ok) << text;
    const std::string formatted = formatSource(before->file(), before->module);
    auto after = parseText(path, formatted);
    ASSERT_TRUE(after->ok) << formatted;
    EXPECT_EQ(formatSource(after->file(), after->module), formatted) << "not idempotent";
    EXPECT_EQ(treeOf(after->module, after->file()), treeOf(before->module, before->file()));
    EXPECT_EQ(commentsOf(after->module, after->file()), commentsOf(before->module, before->file()));
    EXPECT_EQ(diagnosticsOf(*compileProgram(path, &formatted)), diagnosticsOf(*compileProgram(path, &text)));
  }
  EXPECT_GT(tried, 150u);
}

TEST(Format, ExamplesAreFormatted) {
  size_t checked = 0;
  for (const std::string& path : golden::corpus()) {
    if (path.find("/examples/") == std::string::npos) continue;
    ++checked;
    const std::string text = golden::readFile(path);
    EXPECT_EQ(formatText(text), text) << path << " is not formatted: run `onb fmt examples/`";
  }
  EXPECT_GT(checked, 4u);
}

TEST(Format, GoldenOutputs) {
  const std::string dir = golden::goldenDir("fmt");
  const std::vector<std::string> inputs = golden::filesIn(dir, ".onb");
  ASSERT_FALSE(inputs.empty());
  for (const std::string& path : inputs) {
    SCOPED_TRACE(path);
    const std::string text = formatText(golden::readFile(path));
    golden::expectGolden(dir + "/" + fs::path(path).stem().string() + ".expected", text);
  }
}

TEST(Format, RefusesSyntaxErrors) {
  SourceManager sources;
  DiagnosticSink sink;
  const FileId id = sources.add("bad.onb", "event a\njourney j { enter when a rule r { when a } }\n");
  EXPECT_FALSE(formatFile(sources.file(id), sink));
  EXPECT_TRUE(sink.hasErrors());
}

TEST(Format, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(formatText(""), "");
  EXPECT_EQ(formatText("\n\n  \n"), "");
  EXPECT_EQ(formatText("\n\n# only a comment   \n\n\n# and another"), "# only a comment\n\n# and another\n");
}

TEST(Format, LiteralsKeepTheirSpelling) {
  EXPECT_EQ(
      formatText("channel c requires user.x > - 007 and now - entered_at < 24h + 1.50 * 2 "
                 "and now > @2025-01-01T09:00+02:00"),
      "channel c requires user.x > -007 and now - entered_at < 24h + 1.50 * 2 and now > @2025-01-01T09:00+02:00\n");
  // Escapes: only where needed, and for characters nobody can see.
  EXPECT_EQ(formatText("channel c requires user.s == \"a\\u{41}\\u{e9}\\u{200B}\\u{1}\\\\\""),
            "channel c requires user.s == \"aA\u00e9\\u{200B}\\u{1}\\\\\"\n");
}

// ---- Comment placement

struct Case {
  const char* name;
  const char* input;
  const char* expected;
};

const Case kCommentCases[] = {
    {"own-line comments stay before what follows, with its indentation",
     "# schema\nevent a\n  # the journey\njourney j {\n# entry\nenter when a\n    # the only rule\n rule r {\n"
     "# trigger\n when a\n  # action\n emit \"x\" } }\n",
     "# schema\nevent a\n\n# the journey\njourney j {\n  # entry\n  enter when a\n\n  # the only rule\n  rule r {\n"
     "    # trigger\n    when a\n    # action\n    emit \"x\"\n  }\n}\n"},
    {"trailing comments stay at the end of their line",
     "event a   # an event\njourney j {   # opens\n  enter when a # enters\n  rule r {\n    when a\t# trigger\n"
     "    emit \"x\"  # action\n  } # closes r\n} # closes j\n",
     "event a  # an event\n\njourney j {  # opens\n  enter when a  # enters\n\n  rule r {\n    when a  # trigger\n"
     "    emit \"x\"  # action\n  }  # closes r\n}  # closes j\n"},
    {"a trailing comment goes with the outermost allow target starting on its line",
     "event a\njourney j { enter when a\n  rule r { when a emit \"x\" } # onb:allow no-goal\n}\n",
     "event a\n\njourney j {\n  enter when a\n\n  rule r {  # onb:allow no-goal\n    when a\n    emit \"x\"\n  }\n}\n"},
    {"comments inside blocks stay inside, before the closing brace",
     "user {\n  a: int\n  # more traits later\n}\nevent b {\n  # no properties yet\n}\n"
     "journey j {\n  enter when b\n  rule r {\n    when b\n    emit \"x\"\n    # nothing after the action\n  }\n"
     "  # more rules later\n}\n",
     "user {\n  a: int\n  # more traits later\n}\n\nevent b {\n  # no properties yet\n}\n\n"
     "journey j {\n  enter when b\n\n  rule r {\n    when b\n    emit \"x\"\n    # nothing after the action\n  }\n"
     "  # more rules later\n}\n"},
    {"a comment at the end of the file stays, after at most one blank line", "event a\n\n\n\n# the end\n",
     "event a\n\n# the end\n"},
    {"blank lines: at most one kept, none after { or before }",
     "event a\n\n\n\nevent b\nevent c\njourney j {\n\n\n  enter when a\n\n\n  exit after 1d\n\n\n  rule r {\n\n"
     "    when a\n\n\n    if b\n\n    emit \"x\"\n\n  }\n\n}\n",
     "event a\n\nevent b\nevent c\n\njourney j {\n  enter when a\n\n  exit after 1d\n\n  rule r {\n    when a\n\n"
     "    if b\n\n    emit \"x\"\n  }\n}\n"},
    {"a comment inside a with map makes it one entry per line",
     "event a\njourney j { enter when a rule r { when a emit \"x\" with { a: 1, # first\n b: 2 } } }\n",
     "event a\n\njourney j {\n  enter when a\n\n  rule r {\n    when a\n    emit \"x\" with {\n      a: 1,  # first\n"
     "      b: 2,\n    }\n  }\n}\n"},
    {"comments inside a multi-line expression move to its line",
     "event a\njourney j { enter when a rule r { when a\n  if a and  # because\n    # really\n    a  # twice\n"
     "  emit \"x\" } }\n",
     "event a\n\njourney j {\n  enter when a\n\n  rule r {\n    when a\n    # really\n    if a and a  # because\n"
     "    # twice\n    emit \"x\"\n  }\n}\n"},
    {"an allow comment after code stays with the longest target starting on its line",
     "event a event bbbbbb { x: int }  # onb:allow unused-declaration\n",
     "event a\nevent bbbbbb { x: int }  # onb:allow unused-declaration\n"},
    {"an event block with a comment keeps one property per line",
     "event a { x: int  # the x\n y: int }\nevent b { x: int,\n y: int }\n",
     "event a {  # the x\n  x: int\n  y: int\n}\n\nevent b { x: int, y: int }\n"},
};

TEST(Format, CommentPlacement) {
  for (const Case& c : kCommentCases) {
    SCOPED_TRACE(c.name);
    const std::string text = formatText(c.input);
    EXPECT_EQ(text, c.expected) << unifiedDiff(c.expected, text, "expected", "actual");
    EXPECT_EQ(formatText(text), text) << "not idempotent";
  }
}

TEST(Format, WithMapsAndEventsBreakPastTheWidth) {
  const std::string longEvent =
      "event signed_up \"Signed Up\" { source: string?, campaign: string?, referrer: string?, medium: string? }\n";
  EXPECT_EQ(formatText(longEvent),
            "event signed_up \"Signed Up\" {\n  source: string?\n  campaign: string?\n  referrer: string?\n"
            "  medium: string?\n}\n");
  FormatOptions wide;
  wide.maxWidth = 120;
  auto p = parseText("wide.onb", longEvent);
  EXPECT_EQ(formatSource(p->file(), p->module, wide), longEvent);
}

// ---- The diff of `onb fmt --diff`

TEST(LineDiff, EqualTextsHaveNoDiff) { EXPECT_EQ(unifiedDiff("a\nb\n", "a\nb\n", "x", "y"), ""); }

TEST(LineDiff, HunksWithContext) {
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 5 ? std::string("five") : std::to_string(i)) + "\n";
    if (i == 15) after += "fifteen and a half\n";
  }
  EXPECT_EQ(unifiedDiff(before, after, "a.onb", "a.onb"),
            "--- a.onb\n+++ a.onb\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
            "@@ -13,6 +13,7 @@\n 13\n 14\n 15\n+fifteen and a half\n 16\n 17\n 18\n");
}

TEST(LineDiff, MissingFinalNewlineAndEmptySides) {
  EXPECT_EQ(unifiedDiff("a\nb", "a\nb\n", "f", "f"),
            "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  EXPECT_EQ(unifiedDiff("", "x\n", "f", "f"), "--- f\n+++ f\n@@ -0,0 +1 @@\n+x\n");
  EXPECT_EQ(unifiedDiff("x\ny\n", "", "f", "f"), "--- f\n+++ f\n@@ -1,2 +0,0 @@\n-x\n-y\n");
}

TEST(LineDiff, LargeRewritesStayCorrect) {
  std::string before, after;
  for (int i = 0; i < 20000; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += "LINE " + std::to_string(i) + "\n";
  }
  const std::string diff = unifiedDiff(before, after, "f", "f");
  EXPECT_EQ(std::count(diff.begin(), diff.end(), '\n'), 2 + 1 + 40000);
}

}  // namespace
}  // namespace onb
