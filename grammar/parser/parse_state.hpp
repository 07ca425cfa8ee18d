// The state the PEG actions build the module in (private to grammar/parser). Actions are
// thin: each calls one method here with the position of the text it matched. Expressions
// are built bottom-up on an operand stack (operators fold their operands when they
// complete, so long chains need no recursion); declarations, journey items and rule
// clauses are assembled in the builder fields below and moved into the module when their
// rule completes.
//
// Methods are defined in parse_state.cpp (text, spans, diagnostics), expr_builder.cpp,
// decl_builder.cpp and journey_builder.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast/ast.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/parser/parse.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::parser {

// A syntax error that ends the current declaration or journey item. Thrown by the rules,
// caught by the nearest recovery point (recovery.hpp), which reports it and skips ahead.
struct SyntaxError {
  DiagKind kind;
  Span span;
  std::string message;
};

// Thrown when ParseOptions::maxErrors diagnostics have been reported: parsing stops.
struct StopParsing {};

// A call whose arguments are being parsed: its name and the operand stack height before them.
struct PendingCall {
  ast::Ident name;
  uint32_t mark = 0;
};

// Counts of the clauses of the rule being parsed (GRAMMAR.md section 3), with the span of
// the first of each kind for the notes of RepeatedClause.
struct RuleCounts {
  Span trigger, action, limit;  // invalid until seen
};

class ParseState {
 public:
  ParseState(const SourceFile& file, ast::Module& module, DiagnosticSink& sink, const ParseOptions& options);

  // ---- Text and spans (parse_state.cpp) ----------------------------------------------
  const char* textBegin() const { return text_.data(); }
  const char* textEnd() const { return text_.data() + text_.size(); }
  uint32_t offset(const char* p) const { return static_cast<uint32_t>(p - text_.data()); }
  Span span(uint32_t begin, uint32_t end) const { return Span{module.file, begin, end}; }
  // The token that starts at `p`.
  Span tokenSpan(const char* p) const;
  std::string_view tokenText(const char* p) const;
  // [begin, end) without the whitespace and comments it ends with.
  Span rangeSpan(const char* begin, const char* end) const;
  // The start of the token after the one at `p` (past whitespace and comments).
  const char* nextToken(const char* p) const;
  // The identifier (or keyword used as a name) at `p`.
  ast::Ident identAt(const char* p) const;
  // Skips whitespace and comments from `p`, recording the comments; returns the next token.
  const char* skipTrivia(const char* p);
  void addComment(uint32_t begin, uint32_t end);

  // ---- Diagnostics (parse_state.cpp) -------------------------------------------------
  // Reports a diagnostic; throws StopParsing instead once maxErrors have been reported.
  Diagnostic& report(DiagKind kind, Span span, std::string message);
  void report(const SyntaxError& error) { report(error.kind, error.span, error.message); }
  // The error for "expected <what>" at `at`, where `what` may use the placeholders
  // {prev} (the previous token), {prev2} (the two previous tokens), {journey}, {rule} and
  // {call} (the names being parsed). When the token at `at` is itself malformed (an invalid
  // character, number, string, timestamp, or a misplaced percentage) that is the error.
  SyntaxError expected(const char* at, std::string_view what) const;
  // A complete message (same placeholders), not of the "expected" form.
  SyntaxError errorAt(DiagKind kind, const char* at, std::string_view message) const;
  // The lexical error of the token at `at`, when it is malformed; kind SyntaxExpected otherwise.
  SyntaxError lexicalError(const char* at) const;
  std::string expandPlaceholders(std::string_view text, const char* at) const;
  // Forgets every half-built expression and clause after an error; `topLevel` also
  // forgets the journey being built.
  void resetAfterError(bool topLevel);

  // ---- Expressions (expr_builder.cpp) ------------------------------------------------
  ast::ExprId addExpr(const ast::Expr& expr);
  ast::ExprId popOperand();
  void pushOperand(ast::ExprId id) { operands.push_back(id); }
  // INT, FLOAT or DURATION at `number`, negative when `minus` is not null.
  void pushNumber(const char* minus, const char* number);
  void pushString(const char* p);
  void pushTimestamp(const char* p);
  void pushBool(const char* p, bool value);
  void pushName(const char* p);
  void pushField(const char* begin, const char* end, bool user);  // user.F / event.F
  void pushParenName(const char* begin, const char* end);         // (E) -> Paren(Name)
  void pushEventRef(const char* begin, const char* end, bool filtered);
  void pushParen(const char* begin, const char* end);
  void foldBinary(ast::BinaryOp op);
  void foldWithin();
  void markOperands() { marks.push_back(static_cast<uint32_t>(operands.size())); }
  void foldCoalesce();  // right-folds the operands above the last mark
  void pushPrefix(const char* op) { prefixOps.push_back(offset(op)); }
  void markPrefixes() { prefixMarks.push_back(static_cast<uint32_t>(prefixOps.size())); }
  void foldPrefixes(ast::UnaryOp op);  // wraps the top operand in the prefixes above the mark
  void beginCall(const char* name);
  void finishCall(const char* begin, const char* end);
  void finishIn(const char* begin, const char* end);  // lhs below the mark, items above it
  // A decoded string literal outside expressions (paths, wire names, templates, keys).
  ast::StringLiteral stringAt(const char* p);
  // A DURATION token outside expressions.
  ast::Duration durationAt(const char* p) const;

