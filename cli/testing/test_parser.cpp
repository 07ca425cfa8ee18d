#include "cli/testing/test_parser.hpp"

#include <initializer_list>
#include <string_view>

#include <fmt/format.h>

#include "cli/testing/test_lexer.hpp"

namespace onb::journeytest {

namespace {

// Words that start a clause of a pattern: they end the head's optional names.
bool isClauseWord(std::string_view w) {
  return w == "at" || w == "until" || w == "rule" || w == "in" || w == "for" || w == "with";
}

bool isSuppressReason(std::string_view w) { return w == "holdout" || w == "consent" || w == "limit" || w == "cap"; }
bool isExitReason(std::string_view w) { return w == "goal" || w == "exit" || w == "expired"; }

class Parser {
 public:
  Parser(const SourceFile& file, TestDiagnostics& diagnostics)
      : diagnostics_(diagnostics), tokens_(lexTestFile(file, diagnostics)) {
    result_.file = file.id();
  }

  TestFile run() {
    while (!at(Tok::End)) {
      if (eat(Tok::Newline)) continue;
      if (!topLevel()) recover();
    }
    return std::move(result_);
  }

 private:
  // ---- Tokens ----------------------------------------------------------------------------
  const Token& peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  bool at(Tok kind) const { return peek().kind == kind; }
  bool atWord(std::string_view word) const { return at(Tok::Ident) && peek().text == word; }
  const Token& take() {
    const Token& t = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool eat(Tok kind) {
    if (!at(kind)) return false;
    take();
    return true;
  }
  bool eatWord(std::string_view word) {
    if (!atWord(word)) return false;
    take();
    return true;
  }
  // At the end of a statement: a newline, the end of the file, or the `}` closing a block.
  bool atStatementEnd() const { return at(Tok::Newline) || at(Tok::End) || at(Tok::RBrace); }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::End: return "the end of the file";
      case Tok::Newline: return "the end of the line";
      case Tok::Ident: return fmt::format("`{}`", t.text);
      case Tok::String: return "a string";
      case Tok::Int:
      case Tok::Float: return "a number";
      case Tok::Duration: return "a duration";
      case Tok::RelTime:
      case Tok::AbsTime: return "a time";
      case Tok::LBrace: return "`{`";
      case Tok::RBrace: return "`}`";
      case Tok::Colon: return "`:`";
      case Tok::Comma: return "`,`";
      case Tok::Dot: return "`.`";
      case Tok::Minus: return "`-`";
      case Tok::Bad: return "an invalid token";
    }
    return "?";
  }

  // Reports "expected WHAT, found ..." at the current token; always false. A Bad token was
  // already reported by the lexer.
  bool expected(std::string_view what) {
    if (!at(Tok::Bad)) diagnostics_.error(peek().span, fmt::format("expected {}, found {}", what, describe(peek())));
    return false;
  }
  bool error(Span span, std::string message) {
    diagnostics_.error(span, std::move(message));
    return false;
  }

  // Skips the rest of a bad statement: to the end of its line, stepping over `{ }` maps
  // that span lines, and stopping before a `}` that closes an enclosing block.
  void recover() {
    int depth = 0;
    while (!at(Tok::End)) {
      if (at(Tok::Newline) && depth <= 0) return;
      if (at(Tok::RBrace) && depth <= 0) {
        if (blockDepth_ > 0) return;
        take();  // a stray `}` at top level
        continue;
      }
      if (at(Tok::LBrace)) ++depth;
      if (at(Tok::RBrace)) --depth;
      take();
    }
  }

  bool endStatement() {
    if (atStatementEnd()) return true;
    return expected("the end of the line");
  }

  // ---- Top level --------------------------------------------------------------------------
  bool topLevel() {
    if (atWord("import")) {
      const Token& kw = take();
      if (!at(Tok::String)) return expected("the path of an .onb file, as a string");
      const Token& path = take();
      result_.imports.push_back(Import{path.text, Span::cover(kw.span, path.span)});
      return endStatement();
    }
    if (atWord("start")) {
      const Token& kw = take();
      if (result_.start) return error(kw.span, "the file's start time is already given");
      TimeRef t;
      if (!absoluteTime(t)) return false;
      result_.start = t;
      return endStatement();
    }
    if (atWord("test")) return test();
    return expected("`import`, `start` or `test`");
  }

