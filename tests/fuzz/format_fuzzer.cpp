// Fuzz target: `onb fmt` on arbitrary program text. For every input without syntax
// errors, the formatted text must parse without errors to the same tree (positions aside)
// with the same comments, and formatting it again must not change it:
// fmt(fmt(x)) == fmt(x). A violation traps.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/format/format.hpp"
#include "grammar/ast/ast_printer.hpp"
#include "grammar/parser/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace onb::fuzz {
namespace {

constexpr size_t kMaxInput = 64 * 1024;

struct Parsed {
  SourceManager sources;
  FileId id = kNoFile;
  ast::Module module;
  bool ok = false;
  std::string errors;
  const SourceFile& file() const { return sources.file(id); }
};

std::unique_ptr<Parsed> parseText(std::string text) {
  auto p = std::make_unique<Parsed>();
  p->id = p->sources.add("fuzzed.onb", std::move(text));
  DiagnosticSink sink;
  p->module = parse(p->file(), sink);
  p->ok = !sink.hasErrors() && !p->module.hadSyntaxErrors;
  for (const Diagnostic& d : sink.diagnostics()) p->errors += d.message + "\n";
  return p;
}

// printAst without the `@line:col` positions and the comment list.
std::string treeOf(const Parsed& p) {
  const std::string text = printAst(p.module, p.file());
  const std::string_view tree = std::string_view(text).substr(0, text.find("\n  (comments"));
  std::string out;
  for (size_t i = 0; i < tree.size(); ++i) {
    if (tree[i] == '@' && i + 1 < tree.size() && std::isdigit(static_cast<unsigned char>(tree[i + 1]))) {
      size_t j = i + 1;
      while (j < tree.size() && std::isdigit(static_cast<unsigned char>(tree[j]))) ++j;
      if (j < tree.size() && tree[j] == ':') {
        ++j;
        while (j < tree.size() && std::isdigit(static_cast<unsigned char>(tree[j]))) ++j;
        if (!out.empty() && out.back() == ' ') out.pop_back();
        i = j - 1;
        continue;
      }
    }
    out += tree[i];
  }
  return out;
}

// The comments' texts without trailing blanks, sorted (the formatter may move a comment,
// never lose or change one).
std::vector<std::string> commentsOf(const Parsed& p) {
  std::vector<std::string> out;
  for (const ast::Comment& c : p.module.comments) {
    std::string text(p.file().text().substr(c.span.begin, c.span.end - c.span.begin));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
    out.push_back(std::move(text));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace
}  // namespace onb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onb;
  using namespace onb::fuzz;
  if (size > kMaxInput) return 0;
  auto input = parseText(std::string(reinterpret_cast<const char*>(data), size));
  if (!input->ok) return 0;  // the output for a file with syntax errors is unspecified
  const std::string once = formatSource(input->file(), input->module);
  auto formatted = parseText(once);
  if (!formatted->ok) fail("formatted text has syntax errors", once + "\n---\n" + formatted->errors);
  const std::string before = treeOf(*input), after = treeOf(*formatted);
  if (before != after) fail("formatting changed the tree", before + "\n---\n" + after + "\n---\n" + once);
  if (commentsOf(*input) != commentsOf(*formatted)) fail("formatting lost or changed a comment", once);
  const std::string twice = formatSource(formatted->file(), formatted->module);
  if (twice != once) fail("formatting is not idempotent", once + "\n---\n" + twice);
  return 0;
}
