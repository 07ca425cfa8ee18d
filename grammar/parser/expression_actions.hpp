// Actions of the expression rules (expression_rules.hpp): push literals and names on the
// operand stack, fold operators over it.
#pragma once

#include "grammar/parser/action.hpp"
#include "grammar/parser/expression_rules.hpp"

namespace onb::parser {

namespace r = rules;

// ---- Literals and names -----------------------------------------------------------------
struct PushNumber {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.pushNumber(nullptr, in.begin());
  }
};
template <>
struct Action<r::IntLit> : PushNumber {};
template <>
struct Action<r::FloatLit> : PushNumber {};
template <>
struct Action<r::DurationLit> : PushNumber {};

// `-` NUMBER: the number token follows the `-` and its trivia.
struct PushNegativeNumber {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.pushNumber(in.begin(), st.nextToken(in.begin()));
  }
};
template <>
struct Action<r::NegativeNumber> : PushNegativeNumber {};
template <>
struct Action<r::NegativeLiteral> : PushNegativeNumber {};

template <>
struct Action<r::StringLit> : AtBegin<&ParseState::pushString> {};
template <>
struct Action<r::TimeLit> : AtBegin<&ParseState::pushTimestamp> {};
template <bool kValue>
struct PushBool {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.pushBool(in.begin(), kValue);
  }
};
template <>
struct Action<r::TrueLit> : PushBool<true> {};
template <>
struct Action<r::FalseLit> : PushBool<false> {};
template <>
struct Action<r::NameRef> : AtBegin<&ParseState::pushName> {};

// ---- Event references, parentheses, fields, calls ---------------------------------------
template <>
struct Action<r::WithinTail> : Always<&ParseState::foldWithin> {};
template <bool kFiltered>
struct PushEventRef {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.pushEventRef(in.begin(), in.end(), kFiltered);
  }
};
template <>
struct Action<r::EventRefWhere> : PushEventRef<true> {};
template <>
struct Action<r::EventRefParen> : PushEventRef<false> {};
template <>
struct Action<r::ParenName> : OverRange<&ParseState::pushParenName> {};
template <>
struct Action<r::ParenExpr> : OverRange<&ParseState::pushParen> {};

template <bool kUser>
struct PushField {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.pushField(in.begin(), in.end(), kUser);
  }
};
template <>
struct Action<r::UserField> : PushField<true> {};
template <>
struct Action<r::EventField> : PushField<false> {};

template <typename Name>
struct Action<r::CallName<Name>> : AtBegin<&ParseState::beginCall> {};
template <>
struct Action<r::HistoryCall> : OverRange<&ParseState::finishCall> {};
template <>
struct Action<r::FunctionCall> : OverRange<&ParseState::finishCall> {};

// ---- Operators --------------------------------------------------------------------------
template <ast::UnaryOp kOp>
struct FoldPrefixes {
  static void apply0(ParseState& st) { st.foldPrefixes(kOp); }
};
template <>
struct Action<r::NegationMark> : Always<&ParseState::markPrefixes> {};
template <>
struct Action<r::NegationOp> : AtBegin<&ParseState::pushPrefix> {};
template <>
struct Action<r::Negation> : FoldPrefixes<ast::UnaryOp::Neg> {};
template <>
struct Action<r::NotMark> : Always<&ParseState::markPrefixes> {};
template <>
struct Action<r::NotOp> : AtBegin<&ParseState::pushPrefix> {};
template <>
struct Action<r::NotChain> : FoldPrefixes<ast::UnaryOp::Not> {};

template <ast::BinaryOp Kind, typename Op, typename Operand>
struct Action<r::BinaryTail<Kind, Op, Operand>> {
  static void apply0(ParseState& st) { st.foldBinary(Kind); }
};
template <>
struct Action<r::CoalesceMark> : Always<&ParseState::markOperands> {};
template <>
struct Action<r::Coalesce> : Always<&ParseState::foldCoalesce> {};
template <>
struct Action<r::InMark> : Always<&ParseState::markOperands> {};
template <>
struct Action<r::InList> : OverRange<&ParseState::finishIn> {};

}  // namespace onb::parser
