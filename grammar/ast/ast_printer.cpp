#include "grammar/ast/ast_printer.hpp"

#include <cstdio>
#include <string_view>
#include <variant>
#include <vector>

#include "grammar/ast/ast_printer_expr.hpp"

namespace onb {

namespace {

using ast::ExprId;
using ast_printer::appendQuoted;
using ast_printer::Positions;

// ---- The located dump --------------------------------------------------------------------
class AstPrinter {
 public:
  AstPrinter(const ast::Module& module, const SourceFile& file) : module_(module), file_(file), positions_(file) {}

  std::string run() {
    out_ = "(module";
    for (const ast::Decl& decl : module_.decls) {
      line(1);
      std::visit([this](const auto& d) { print(d); }, decl);
    }
    if (!module_.comments.empty()) {
      line(1);
      out_ += "(comments";
      for (const ast::Comment& c : module_.comments) {
        line(2);
        open("comment", "", c.span);
        quoted(file_.text().substr(c.span.begin, c.span.end - c.span.begin));
        out_ += ')';
      }
      out_ += ')';
    }
    out_ += ")\n";
    return std::move(out_);
  }

 private:
  void line(int indent) {
    out_ += '\n';
    out_.append(static_cast<size_t>(indent) * 2, ' ');
  }
  void at(Span span) { positions_.append(out_, span.begin); }
  void word(std::string_view w) {
    out_ += ' ';
    out_ += w;
  }
  void quoted(std::string_view text) {
    out_ += ' ';
    appendQuoted(out_, text);
  }
  // "(head [NAME] @l:c"
  void open(std::string_view head, std::string_view name, Span span) {
    out_ += '(';
    out_ += head;
    if (!name.empty()) word(name);
    out_ += ' ';
    at(span);
  }

  void expr(ExprId root) { ast_printer::appendExprDump(out_, module_, root, positions_); }

  // " (head EXPR)" when the expression is present.
  void optionalExpr(std::string_view head, ExprId id) {
    if (id == ast::kNoExpr) return;
    out_ += " (";
    out_ += head;
    out_ += ' ';
    expr(id);
    out_ += ')';
  }
  void duration(const ast::Duration& d) {
    out_ += ' ';
    if (d.outOfRange) out_ += "(out-of-range ";
    out_ += std::to_string(d.count);
    out_ += ast::unitText(d.unit);
    if (d.outOfRange) out_ += ')';
  }
  void pairs(const std::vector<ast::CapPair>& list) {
    for (const ast::CapPair& p : list) {
      out_ += " (per";
      word(p.countOutOfRange ? "(out-of-range " + std::to_string(p.count) + ")" : std::to_string(p.count));
      duration(p.window);
      out_ += ')';
    }
  }
  void clock(const ast::Clock& c) {
    char text[16];
    std::snprintf(text, sizeof text, " %02u:%02u", c.minutes / 60 % 100, c.minutes % 60);
    out_ += text;
  }
  void fields(const std::vector<ast::Field>& list) {
    for (const ast::Field& f : list) {
      line(2);
      open("field", f.name.text, f.span);
      out_ += ' ';
      if (f.type.base == ast::BaseType::Enum) {
        out_ += "(enum";
        for (const ast::Ident& member : f.type.enumMembers) word(member.text);
        out_ += ')';
      } else {
        out_ += ast::baseTypeName(f.type.base);
      }
      if (f.type.optional) out_ += '?';
      optionalExpr("default", f.defaultValue);
      for (const ast::Ident& a : f.annotations) {
        out_ += " @";
        out_ += a.text;
      }
      out_ += ')';
    }
  }

  // ---- Declarations
  void print(const ast::ImportDecl& d) {
    open("import", "", d.span);
    quoted(module_.string(d.path));
    out_ += ')';
  }
  void print(const ast::UserDecl& d) {
    open("user", "", d.span);
    fields(d.fields);
    out_ += ')';
  }
  void print(const ast::EventDecl& d) {
    open("event", d.name.text, d.span);
    if (d.hasWireName) {
      out_ += " (wire";
      quoted(module_.string(d.wireName));
      out_ += ')';
    }
    fields(d.properties);
    out_ += ')';
  }
  void print(const ast::ChannelDecl& d) {
    open("channel", d.name.text, d.span);
    optionalExpr("requires", d.requirement);
    out_ += ')';
  }
  void print(const ast::QueueDecl& d) {
    open("queue", d.name.text, d.span);
    out_ += ')';
  }
  void print(const ast::CapDecl& d) {
    open("cap", "", d.span);
    if (!d.channels.empty()) {
      out_ += " (on";
      for (const ast::Ident& c : d.channels) word(c.text);
      out_ += ')';
    }
    pairs(d.pairs);
    out_ += ')';
  }
  void print(const ast::Journey& d) {
    open("journey", d.name.text, d.span);
    for (const ast::JourneyItem& item : d.items) {
      line(2);
      std::visit([this](const auto& i) { print(i); }, item);
    }
    out_ += ')';
  }