  bool test() {
    const Token& kw = take();
    if (!at(Tok::String)) return expected("the test's name, as a string");
    const Token& name = take();
    TestCase tc;
    tc.name = name.text;
    tc.span = Span::cover(kw.span, name.span);
    for (const TestCase& other : result_.tests)
      if (other.name == tc.name) return error(name.span, fmt::format("a test named \"{}\" is already declared in this file", tc.name));
    if (!eat(Tok::LBrace)) return expected("`{` after the test's name");
    ++blockDepth_;
    bool sawStep = false;
    while (!at(Tok::RBrace)) {
      if (at(Tok::End)) {
        --blockDepth_;
        return error(tc.span, "this test has no closing `}`");
      }
      if (eat(Tok::Newline)) continue;
      Statement s;
      if (statement(s)) {
        if (s.kind == StatementKind::Start && sawStep) {
          error(s.span, "`start` must come before the test's first step");
        } else {
          sawStep = sawStep || (s.kind != StatementKind::Start && s.kind != StatementKind::Expect &&
                                s.kind != StatementKind::ExpectNo && s.kind != StatementKind::ExpectExactly);
          tc.body.push_back(std::move(s));
        }
      } else {
        recover();
      }
    }
    take();  // }
    --blockDepth_;
    result_.tests.push_back(std::move(tc));
    return endStatement();
  }

  // ---- Statements -------------------------------------------------------------------------
  bool statement(Statement& s) {
    s.span = peek().span;
    if (eatWord("start")) {
      s.kind = StatementKind::Start;
      return absoluteTime(s.time) && endStatement();
    }
    if (eatWord("advance")) {
      if (eatWord("until")) {
        s.kind = StatementKind::AdvanceUntil;
        return time(s.time) && endStatement();
      }
      s.kind = StatementKind::Advance;
      if (!at(Tok::Duration) && !at(Tok::RelTime)) return expected("a duration (`advance +3d`) or `until` and a time");
      s.durationMs = take().value;
      return endStatement();
    }
    if (eatWord("expect")) return expectation(s);
    if (eatWord("at")) {
      TimeRef t;
      if (!time(t)) return false;
      s.at = t;
      s.span = peek().span;
      if (!atWord("user") && !atWord("identify") && !atWord("track"))
        return expected("`user`, `identify` or `track` after the time");
    }
    if (eatWord("user")) {
      s.kind = StatementKind::User;
      if (!userName(s.name)) return false;
      if (at(Tok::LBrace)) {
        s.hasMap = true;
        if (!map(s.map)) return false;
      }
      return endStatement();
    }
    if (eatWord("identify")) {
      s.kind = StatementKind::Identify;
      if (eatWord("for") && !userName(s.user)) return false;
      if (!at(Tok::LBrace)) return expected("`{` and the traits to set");
      s.hasMap = true;
      return map(s.map) && endStatement();
    }
    if (eatWord("track")) {
      s.kind = StatementKind::Track;
      if (!at(Tok::Ident) && !at(Tok::String)) return expected("the name of an event");
      const Token& e = take();
      s.name = Name{e.text, e.span};
      if (at(Tok::LBrace)) {
        s.hasMap = true;
        if (!map(s.map)) return false;
      }
      if (eatWord("for") && !userName(s.user)) return false;
      return endStatement();
    }
    return expected("a statement (`user`, `identify`, `track`, `at`, `advance` or `expect`)");
  }

  bool expectation(Statement& s) {
    if (eatWord("no")) {
      s.kind = StatementKind::ExpectNo;
      s.patterns.emplace_back();
      return pattern(s.patterns.back()) && endStatement();
    }
    if (eatWord("exactly")) {
      s.kind = StatementKind::ExpectExactly;
      if (eatWord("for") && !userName(s.user)) return false;
      if (!eat(Tok::LBrace)) return expected("`{` and one expected record per line");
      ++blockDepth_;
      bool ok = true;
      while (!eat(Tok::RBrace)) {
        if (at(Tok::End)) {
          --blockDepth_;
          return error(s.span, "this `expect exactly` block has no closing `}`");
        }
        if (eat(Tok::Newline)) continue;
        PatternAst p;
        if (pattern(p) && endStatement()) {
          if (p.user.present()) {
            ok = error(p.user.span, "a pattern inside `expect exactly` takes its user from the block (`expect exactly for NAME {`)");
          } else if (p.head == PatternHead::Skipped) {
            ok = error(p.span, "`skipped` records are not part of `expect exactly`; expect them on their own");
          } else {
            s.patterns.push_back(std::move(p));
          }
        } else {
          ok = false;
          recover();
        }
      }
      --blockDepth_;
      return ok && endStatement();
    }
    s.kind = StatementKind::Expect;
    s.patterns.emplace_back();
    return pattern(s.patterns.back()) && endStatement();
  }

