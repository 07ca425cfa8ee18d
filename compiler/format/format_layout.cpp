// The canonical layout (format.hpp): every declaration, item and clause as code lines.
#include <algorithm>
#include <string_view>
#include <variant>

#include "compiler/format/format_expr.hpp"
#include "compiler/format/format_lines.hpp"

namespace onb::format {

namespace {

size_t codePoints(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class Layout {
 public:
  Layout(const ast::Module& module, const SourceFile& file, const FormatOptions& options)
      : module_(module), file_(file), options_(options) {}

  std::vector<CodeLine> run() {
    const ast::Decl* previous = nullptr;
    bool previousMultiline = false;
    for (const ast::Decl& decl : module_.decls) {
      const size_t first = lines_.size();
      std::visit([this](const auto& d) { layout(d, 0); }, decl);
      const bool multiline = lines_.size() - first > 1;
      const auto isJourney = [](const ast::Decl& d) { return std::holds_alternative<ast::Journey>(d); };
      if (previous && (decl.index() != previous->index() || isJourney(decl) || isJourney(*previous) || multiline ||
                       previousMultiline))
        lines_[first].blank = BlankRule::Force;
      previous = &decl;
      previousMultiline = multiline;
    }
    return std::move(lines_);
  }

 private:
  // ---- Lines
  void leaf(std::string text, Span span, uint32_t depth, bool allowTarget) {
    lines_.push_back(CodeLine{std::move(text), depth, span.begin, span.end, span.end, LineRole::Leaf,
                              BlankRule::Preserve, allowTarget});
  }
  // `text {` for the block `span` whose `{` is at `brace`.
  void opener(std::string text, Span span, uint32_t brace, uint32_t depth, bool allowTarget) {
    text += " {";
    lines_.push_back(CodeLine{std::move(text), depth, span.begin, brace + 1, span.end, LineRole::Opener,
                              BlankRule::Preserve, allowTarget});
  }
  void closer(uint32_t brace, uint32_t depth) {
    lines_.push_back(CodeLine{"}", depth, brace, brace + 1, brace + 1, LineRole::Closer, BlankRule::Preserve, false});
  }

  // ---- Source helpers
  std::string_view source(Span span) const { return file_.text().substr(span.begin, span.end - span.begin); }
  std::string expr(ast::ExprId id) const { return formatExpr(module_, file_, id); }
  std::string quoted(const ast::StringLiteral& s) const {
    std::string out;
    appendQuoted(out, module_.string(s));
    return out;
  }
  // The offset of the `{` that is the next token at or after `offset`, or UINT32_MAX.
  uint32_t braceAfter(uint32_t offset) const {
    const std::string_view text = file_.text();
    while (offset < text.size()) {
      const char c = text[offset];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++offset;
      } else if (c == '#') {
        while (offset < text.size() && text[offset] != '\n') ++offset;
      } else {
        return c == '{' ? offset : UINT32_MAX;
      }
    }
    return UINT32_MAX;
  }
  // A block keeps one item per line when a comment stands inside its braces, or after its
  // `}` on a later line than its `{` (joining the lines would move that comment).
  bool keepsMultiline(uint32_t open, uint32_t close) const {
    if (hasCommentIn(module_, open + 1, close)) return true;
    const uint32_t closeLine = file_.line(close);
    if (closeLine == file_.line(open)) return false;
    const uint32_t lineEnd = closeLine < file_.lineCount() ? file_.lineStart(closeLine + 1) : file_.text().size();
    return hasCommentIn(module_, close + 1, lineEnd);
  }
  bool fits(uint32_t depth, std::string_view text) const { return 2 * depth + codePoints(text) <= options_.maxWidth; }

  // ---- Text of the parts
  std::string pairs(const std::vector<ast::CapPair>& list) const {
    std::string out;
    for (const ast::CapPair& p : list) {
      if (!out.empty()) out += ", ";
      out += source(p.countSpan);
      out += " per ";
      out += source(p.window.span);
    }
    return out;
  }
  std::string field(const ast::Field& f) const {
    std::string out(f.name.text);
    out += ": ";
    if (f.type.base == ast::BaseType::Enum) {
      out += "enum(";
      for (size_t i = 0; i < f.type.enumMembers.size(); ++i) {
        if (i > 0) out += ", ";
        out += f.type.enumMembers[i].text;
      }
      out += ')';
    } else {
      out += ast::baseTypeName(f.type.base);
    }
    if (f.type.optional) out += '?';
    if (f.defaultValue != ast::kNoExpr) out += " = " + expr(f.defaultValue);
    for (const ast::Ident& a : f.annotations) {
      out += " @";
      out += a.text;
    }
    return out;
  }
  std::string optional(std::string_view keyword, ast::ExprId id) const {
    if (id == ast::kNoExpr) return "";
    std::string out(" ");
    out += keyword;
    out += ' ';
    out += expr(id);
    return out;
  }
  static std::string clock(const ast::Clock& c) {
    const char text[] = {static_cast<char>('0' + c.minutes / 600 % 10), static_cast<char>('0' + c.minutes / 60 % 10),
                         ':', static_cast<char>('0' + c.minutes % 60 / 10), static_cast<char>('0' + c.minutes % 10)};
    return std::string(text, sizeof text);
  }

  // A block of fields whose `{` is at `brace`. An event's (`isEvent`) stays on one line
  // when it fits and drops empty braces; a user block has one field per line or is `user {}`.
  void fieldBlock(std::string header, Span span, uint32_t brace, const std::vector<ast::Field>& fields, uint32_t depth,
                  bool isEvent) {
    const uint32_t close = span.end - 1;
    const bool multiline = keepsMultiline(brace, close);
    if (fields.empty() && !multiline) {
      leaf(header + (isEvent ? "" : " {}"), span, depth, true);
      return;
    }
    if (isEvent && !multiline) {
      std::string line = header + " { ";
      for (size_t i = 0; i < fields.size(); ++i) line += (i > 0 ? ", " : "") + field(fields[i]);
      line += " }";
      if (fits(depth, line)) {
        leaf(std::move(line), span, depth, true);
        return;
      }
    }
    opener(std::move(header), span, brace, depth, true);
    for (const ast::Field& f : fields) leaf(field(f), f.span, depth + 1, true);
    closer(close, depth);
  }

  // ---- Declarations
  void layout(const ast::ImportDecl& d, uint32_t depth) { leaf("import " + quoted(d.path), d.span, depth, true); }
  void layout(const ast::UserDecl& d, uint32_t depth) {
    fieldBlock("user", d.span, braceAfter(d.span.begin + 4), d.fields, depth, false);
  }
  void layout(const ast::EventDecl& d, uint32_t depth) {
    std::string header = "event ";
    header += d.name.text;
    if (d.hasWireName) header += " " + quoted(d.wireName);
    const uint32_t brace = braceAfter(d.hasWireName ? d.wireName.span.end : d.name.span.end);
    if (brace == UINT32_MAX)
      leaf(std::move(header), d.span, depth, true);
    else
      fieldBlock(std::move(header), d.span, brace, d.properties, depth, true);
  }
  void layout(const ast::ChannelDecl& d, uint32_t depth) {
    leaf("channel " + std::string(d.name.text) + optional("requires", d.requirement), d.span, depth, true);
  }
  void layout(const ast::QueueDecl& d, uint32_t depth) {
    leaf("queue " + std::string(d.name.text), d.span, depth, true);
  }
  void layout(const ast::CapDecl& d, uint32_t depth) {
    std::string text = "cap ";
    if (!d.channels.empty()) {
      text += "on ";
      for (size_t i = 0; i < d.channels.size(); ++i) {
        if (i > 0) text += ", ";
        text += d.channels[i].text;
      }
      text += ' ';
    }
    leaf(text + pairs(d.pairs), d.span, depth, true);
  }
  void layout(const ast::Journey& d, uint32_t depth) {
    opener("journey " + std::string(d.name.text), d.span, braceAfter(d.name.span.end), depth, true);
    bool previousRule = false;
    for (const ast::JourneyItem& item : d.items) {
      const size_t first = lines_.size();
      std::visit([this, depth](const auto& i) { layout(i, depth + 1); }, item);
      const bool rule = std::holds_alternative<ast::Rule>(item);
      if (rule || previousRule) lines_[first].blank = BlankRule::Force;
      previousRule = rule;
    }
    closer(d.span.end - 1, depth);
  }

  // ---- Journey items
  void layout(const ast::EnterItem& i, uint32_t depth) {
    leaf("enter when " + std::string(i.event.text) + optional("where", i.where) + optional("if", i.condition), i.span,
         depth, true);
  }
  void layout(const ast::GoalItem& i, uint32_t depth) {
    leaf("goal " + std::string(i.event.text) + " within " + std::string(source(i.within.span)) +
             optional("where", i.where),
         i.span, depth, true);
  }
  void layout(const ast::ExitWhenItem& i, uint32_t depth) {
    leaf("exit when " + std::string(i.event.text) + optional("where", i.where) + optional("if", i.condition), i.span,
         depth, true);
  }
  void layout(const ast::ExitAfterItem& i, uint32_t depth) {
    leaf("exit after " + std::string(source(i.after.span)), i.span, depth, true);
  }
  void layout(const ast::HoldoutItem& i, uint32_t depth) {
    leaf("holdout " + std::string(source(i.percent.span)), i.span, depth, true);
  }
  void layout(const ast::QuietItem& i, uint32_t depth) {
    leaf("quiet " + clock(i.start) + ".." + clock(i.end), i.span, depth, true);
  }
  void layout(const ast::RetentionItem& i, uint32_t depth) {
    leaf("retention " + std::string(i.event.text), i.span, depth, true);
  }
  void layout(const ast::Rule& r, uint32_t depth) {
    opener("rule " + std::string(r.name.text), r.span, braceAfter(r.name.span.end), depth, true);
    for (const ast::RuleClause& clause : r.clauses)
      std::visit([this, depth](const auto& c) { layout(c, depth + 1); }, clause);
    closer(r.span.end - 1, depth);
  }

  // ---- Rule clauses
  void layout(const ast::WhenClause& c, uint32_t depth) {
    std::string text = "when ";
    for (size_t i = 0; i < c.events.size(); ++i) {
      if (i > 0) text += " | ";
      text += c.events[i].text;
    }
    leaf(text + optional("where", c.where), c.span, depth, false);
  }
  void layout(const ast::AfterClause& c, uint32_t depth) {
    std::string text = "after " + std::string(source(c.delay.span)) + " since ";
    switch (c.anchor) {
      case ast::AnchorKind::Enter:
        text += "enter";
        break;
      case ast::AnchorKind::First:
        if (c.explicitFirst) text += "first ";
        text += c.event.text;
        break;
      case ast::AnchorKind::Last:
        text += "last ";
        text += c.event.text;
        break;
      case ast::AnchorKind::LastAny:
        text += "last any";
        break;
    }
    leaf(text + optional("where", c.where), c.span, depth, false);
  }
  void layout(const ast::IfClause& c, uint32_t depth) { leaf("if " + expr(c.condition), c.span, depth, false); }
  void layout(const ast::UnlessClause& c, uint32_t depth) { leaf("unless " + expr(c.condition), c.span, depth, false); }
  void layout(const ast::LimitClause& c, uint32_t depth) { leaf("limit " + pairs(c.pairs), c.span, depth, false); }
  void layout(const ast::OnceClause& c, uint32_t depth) { leaf("once", c.span, depth, false); }
  void layout(const ast::ActionClause& c, uint32_t depth) {
    std::string text;
    switch (c.kind) {
      case ast::ActionKind::Send:
        text = "send " + std::string(c.destination.text) + " " + quoted(c.text);
        break;
      case ast::ActionKind::Handoff:
        text = "handoff " + std::string(c.destination.text);
        break;
      case ast::ActionKind::Emit:
        text = "emit " + quoted(c.text);
        break;
    }
    if (!c.hasWith) {
      leaf(std::move(text), c.span, depth, false);
      return;
    }
    text += " with";
    const uint32_t brace = braceAfter(c.withSpan.begin + 4);
    const uint32_t close = c.withSpan.end - 1;
    std::vector<std::string> entries;
    for (const ast::WithEntry& w : c.with) {
      std::string entry;
      if (w.quotedKey)
        appendQuoted(entry, module_.string(w.keyString));
      else
        entry = w.key.text;
      entries.push_back(entry + ": " + expr(w.value));
    }
    if (!keepsMultiline(brace, close)) {
      std::string line = text + (entries.empty() ? " {}" : " { ");
      for (size_t i = 0; i < entries.size(); ++i) line += (i > 0 ? ", " : "") + entries[i];
      if (!entries.empty()) line += " }";
      if (entries.empty() || fits(depth, line)) {
        leaf(std::move(line), c.span, depth, false);
        return;
      }
    }
    opener(std::move(text), c.span, brace, depth, false);
    for (size_t i = 0; i < entries.size(); ++i) {
      const ast::WithEntry& w = c.with[i];
      const Span span{file_.id(), w.key.span.begin, module_.expr(w.value).span.end};
      leaf(entries[i] + ",", span, depth + 1, false);
    }
    closer(close, depth);
  }

  const ast::Module& module_;
  const SourceFile& file_;
  const FormatOptions& options_;
  std::vector<CodeLine> lines_;
};

}  // namespace

bool hasCommentIn(const ast::Module& module, uint32_t begin, uint32_t end) {
  const auto& comments = module.comments;
  auto it = std::lower_bound(comments.begin(), comments.end(), begin,
                             [](const ast::Comment& c, uint32_t offset) { return c.span.begin < offset; });
  return it != comments.end() && it->span.begin < end;
}

std::vector<CodeLine> layoutModule(const ast::Module& module, const SourceFile& file, const FormatOptions& options) {
  return Layout(module, file, options).run();
}

}  // namespace onb::format