  // ---- Journey items
  void print(const ast::EnterItem& i) {
    open("enter", "", i.span);
    word(i.event.text);
    optionalExpr("where", i.where);
    optionalExpr("if", i.condition);
    out_ += ')';
  }
  void print(const ast::GoalItem& i) {
    open("goal", "", i.span);
    word(i.event.text);
    out_ += " (within";
    duration(i.within);
    out_ += ')';
    optionalExpr("where", i.where);
    out_ += ')';
  }
  void print(const ast::ExitWhenItem& i) {
    open("exit-when", "", i.span);
    word(i.event.text);
    optionalExpr("where", i.where);
    optionalExpr("if", i.condition);
    out_ += ')';
  }
  void print(const ast::ExitAfterItem& i) {
    open("exit-after", "", i.span);
    duration(i.after);
    out_ += ')';
  }
  void print(const ast::HoldoutItem& i) {
    open("holdout", "", i.span);
    out_ += " (hundredths " + std::to_string(i.percent.hundredths) + ")";
    if (!i.percent.exact) word("inexact");
    if (i.percent.outOfRange) word("out-of-range");
    out_ += ')';
  }
  void print(const ast::QuietItem& i) {
    open("quiet", "", i.span);
    clock(i.start);
    clock(i.end);
    out_ += ')';
  }
  void print(const ast::RetentionItem& i) {
    open("retention", "", i.span);
    word(i.event.text);
    out_ += ')';
  }
  void print(const ast::Rule& r) {
    open("rule", r.name.text, r.span);
    for (const ast::RuleClause& clause : r.clauses) {
      line(3);
      std::visit([this](const auto& c) { print(c); }, clause);
    }
    out_ += ')';
  }

  // ---- Rule clauses
  void print(const ast::WhenClause& c) {
    open("when", "", c.span);
    for (const ast::Ident& e : c.events) word(e.text);
    optionalExpr("where", c.where);
    out_ += ')';
  }
  void print(const ast::AfterClause& c) {
    open("after", "", c.span);
    duration(c.delay);
    out_ += " (since";
    switch (c.anchor) {
      case ast::AnchorKind::Enter:
        word("enter");
        break;
      case ast::AnchorKind::First:
        if (c.explicitFirst) word("first");
        word(c.event.text);
        break;
      case ast::AnchorKind::Last:
        word("last");
        word(c.event.text);
        break;
      case ast::AnchorKind::LastAny:
        word("last any");
        break;
    }
    out_ += ')';
    optionalExpr("where", c.where);
    out_ += ')';
  }
  void print(const ast::IfClause& c) {
    open("if", "", c.span);
    out_ += ' ';
    expr(c.condition);
    out_ += ')';
  }
  void print(const ast::UnlessClause& c) {
    open("unless", "", c.span);
    out_ += ' ';
    expr(c.condition);
    out_ += ')';
  }
  void print(const ast::LimitClause& c) {
    open("limit", "", c.span);
    pairs(c.pairs);
    out_ += ')';
  }
  void print(const ast::OnceClause& c) {
    open("once", "", c.span);
    out_ += ')';
  }
  void print(const ast::ActionClause& c) {
    switch (c.kind) {
      case ast::ActionKind::Send:
        open("send", c.destination.text, c.span);
        break;
      case ast::ActionKind::Handoff:
        open("handoff", c.destination.text, c.span);
        break;
      case ast::ActionKind::Emit:
        open("emit", "", c.span);
        break;
    }
    if (c.kind != ast::ActionKind::Handoff) quoted(module_.string(c.text));
    if (c.hasWith) {
      out_ += " (with";
      for (const ast::WithEntry& w : c.with) {
        out_ += " (";
        if (w.quotedKey)
          appendQuoted(out_, module_.string(w.keyString));
        else
          out_ += w.key.text;
        out_ += ' ';
        expr(w.value);
        out_ += ')';
      }
      out_ += ')';
    }
    out_ += ')';
  }

  const ast::Module& module_;
  const SourceFile& file_;
  Positions positions_;
  std::string out_;
};

}  // namespace

std::string printAst(const ast::Module& module, const SourceFile& file) { return AstPrinter(module, file).run(); }

}  // namespace onb