  // ---- Patterns ---------------------------------------------------------------------------
  // An identifier that is not a clause word (the optional names after a head).
  bool atName() const { return at(Tok::Ident) && !isClauseWord(peek().text); }
  Name takeName() {
    const Token& t = take();
    return Name{t.text, t.span};
  }
  void optionalText(Name& out) {
    if (at(Tok::String)) out = takeName();
  }

  bool pattern(PatternAst& p) {
    if (!at(Tok::Ident)) return expected("an expected record (enter, send, handoff, emit, suppressed, deferred, goal, exit, error or skipped)");
    const Token& head = take();
    const std::string& h = head.text;
    p.span = head.span;
    if (h == "enter" || h == "goal") {
      p.head = h == "enter" ? PatternHead::Enter : PatternHead::Goal;
      if (atName() && !(p.head == PatternHead::Enter && peek().text == "holdout")) p.journey = takeName();
      if (p.head == PatternHead::Enter && eatWord("holdout")) p.holdout = true;
    } else if (h == "send") {
      p.head = PatternHead::Send;
      if (atName()) p.destination = takeName();
      optionalText(p.text);
    } else if (h == "handoff") {
      p.head = PatternHead::Handoff;
      if (atName()) p.destination = takeName();
    } else if (h == "emit") {
      p.head = PatternHead::Emit;
      optionalText(p.text);
    } else if (h == "suppressed") {
      p.head = PatternHead::Suppressed;
      if (atName() && isSuppressReason(peek().text)) p.reason = takeName();
      actionSpec(p, true);
    } else if (h == "deferred") {
      p.head = PatternHead::Deferred;
      actionSpec(p, false);
    } else if (h == "exit") {
      p.head = PatternHead::Exit;
      if (atName()) {
        Name first = takeName();
        if (atName()) {
          p.journey = first;
          p.reason = takeName();
          if (!isExitReason(p.reason.text)) return error(p.reason.span, "an exit reason is goal, exit or expired");
        } else if (isExitReason(first.text)) {
          p.reason = first;
        } else {
          p.journey = first;
        }
      }
    } else if (h == "error") {
      p.head = PatternHead::Error;
      optionalText(p.message);
    } else if (h == "skipped") {
      p.head = PatternHead::Skipped;
      if (atWord("if") || atWord("unless")) p.clause = takeName();
    } else {
      return error(head.span, fmt::format("`{}` is not a kind of record; expected enter, send, handoff, emit, suppressed, "
                                          "deferred, goal, exit, error or skipped", h));
    }
    if (!clauses(p)) return false;
    p.span = Span::cover(p.span, tokens_[pos_ > 0 ? pos_ - 1 : 0].span);
    return true;
  }

  // `suppressed [REASON] ACTION?` and `deferred ACTION?`: `send [CHANNEL] ["template"]`,
  // `handoff [QUEUE]`, `emit ["name"]`, or a bare channel or queue name (and a template).
  void actionSpec(PatternAst& p, bool anyAction) {
    if (atWord("send")) {
      take();
      p.action = PatternHead::Send;
    } else if (anyAction && atWord("handoff")) {
      take();
      p.action = PatternHead::Handoff;
      if (atName()) p.destination = takeName();
      return;
    } else if (anyAction && atWord("emit")) {
      take();
      p.action = PatternHead::Emit;
      optionalText(p.text);
      return;
    }
    if (atName()) p.destination = takeName();
    optionalText(p.text);
    if (!anyAction || p.text.present()) p.action = PatternHead::Send;
  }

  bool clauses(PatternAst& p) {
    while (at(Tok::Ident)) {
      const Token& kw = peek();
      const std::string word = kw.text;
      auto once = [&](bool already) { return already ? error(kw.span, fmt::format("`{}` is given twice", word)) : true; };
      if (word == "at") {
        if (!once(p.at.has_value())) return false;
        take();
        TimeRef t;
        if (!time(t)) return false;
        p.at = t;
      } else if (word == "until") {
        if (!once(p.until.has_value())) return false;
        if (p.head != PatternHead::Deferred) return error(kw.span, "`until` applies to `deferred` records");
        take();
        TimeRef t;
        if (!time(t)) return false;
        p.until = t;
      } else if (word == "rule") {
        if (!once(p.rule.present())) return false;
        if (p.head == PatternHead::Enter || p.head == PatternHead::Goal || p.head == PatternHead::Exit)
          return error(kw.span, "enter, goal and exit records belong to a journey, not a rule (write `in JOURNEY`)");
        take();
        if (!at(Tok::Ident)) return expected("a rule name (`rule welcome` or `rule activation.welcome`)");
        p.rule = takeName();
        if (eat(Tok::Dot)) {
          if (!at(Tok::Ident)) return expected("a rule name after the journey");
          p.ruleJourney = p.rule;
          p.rule = takeName();
        }
      } else if (word == "in") {
        take();
        if (!at(Tok::Ident)) return expected("a journey name");
        if (p.journey.present()) return error(kw.span, "the journey is already given");
        p.journey = takeName();
      } else if (word == "for") {
        if (!once(p.user.present())) return false;
        take();
        if (!userName(p.user)) return false;
      } else if (word == "with") {
        if (!once(p.hasWith)) return false;
        if (p.head != PatternHead::Send && p.head != PatternHead::Handoff && p.head != PatternHead::Emit)
          return error(kw.span, "`with` applies to send, handoff and emit records (the only ones with vars)");
        take();
        p.hasWith = true;
        if (!at(Tok::LBrace)) return expected("`{` and the expected vars");
        if (!map(p.with)) return false;
      } else {
        return expected("a clause (at, until, rule, in, for, with) or the end of the line");
      }
    }
    return true;
  }

