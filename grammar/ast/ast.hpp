// The abstract syntax tree of one .onb file, as the parser produces it: declarations in
// source order, with expressions in a flat pool indexed by ExprId. Names are string_views
// into the SourceFile's text (which the SourceManager keeps alive); decoded string literals
// live in Module::strings. Every node keeps its Span for diagnostics and the formatter.
//
// The tree is syntax only: names are not resolved and nothing is type-checked (that is
// compiler/check). Counts the grammar fixes (one trigger per rule, ...) are checked by
// the parser; repeated journey items are kept and reported by the checker.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "grammar/source/source_file.hpp"

namespace onb::ast {

using ExprId = uint32_t;
inline constexpr ExprId kNoExpr = UINT32_MAX;

enum class ExprKind : uint8_t {
#define EXPR_KIND(Kind) Kind,
#include "grammar/ast/expr_kinds.def"
#undef EXPR_KIND
};
std::string_view exprKindName(ExprKind kind);

enum class UnaryOp : uint8_t { Neg, Not };
enum class BinaryOp : uint8_t { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Coalesce, Add, Sub, Mul, Div, Mod };
std::string_view opText(UnaryOp op);   // "-", "not"
std::string_view opText(BinaryOp op);  // "or", "==", "??", ...

enum class DurationUnit : uint8_t { Ms, S, M, H, D, W };
std::string_view unitText(DurationUnit unit);  // "ms", "s", ...
int64_t unitMillis(DurationUnit unit);

// An identifier (or keyword used as a field name) and where it is.
struct Ident {
  std::string_view text;
  Span span;
};

struct Expr {
  ExprKind kind = ExprKind::Error;
  Span span;
  // Operators.
  UnaryOp unaryOp = UnaryOp::Neg;
  BinaryOp binaryOp = BinaryOp::Or;
  // Children (kNoExpr when absent).
  ExprId lhs = kNoExpr;
  ExprId rhs = kNoExpr;
  // Call arguments and `in` items: Module::exprLists[argsBegin .. argsBegin + argsCount).
  uint32_t argsBegin = 0;
  uint32_t argsCount = 0;
  // Name, EventRef event, UserField/EventField field, Call function.
  Ident name;
  // Literal payloads.
  uint64_t uintValue = 0;  // IntLit/DurationLit magnitude (saturated when out of range)
  bool negative = false;   // IntLit/FloatLit/DurationLit written with a leading '-'
  // IntLit: the magnitude does not fit its sign's int64 range (> 2^63-1, or > 2^63 when
  // negative); DurationLit: the same for count * unit in milliseconds; FloatLit: the
  // value overflows a double (floatValue is then infinite).
  bool outOfRange = false;
  DurationUnit unit = DurationUnit::Ms;
  int64_t intValue = 0;    // TimeLit epoch milliseconds
  double floatValue = 0;   // FloatLit (sign applied)
  bool boolValue = false;  // BoolLit
  uint32_t stringIndex = 0;  // StringLit: Module::strings[stringIndex]
};

// A duration token in a non-expression position (`within 7d`, `per 1d`, `after 1d`).
struct Duration {
  uint64_t count = 0;
  DurationUnit unit = DurationUnit::Ms;
  bool outOfRange = false;  // count * unit does not fit in int64 milliseconds
  int64_t millis = 0;       // count * unit, when in range
  Span span;
};

// `10%`, `2.55%`: the value in hundredths of a percent, computed exactly from the decimal
// text (2.55% -> 255) and rounded up; `exact` is false when that rounding changed it
// (a nonzero digit past the second decimal: 2.555% -> 256, inexact; 2.550% is exact).
struct Percent {
  uint64_t hundredths = 0;
  bool exact = true;
  bool outOfRange = false;  // more than 100%
  Span span;
};

struct Clock {
  uint32_t minutes = 0;  // minutes since midnight, 0..1439
  Span span;
};

struct StringLiteral {
  uint32_t index = 0;  // Module::strings
  Span span;
};

enum class BaseType : uint8_t { Bool, Int, Float, String, Time, Duration, Enum };
std::string_view baseTypeName(BaseType type);

struct TypeRef {
  BaseType base = BaseType::Bool;
  bool optional = false;
  std::vector<Ident> enumMembers;  // for Enum
  Span span;
};

// A `user` trait or an `event` property.
struct Field {
  Ident name;
  TypeRef type;
  ExprId defaultValue = kNoExpr;     // trait default: a literal expression (IntLit, FloatLit,
                                     // StringLit, BoolLit, DurationLit, TimeLit, Name for a
                                     // bare enum member)
  std::vector<Ident> annotations;    // "@sensitive" -> text "sensitive"; span covers '@'
  Span span;
};

// ---- Declarations ---------------------------------------------------------------------

struct ImportDecl {
  StringLiteral path;
  Span span;
};

struct UserDecl {
  std::vector<Field> fields;
  Span span;
};

struct EventDecl {
  Ident name;
  bool hasWireName = false;
  StringLiteral wireName;
  std::vector<Field> properties;
  Span span;
};

struct ChannelDecl {
  Ident name;
  ExprId requirement = kNoExpr;  // `requires EXPR`
  Span span;
};

struct QueueDecl {
  Ident name;
  Span span;
};

struct CapPair {
  uint64_t count = 0;
  bool countOutOfRange = false;
  Span countSpan;
  Duration window;
};

// `cap [on c1, c2] N per D, ...` at top level or inside a journey.
struct CapDecl {
  std::vector<Ident> channels;  // empty: every channel
  std::vector<CapPair> pairs;
  Span span;
};

// ---- Journeys -------------------------------------------------------------------------

struct EnterItem {
  Ident event;
  ExprId where = kNoExpr;
  ExprId condition = kNoExpr;  // `if`
  Span span;
};
struct GoalItem {
  Ident event;
  Duration within;
  ExprId where = kNoExpr;
  Span span;
};
struct ExitWhenItem {
  Ident event;
  ExprId where = kNoExpr;
  ExprId condition = kNoExpr;
  Span span;
};
struct ExitAfterItem {
  Duration after;
  Span span;
};
struct HoldoutItem {
  Percent percent;
  Span span;
};
struct QuietItem {
  Clock start, end;
  Span span;
};
struct RetentionItem {
  Ident event;
  Span span;
};

// ---- Rules ----------------------------------------------------------------------------

struct WhenClause {
  std::vector<Ident> events;  // `when a | b`
  ExprId where = kNoExpr;
  Span span;
};

enum class AnchorKind : uint8_t { Enter, First, Last, LastAny };
struct AfterClause {
  Duration delay;
  AnchorKind anchor = AnchorKind::Enter;
  bool explicitFirst = false;  // `first E` rather than bare `E` (for the formatter)
  Ident event;                 // First/Last
  Span anchorSpan;
  ExprId where = kNoExpr;
  Span span;
};
struct IfClause {
  ExprId condition = kNoExpr;
  Span span;
};
struct UnlessClause {
  ExprId condition = kNoExpr;
  Span span;
};
struct LimitClause {
  std::vector<CapPair> pairs;
  Span span;
};
struct OnceClause {
  Span span;
};

struct WithEntry {
  bool quotedKey = false;   // "first-name": ... (key text is then Module::strings[keyString])
  Ident key;                // FieldName key (span covers the key token either way; for a
                            // quoted key, text is the token as written, quotes included)
  uint32_t keyString = 0;
  ExprId value = kNoExpr;
};

enum class ActionKind : uint8_t { Send, Handoff, Emit };
struct ActionClause {
  ActionKind kind = ActionKind::Send;
  Ident destination;        // Send: channel; Handoff: queue
  StringLiteral text;       // Send: template; Emit: name
  bool hasWith = false;
  std::vector<WithEntry> with;
  Span withSpan;
  Span span;
};

using RuleClause = std::variant<WhenClause, AfterClause, IfClause, UnlessClause, LimitClause, OnceClause, ActionClause>;

// Every Rule in a Module has exactly one trigger (WhenClause or AfterClause), exactly one
// ActionClause and at most one LimitClause or OnceClause: the parser reports a repeated
// one (RepeatedClause) and leaves it out, and leaves out a rule without a trigger or an
// action (MissingClause).
struct Rule {
  Ident name;
  std::vector<RuleClause> clauses;  // source order
  Span span;
};

using JourneyItem = std::variant<EnterItem, GoalItem, ExitWhenItem, ExitAfterItem, HoldoutItem, QuietItem,
                                 RetentionItem, CapDecl, Rule>;

struct Journey {
  Ident name;
  std::vector<JourneyItem> items;  // source order
  Span span;
};

using Decl = std::variant<ImportDecl, UserDecl, EventDecl, ChannelDecl, QueueDecl, CapDecl, Journey>;

struct Comment {
  Span span;  // from '#' to the end of the line (excluding the newline)
};

// One parsed file.
struct Module {
  FileId file = kNoFile;
  std::vector<Decl> decls;         // source order
  std::vector<Expr> exprs;         // ExprId indexes this
  std::vector<ExprId> exprLists;   // call arguments and `in` items
  std::vector<std::string> strings;  // decoded string literals
  std::vector<Comment> comments;   // every comment, in source order
  bool hadSyntaxErrors = false;

  const Expr& expr(ExprId id) const { return exprs[id]; }
  std::string_view string(uint32_t index) const { return strings[index]; }
  std::string_view string(const StringLiteral& s) const { return strings[s.index]; }
  // Children of a Call or In.
  const ExprId* argsBegin(const Expr& e) const { return exprLists.data() + e.argsBegin; }
  const ExprId* argsEnd(const Expr& e) const { return exprLists.data() + e.argsBegin + e.argsCount; }
};

}  // namespace onb::ast