  // ---- Declarations (decl_builder.cpp) -----------------------------------------------
  void typeBase(const char* p);
  void typeEnum(const char* p);
  void enumMember(const char* p);
  void typeOptional(const char* p);
  void finishType(const char* begin, const char* end);
  void fieldName(const char* p);
  void fieldDefault();
  void annotation(const char* p);
  void finishField(const char* begin, const char* end);
  void beginFields() { fields.clear(); }
  void finishUser(const char* begin, const char* end);
  void eventName(const char* p);
  void eventWireName(const char* p);
  void finishEvent(const char* begin, const char* end);
  void finishChannel(const char* begin, const char* end);
  void finishQueue(const char* begin, const char* end);
  void finishImport(const char* begin, const char* end);
  void beginCap();
  void capChannel(const char* p) { capChannels.push_back(identAt(p)); }
  void pairCount(const char* p);
  void pairWindow(const char* p);
  void finishCap(const char* begin, const char* end);

  // ---- Journeys and rules (journey_builder.cpp) --------------------------------------
  void beginJourney(const char* name);
  void finishJourney(const char* begin, const char* end);
  bool journeyOpen() const { return inJourney && !journeyAbandoned; }
  void itemEvent(const char* p) { itemEventName = identAt(p); }
  void itemDuration(const char* p) { itemDurationValue = durationAt(p); }
  void setWhere() { where = popOperand(); }
  void setCondition() { condition = popOperand(); }
  void finishEnter(const char* begin, const char* end);
  void finishGoal(const char* begin, const char* end);
  void finishExitWhen(const char* begin, const char* end);
  void finishExitAfter(const char* begin, const char* end);
  void finishHoldout(const char* begin, const char* end);
  void quietClock(const char* p, bool start);
  void finishQuiet(const char* begin, const char* end);
  void finishRetention(const char* begin, const char* end);
  void beginRule(const char* name);
  void finishRule(const char* begin, const char* end);
  void whenEvent(const char* p) { whenEvents.push_back(identAt(p)); }
  void finishWhen(const char* begin, const char* end);
  void anchor(const char* begin, const char* end);
  void finishAfter(const char* begin, const char* end);
  void finishIf(const char* begin, const char* end, bool unless);
  void finishLimit(const char* begin, const char* end);
  void finishOnce(const char* begin, const char* end);
  void beginAction();
  void actionDestination(const char* p) { action.destination = identAt(p); }
  void actionText(const char* p) { action.text = stringAt(p); }
  void withKey(const char* p, bool quoted);
  void finishWithEntry();
  void finishWith(const char* begin, const char* end);
  void finishAction(const char* begin, const char* end, ast::ActionKind kind);

  // ---- Data ------------------------------------------------------------------------
  ast::Module& module;
  DiagnosticSink& sink;
  const ParseOptions& options;
  uint32_t errorCount = 0;
  uint32_t itemStart = 0;  // offset of the declaration or journey item being parsed

  // Expressions.
  std::vector<ast::ExprId> operands;
  std::vector<uint32_t> marks;
  std::vector<uint32_t> prefixOps;  // offsets of pending `not` / `-`
  std::vector<uint32_t> prefixMarks;
  std::vector<PendingCall> calls;
  uint32_t nesting = 0;

  // Declarations.
  ast::TypeRef type;
  ast::Field field;
  std::vector<ast::Field> fields;
  ast::EventDecl event;
  std::vector<ast::Ident> capChannels;
  std::vector<ast::CapPair> pairs;
  ast::CapPair pair;

  // Journeys and rules.
  bool inJourney = false;
  bool journeyAbandoned = false;  // recovery left the journey's braces (see recovery.cpp)
  bool journeyHadErrors = false;  // an item was dropped: no MissingClause for the journey
  ast::Journey journey;
  ast::Ident itemEventName;
  ast::Duration itemDurationValue;
  ast::ExprId where = ast::kNoExpr;
  ast::ExprId condition = ast::kNoExpr;
  ast::Clock quietStart, quietEnd;
  ast::Rule rule;
  RuleCounts counts;
  std::vector<ast::Ident> whenEvents;
  ast::AfterClause after;
  ast::ActionClause action;
  ast::WithEntry withEntry;

 private:
  const SourceFile& file_;
  std::string_view text_;
  uint32_t lastCommentBegin_ = 0;
  bool anyComment_ = false;
};

}  // namespace onb::parser