  // ---- Pieces -----------------------------------------------------------------------------
  bool userName(Name& out) {
    if (!at(Tok::Ident) && !at(Tok::String)) return expected("a user id (a name or a string)");
    out = takeName();
    if (out.text.empty()) return error(out.span, "a user id cannot be empty");
    return true;
  }

  bool absoluteTime(TimeRef& t) {
    if (!at(Tok::AbsTime)) return expected("a time such as 2025-03-03T09:00:00Z");
    const Token& tok = take();
    t = TimeRef{false, tok.value, tok.span};
    return true;
  }

  bool time(TimeRef& t) {
    if (at(Tok::RelTime) || at(Tok::AbsTime)) {
      const Token& tok = take();
      t = TimeRef{tok.kind == Tok::RelTime, tok.value, tok.span};
      return true;
    }
    return expected("a time: +DUR from the test's start (+1d2h) or an ISO time (2025-03-03T09:00:00Z)");
  }

  void skipNewlines() {
    while (eat(Tok::Newline)) {
    }
  }

  // `{ key: value, ... }`: commas or newlines between entries, a trailing comma allowed.
  bool map(std::vector<MapEntry>& out) {
    take();  // {
    skipNewlines();
    while (!eat(Tok::RBrace)) {
      if (!at(Tok::Ident) && !at(Tok::String)) return expected("a key (a name or a string) or `}`");
      const Token& key = take();
      for (const MapEntry& e : out)
        if (e.key == key.text) return error(key.span, fmt::format("`{}` is given twice", key.text));
      if (!eat(Tok::Colon)) return expected("`:` after the key");
      MapEntry entry{key.text, key.span, {}};
      if (!literal(entry.value)) return false;
      out.push_back(std::move(entry));
      const bool separated = eat(Tok::Comma) | at(Tok::Newline);
      skipNewlines();
      if (!separated && !at(Tok::RBrace)) return expected("`,` or `}`");
    }
    return true;
  }

  bool literal(Literal& v) {
    const Token& t = peek();
    v.span = t.span;
    using K = Literal::Kind;
    if (t.kind == Tok::Minus) {
      take();
      if (!at(Tok::Int) && !at(Tok::Float)) return expected("a number after `-`");
      const Token& n = take();
      v.span = Span::cover(t.span, n.span);
      v.kind = n.kind == Tok::Int ? K::Int : K::Float;
      v.i = -n.value;
      v.f = -n.real;
      v.s = "-" + n.text;
      return true;
    }
    switch (t.kind) {
      case Tok::String: v.kind = K::String; v.s = t.text; break;
      case Tok::Int: v.kind = K::Int; v.i = t.value; v.s = t.text; break;
      case Tok::Float: v.kind = K::Float; v.f = t.real; v.s = t.text; break;
      case Tok::Duration: v.kind = K::Duration; v.i = t.value; break;
      case Tok::RelTime:
      case Tok::AbsTime: v.kind = K::Time; v.time = TimeRef{t.kind == Tok::RelTime, t.value, t.span}; break;
      case Tok::Ident:
        if (t.text == "true" || t.text == "false") {
          v.kind = K::Bool;
          v.b = t.text == "true";
        } else if (t.text == "null") {
          v.kind = K::Null;
        } else {
          return error(t.span, fmt::format("`{}` is not a value: strings are quoted (\"{}\")", t.text, t.text));
        }
        break;
      default: return expected("a value (a string, number, true, false, null, a duration or a time)");
    }
    take();
    return true;
  }

  TestDiagnostics& diagnostics_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int blockDepth_ = 0;  // open test and `expect exactly` blocks
  TestFile result_;
};

}  // namespace

TestFile parseTestFile(const SourceFile& file, TestDiagnostics& diagnostics) { return Parser(file, diagnostics).run(); }

}  // namespace onb::journeytest
