// Puts the comments back among the code lines (the rules are in format.hpp) and joins
// everything into the formatted text, deciding the blank lines on the way.
#include <algorithm>
#include <string_view>

#include "compiler/format/format_lines.hpp"

namespace onb::format {

namespace {

constexpr uint32_t kNoLine = UINT32_MAX;

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool isBlank(std::string_view s) { return trimRight(s).empty(); }

class Writer {
 public:
  Writer(const std::vector<CodeLine>& lines, const ast::Module& module, const SourceFile& file)
      : lines_(lines),
        module_(module),
        file_(file),
        leading_(lines.size() + 1),
        trailing_(lines.size(), kNoLine),
        parent_(lines.size(), kNoLine) {}

  std::string run() {
    placeComments();
    for (uint32_t i = 0; i <= lines_.size(); ++i) writeGroup(i);
    return std::move(out_);
  }

 private:
  // ---- Where each comment goes
  void placeComments() {
    findParents();
    for (uint32_t c = 0; c < module_.comments.size(); ++c) {
      const Span span = module_.comments[c].span;
      const uint32_t lineStart = file_.lineStart(file_.line(span.begin));
      if (isBlank(file_.text().substr(lineStart, span.begin - lineStart)))
        placeOwnLine(c, span);
      else
        placeAfterCode(c, span, lineStart);
    }
  }

  // The last line that starts before `offset`, or kNoLine.
  uint32_t lastBefore(uint32_t offset) const {
    auto it = std::lower_bound(lines_.begin(), lines_.end(), offset,
                               [](const CodeLine& l, uint32_t o) { return l.begin < o; });
    return it == lines_.begin() ? kNoLine : static_cast<uint32_t>(it - lines_.begin() - 1);
  }

  void placeOwnLine(uint32_t c, Span span) {
    const uint32_t before = lastBefore(span.begin);
    if (before != kNoLine && span.begin < lines_[before].end) {
      leading_[before].push_back(c);  // inside a construct printed on one line: just before it
      return;
    }
    leading_[before == kNoLine ? 0 : before + 1].push_back(c);  // before what follows (or the end of file)
  }

  void placeAfterCode(uint32_t c, Span span, uint32_t lineStart) {
    const uint32_t last = lastBefore(span.begin);
    uint32_t target = last;
    // Lines that start on the comment's line, inside the innermost block that holds the
    // comment (so a comment inside braces stays inside them): the allow target with the
    // longest source, the first of equals (what `# onb:allow` picks), else the innermost.
    if (last != kNoLine && lines_[last].begin >= lineStart) {
      const uint32_t block = lines_[last].role == LineRole::Opener ? last : parent_[last];
      uint32_t first = last;
      while (first > 0 && lines_[first - 1].begin >= lineStart && (block == kNoLine || first - 1 >= block)) --first;
      const auto length = [&](uint32_t i) { return lines_[i].spanEnd - lines_[i].begin; };
      uint32_t best = kNoLine;
      for (uint32_t i = first; i <= last; ++i)
        if (lines_[i].allowTarget && (best == kNoLine || length(i) > length(best))) best = i;
      if (best != kNoLine) target = best;
    }
    if (target == kNoLine) {
      leading_[0].push_back(c);  // cannot happen: code before a comment belongs to a line
    } else if (trailing_[target] == kNoLine) {
      trailing_[target] = c;
    } else {
      leading_[target + 1].push_back(c);  // the line has one already: on its own just after it
    }
  }

  // parent_[i]: the Opener of the innermost block holding line i (for an Opener or Closer,
  // the block around its own), or kNoLine at top level.
  void findParents() {
    std::vector<uint32_t> open;
    for (uint32_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i].role == LineRole::Closer && !open.empty()) open.pop_back();
      parent_[i] = open.empty() ? kNoLine : open.back();
      if (lines_[i].role == LineRole::Opener) open.push_back(i);
    }
  }

  // ---- Output
  struct Element {
    uint32_t begin, end;
    bool blank;
  };

  // Whether a blank line stands in the source between `from` (an end offset) and `to`.
  bool blankBetween(uint32_t from, uint32_t to) const {
    if (to <= from) return false;
    const uint32_t last = file_.line(to);
    for (uint32_t l = file_.line(from) + 1; l < last; ++l)
      if (isBlank(file_.lineText(l))) return true;
    return false;
  }

  std::string_view commentText(uint32_t c) const {
    const Span span = module_.comments[c].span;
    return trimRight(file_.text().substr(span.begin, span.end - span.begin));
  }

  // Writes the comments leading line `i` (or, for i == lines_.size(), the end of file),
  // then the line itself.
  void writeGroup(uint32_t i) {
    std::vector<uint32_t>& comments = leading_[i];
    std::sort(comments.begin(), comments.end());
    const bool hasLine = i < lines_.size();
    std::vector<Element> elements;
    uint32_t end = lastEnd_;
    for (uint32_t c : comments) {
      const Span span = module_.comments[c].span;
      elements.push_back({span.begin, span.end, blankBetween(end, span.begin)});
      end = std::max(end, span.end);
    }
    if (hasLine) {
      const CodeLine& line = lines_[i];
      uint32_t lineEnd = line.end;
      if (trailing_[i] != kNoLine) lineEnd = std::max(lineEnd, module_.comments[trailing_[i]].span.end);
      elements.push_back({line.begin, lineEnd, line.role != LineRole::Closer && blankBetween(end, line.begin)});
    }
    if (elements.empty()) return;
    const bool anyBlank = std::any_of(elements.begin(), elements.end(), [](const Element& e) { return e.blank; });
    if (hasLine && lines_[i].blank == BlankRule::Force && !anyBlank) elements.front().blank = true;
    if (afterOpener_) elements.front().blank = false;

    const uint32_t commentDepth = hasLine ? lines_[i].depth + (lines_[i].role == LineRole::Closer ? 1 : 0) : 0;
    for (size_t e = 0; e < elements.size(); ++e) {
      if (elements[e].blank) out_ += '\n';
      lastEnd_ = std::max(lastEnd_, elements[e].end);
      if (e < comments.size()) {
        out_.append(2 * commentDepth, ' ');
        out_ += commentText(comments[e]);
        out_ += '\n';
        continue;
      }
      const CodeLine& line = lines_[i];
      out_.append(2 * line.depth, ' ');
      out_ += line.text;
      if (trailing_[i] != kNoLine) {
        out_ += "  ";
        out_ += commentText(trailing_[i]);
      }
      out_ += '\n';
    }
    afterOpener_ = hasLine && lines_[i].role == LineRole::Opener;
  }

  const std::vector<CodeLine>& lines_;
  const ast::Module& module_;
  const SourceFile& file_;
  std::vector<std::vector<uint32_t>> leading_;  // per line, and the end of file last
  std::vector<uint32_t> trailing_;              // per line: a comment index or kNoLine
  std::vector<uint32_t> parent_;                // per line: see findParents
  std::string out_;
  uint32_t lastEnd_ = 0;     // source offset past everything written so far
  bool afterOpener_ = true;  // the next line is the first of a block (or of the file)
};

}  // namespace

std::string writeLines(const std::vector<CodeLine>& lines, const ast::Module& module, const SourceFile& file) {
  return Writer(lines, module, file).run();
}

}  // namespace onb::format
