// Actions of the declaration, journey and rule grammar (declaration_rules.hpp,
// journey_rules.hpp): fill the ParseState builders and move finished nodes into the module.
#pragma once

#include "grammar/parser/action.hpp"
#include "grammar/parser/journey_rules.hpp"

namespace onb::parser {

namespace r = rules;

// ---- Types and fields -------------------------------------------------------------------
template <>
struct Action<r::TypeBase> : AtBegin<&ParseState::typeBase> {};
template <>
struct Action<r::EnumKeyword> : AtBegin<&ParseState::typeEnum> {};
template <>
struct Action<r::EnumMember> : AtBegin<&ParseState::enumMember> {};
template <>
struct Action<r::TypeOptional> : AtBegin<&ParseState::typeOptional> {};
template <>
struct Action<r::Type> : OverRange<&ParseState::finishType> {};
template <>
struct Action<r::FieldName> : AtBegin<&ParseState::fieldName> {};
template <>
struct Action<r::FieldDefault> : Always<&ParseState::fieldDefault> {};
template <>
struct Action<r::Annotation> : AtBegin<&ParseState::annotation> {};
template <>
struct Action<r::Trait> : OverRange<&ParseState::finishField> {};
template <>
struct Action<r::Property> : OverRange<&ParseState::finishField> {};

// ---- Declarations -----------------------------------------------------------------------
template <>
struct Action<r::FieldsBegin> : Always<&ParseState::beginFields> {};
template <>
struct Action<r::UserDecl> : OverRange<&ParseState::finishUser> {};
template <>
struct Action<r::EventName> : AtBegin<&ParseState::eventName> {};
template <>
struct Action<r::WireName> : AtBegin<&ParseState::eventWireName> {};
template <>
struct Action<r::EventDecl> : OverRange<&ParseState::finishEvent> {};
template <>
struct Action<r::ChannelDecl> : OverRange<&ParseState::finishChannel> {};
template <>
struct Action<r::QueueDecl> : OverRange<&ParseState::finishQueue> {};
template <>
struct Action<r::ImportDecl> : OverRange<&ParseState::finishImport> {};
template <>
struct Action<r::PairsBegin> : Always<&ParseState::beginCap> {};
template <>
struct Action<r::CapChannel> : AtBegin<&ParseState::capChannel> {};
template <>
struct Action<r::PairCount> : AtBegin<&ParseState::pairCount> {};
template <>
struct Action<r::PairWindow> : AtBegin<&ParseState::pairWindow> {};
template <>
struct Action<r::CapDecl> : OverRange<&ParseState::finishCap> {};

// ---- Journeys and their items -----------------------------------------------------------
template <>
struct Action<r::JourneyName> : AtBegin<&ParseState::beginJourney> {};
template <>
struct Action<r::JourneyDecl> : OverRange<&ParseState::finishJourney> {};
template <>
struct Action<r::ItemEvent> : AtBegin<&ParseState::itemEvent> {};
template <>
struct Action<r::ItemDuration> : AtBegin<&ParseState::itemDuration> {};
template <>
struct Action<r::WherePart> : Always<&ParseState::setWhere> {};
template <>
struct Action<r::IfPart> : Always<&ParseState::setCondition> {};
template <>
struct Action<r::EnterItem> : OverRange<&ParseState::finishEnter> {};
template <>
struct Action<r::GoalItem> : OverRange<&ParseState::finishGoal> {};
template <>
struct Action<r::ExitWhenItem> : OverRange<&ParseState::finishExitWhen> {};
template <>
struct Action<r::ExitAfterItem> : OverRange<&ParseState::finishExitAfter> {};
template <>
struct Action<r::HoldoutItem> : OverRange<&ParseState::finishHoldout> {};
template <bool kStart>
struct QuietClock {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.quietClock(in.begin(), kStart);
  }
};
template <>
struct Action<r::QuietStart> : QuietClock<true> {};
template <>
struct Action<r::QuietEnd> : QuietClock<false> {};
template <>
struct Action<r::QuietItem> : OverRange<&ParseState::finishQuiet> {};
template <>
struct Action<r::RetentionItem> : OverRange<&ParseState::finishRetention> {};

// ---- Rules and clauses ------------------------------------------------------------------
template <>
struct Action<r::RuleName> : AtBegin<&ParseState::beginRule> {};
template <>
struct Action<r::RuleDecl> : OverRange<&ParseState::finishRule> {};
template <>
struct Action<r::WhenEvent> : AtBegin<&ParseState::whenEvent> {};
template <>
struct Action<r::WhenClause> : OverRange<&ParseState::finishWhen> {};
template <>
struct Action<r::Anchor> : OverRange<&ParseState::anchor> {};
template <>
struct Action<r::AfterClause> : OverRange<&ParseState::finishAfter> {};
template <bool kUnless>
struct FinishCondition {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.finishIf(in.begin(), in.end(), kUnless);
  }
};
template <>
struct Action<r::IfClause> : FinishCondition<false> {};
template <>
struct Action<r::UnlessClause> : FinishCondition<true> {};
template <>
struct Action<r::LimitClause> : OverRange<&ParseState::finishLimit> {};
template <>
struct Action<r::OnceClause> : OverRange<&ParseState::finishOnce> {};

// ---- Actions ----------------------------------------------------------------------------
template <>
struct Action<r::ActionBegin> : Always<&ParseState::beginAction> {};
template <>
struct Action<r::ActionDestination> : AtBegin<&ParseState::actionDestination> {};
template <>
struct Action<r::ActionText> : AtBegin<&ParseState::actionText> {};
template <bool kQuoted>
struct WithKey {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.withKey(in.begin(), kQuoted);
  }
};
template <>
struct Action<r::WithKeyName> : WithKey<false> {};
template <>
struct Action<r::WithKeyString> : WithKey<true> {};
template <>
struct Action<r::WithEntry> : Always<&ParseState::finishWithEntry> {};
template <>
struct Action<r::WithBlock> : OverRange<&ParseState::finishWith> {};
template <ast::ActionKind kKind>
struct FinishAction {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.finishAction(in.begin(), in.end(), kKind);
  }
};
template <>
struct Action<r::SendAction> : FinishAction<ast::ActionKind::Send> {};
template <>
struct Action<r::HandoffAction> : FinishAction<ast::ActionKind::Handoff> {};
template <>
struct Action<r::EmitAction> : FinishAction<ast::ActionKind::Emit> {};

}  // namespace onb::parser
