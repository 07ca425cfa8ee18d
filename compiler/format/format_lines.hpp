// Internal to compiler/format: the two steps of `onb fmt`. layoutModule() turns the tree
// into the code lines of the canonical layout, each remembering which source range it
// stands for; writeLines() puts the comments back among them and joins the text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/format/format.hpp"
#include "grammar/ast/ast.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::format {

// How many blank lines may stand before a line (and the comments that lead it).
enum class BlankRule : uint8_t {
  Preserve,  // one when the source has at least one there, else none
  Force,     // at least one (kept from the source or added before the first leading comment)
};

enum class LineRole : uint8_t {
  Leaf,    // a whole construct on one line
  Opener,  // the first line of a block, ending in `{`
  Closer,  // the `}` of a block
};

struct CodeLine {
  std::string text;      // without indentation or comment
  uint32_t depth = 0;    // indentation in levels of two spaces
  uint32_t begin = 0;    // source offset where the construct of this line starts (a Closer: its `}`)
  uint32_t end = 0;      // source offset past the text this line stands for (an Opener: past its `{`)
  uint32_t spanEnd = 0;  // source offset past the whole construct (an Opener: past its `}`)
  LineRole role = LineRole::Leaf;
  BlankRule blank = BlankRule::Preserve;
  // A construct `# onb:allow` comments can target (a declaration, field, journey item or
  // rule): a comment after code on its first line keeps applying to it.
  bool allowTarget = false;
};

// The code lines of the canonical layout, in source order of `begin`.
std::vector<CodeLine> layoutModule(const ast::Module& module, const SourceFile& file, const FormatOptions& options);

// The formatted text: `lines` with every comment of `module` placed among them (see
// format.hpp for the rules), ending in one newline (empty when there is nothing at all).
std::string writeLines(const std::vector<CodeLine>& lines, const ast::Module& module, const SourceFile& file);

// Whether a comment starts in the source range [begin, end).
bool hasCommentIn(const ast::Module& module, uint32_t begin, uint32_t end);

}  // namespace onb::format
