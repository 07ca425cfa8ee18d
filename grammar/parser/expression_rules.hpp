// The expression grammar of GRAMMAR.md section 4, with the disambiguations of section 6.
//
// Every level is a loop (star<>) whose actions fold the operands on the operand stack, so
// chains of any length (`a + a + ...`, `x ?? y ?? ...`, `not not ...`, `- - ...`) use no
// recursion; only parentheses and calls recurse, and Nested<> bounds their depth.
// Alternatives that share a prefix are chosen by lookahead (at<>) before anything is
// consumed, so no action ever runs for text that is later given back.
#pragma once

#include "grammar/parser/lexical_rules.hpp"

namespace onb::parser::rules {

using pegtl::at;
using pegtl::not_at;
using pegtl::opt;
using pegtl::plus;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::success;

struct Expr;
struct Unary;
struct Coalesce;

// ---- Literals ---------------------------------------------------------------------------
struct IntLit : seq<RawToken<TokenKind::Int>, Ws> {};
struct FloatLit : seq<RawToken<TokenKind::Float>, Ws> {};
struct DurationLit : seq<RawToken<TokenKind::Duration>, Ws> {};
struct StringLit : seq<RawToken<TokenKind::String>, Ws> {};
struct TimeLit : seq<RawToken<TokenKind::Timestamp>, Ws> {};
struct TrueLit : seq<RawKeyword<"true">, Ws> {};
struct FalseLit : seq<RawKeyword<"false">, Ws> {};
struct RawNumber : sor<RawToken<TokenKind::Int>, RawToken<TokenKind::Float>, RawToken<TokenKind::Duration>> {};
// `-` then INT, FLOAT or DURATION: one negative literal (section 6, note 7).
struct NegativeNumber : seq<RawPunct<"-">, Ws, RawNumber, Ws> {};
// In a Literal (a default or an `in` item) only an INT or FLOAT may be negative.
struct NegativeLiteral
    : seq<RawPunct<"-">, Ws, Need<"a number after `-`", sor<RawToken<TokenKind::Int>, RawToken<TokenKind::Float>>>,
          Ws> {};
// Literal (GRAMMAR.md section 2): field defaults and `in` items.
struct NameRef;
struct Literal : sor<NegativeLiteral, IntLit, FloatLit, DurationLit, StringLit, TimeLit, TrueLit, FalseLit, NameRef> {};

// ---- Names and event references ---------------------------------------------------------
// A bare IDENT: `now`, `entered_at` or an event name.
struct NameRef : seq<RawIdent, Ws> {};
// `within D` after an event reference; D is a Unary (section 6, note 5).
struct WithinTail : seq<Kw<"within">, Need<"a duration such as `1d` after `within`", Unary>> {};
// `(E where X)`
struct EventRefWhere : seq<at<RawPunct<"(">, Ws, RawIdent, Ws, RawKeyword<"where">>,
                           Nested<P<"(">, IdentTok, Kw<"where">, Need<"a filter condition after `where`", Expr>,
                                  Need<"`)` to close `(E where ...)`", P<")">>>> {};
// `(E)` followed by `within`: an event reference.
struct EventRefParen : seq<at<RawPunct<"(">, Ws, RawIdent, Ws, RawPunct<")">, Ws, RawKeyword<"within">>,
                           Nested<P<"(">, IdentTok, P<")">>> {};
// `(E)` otherwise: the same as the bare name, kept as Paren(Name).
struct ParenName : seq<at<RawPunct<"(">, Ws, RawIdent, Ws, RawPunct<")">>, Nested<P<"(">, IdentTok, P<")">>> {};
// The forms an event may take in Primary and in the argument of a history function.
struct EventForms : sor<seq<EventRefWhere, opt<WithinTail>>, seq<EventRefParen, WithinTail>, ParenName,
                        seq<NameRef, opt<WithinTail>>> {};

// ---- Primary and postfix ----------------------------------------------------------------
struct ParenExpr
    : seq<at<RawPunct<"(">>,
          Nested<P<"(">, Need<"an expression after `(`", Expr>, Need<"`)` to close the parenthesis", P<")">>>> {};
struct Primary : sor<IntLit, FloatLit, DurationLit, StringLit, TimeLit, TrueLit, FalseLit, EventForms, ParenExpr> {};

// `user.F`, `event.F` (`user` and `event` are keywords, so nothing else can follow them).
struct UserField : seq<RawKeyword<"user">, Ws, Need<"`.` and a field name after `user`", P<".">>,
                       Need<"a field name after `user.`", RawFieldName>, Ws> {};
struct EventField : seq<RawKeyword<"event">, Ws, Need<"`.` and a field name after `event`", P<".">>,
                        Need<"a field name after `event.`", RawFieldName>, Ws> {};

// The function name of a call; its action opens the argument list.
template <typename Name>
struct CallName : seq<Name, Ws> {};
using HistoryFunction = sor<RawIdentIn<"count first_time last_time">, RawKeyword<"since">>;
// count, first_time, last_time and since take one HistArg (an event form).
struct HistoryCall
    : seq<at<HistoryFunction, Ws, RawPunct<"(">>,
          Nested<CallName<HistoryFunction>, P<"(">,
                 Need<"an event name, `(E)` or `(E where X)` as the argument of `{call}(...)`", EventForms>,
                 Reject<"a filter in a history function needs its own parentheses: write `count((E where X))`",
                        RawKeyword<"where">>,
                 Need<"`)` to close `{call}(...)` (its argument is one event, optionally with `within D`)", P<")">>>> {
};
// Any other function: `f(Expr, ...)`.
struct CallArgs : seq<Need<"an argument for `{call}(...)`", Expr>, star<P<",">, Need<"an argument after `,`", Expr>>> {
};
struct FunctionCall
    : seq<at<RawIdent, Ws, RawPunct<"(">>, Nested<CallName<RawIdent>, P<"(">, opt<not_at<RawPunct<")">>, CallArgs>,
                                                  Need<"`,` or `)` in the arguments of `{call}(...)`", P<")">>>> {};
struct Postfix : sor<UserField, EventField, HistoryCall, FunctionCall, Primary> {};

// ---- Unary minus ------------------------------------------------------------------------
// A `-` that does not start a negative literal.
struct NegationOp : seq<RawPunct<"-">, Ws, not_at<RawNumber>> {};
struct NegationMark : success {};
struct Negation : seq<at<RawPunct<"-">>, NegationMark, star<NegationOp>,
                      sor<NegativeNumber, Need<"an expression after `-`", Postfix>>> {};
struct Unary : sor<Negation, Postfix> {};

// ---- Binary operators -------------------------------------------------------------------
// `Op Operand` after a left operand; its action folds the two into Binary(Kind).
template <ast::BinaryOp Kind, typename Op, typename Operand>
struct BinaryTail : seq<Op, Need<"an expression after `{prev}`", Operand>> {};

struct Mul
    : seq<Unary, star<sor<BinaryTail<ast::BinaryOp::Mul, P<"*">, Unary>, BinaryTail<ast::BinaryOp::Div, P<"/">, Unary>,
                          BinaryTail<ast::BinaryOp::Mod, P<"%">, Unary>>>> {};
struct Add
    : seq<Mul, star<sor<BinaryTail<ast::BinaryOp::Add, P<"+">, Mul>, BinaryTail<ast::BinaryOp::Sub, P<"-">, Mul>>>> {};
// `a ?? b ?? c`: collected as a list and right-folded by the action of Coalesce.
struct CoalesceMark : success {};
struct Coalesce : seq<CoalesceMark, Add, star<P<"??">, Need<"an expression after `??`", Add>>> {};

// ---- Comparisons (non-associative) ------------------------------------------------------
struct InMark : success {};
struct ListItems : seq<Literal, star<P<",">, Literal>, opt<P<",">>> {};
struct InList : seq<Kw<"in">, Need<"`[` after `in`", P<"[">>, InMark, opt<ListItems>,
                    Need<"a literal or `]` to close the list after `in`", P<"]">>> {};
using CmpOperator =
    sor<RawPunct<"==">, RawPunct<"!=">, RawPunct<"<=">, RawPunct<">=">, RawPunct<"<">, RawPunct<">">, RawKeyword<"in">>;
// After one comparison another comparison operator is ChainedComparison (section 6, note 9).
struct NoChainedComparison {
  template <apply_mode, rewind_mode, template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    if (pegtl::match<at<CmpOperator>, apply_mode::nothing, rewind_mode::required, Action, Control>(in, st))
      throw st.errorAt(DiagKind::ChainedComparison, in.current(),
                       "comparisons do not chain: `a < b < c` is an error; write `a < b and b < c`, or add "
                       "parentheses");
    return true;
  }
};
struct Cmp
    : seq<Coalesce,
          opt<sor<BinaryTail<ast::BinaryOp::Eq, P<"==">, Coalesce>, BinaryTail<ast::BinaryOp::Ne, P<"!=">, Coalesce>,
                  BinaryTail<ast::BinaryOp::Le, P<"<=">, Coalesce>, BinaryTail<ast::BinaryOp::Ge, P<">=">, Coalesce>,
                  BinaryTail<ast::BinaryOp::Lt, P<"<">, Coalesce>, BinaryTail<ast::BinaryOp::Gt, P<">">, Coalesce>,
                  InList>,
              NoChainedComparison>> {};

// ---- Boolean operators ------------------------------------------------------------------
struct NotOp : seq<RawKeyword<"not">, Ws> {};
struct NotMark : success {};
struct NotChain : seq<at<RawKeyword<"not">>, NotMark, plus<NotOp>, Need<"an expression after `not`", Cmp>> {};
struct Not : sor<NotChain, Cmp> {};
struct And : seq<Not, star<BinaryTail<ast::BinaryOp::And, Kw<"and">, Not>>> {};
struct Or : seq<And, star<BinaryTail<ast::BinaryOp::Or, Kw<"or">, And>>> {};
struct Expr : Or {};

}  // namespace onb::parser::rules
