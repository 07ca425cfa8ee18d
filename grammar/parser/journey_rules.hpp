// Journeys, their items, rules and clauses (GRAMMAR.md section 3), and the whole program.
// Every item and clause starts with a keyword, so an expression simply ends at the first
// token that cannot continue it (section 6, note 10).
#pragma once

#include "grammar/parser/declaration_rules.hpp"
#include "grammar/parser/recovery.hpp"

namespace onb::parser::rules {

struct ItemEvent : seq<RawIdent, Ws> {};
struct ItemDuration : seq<RawToken<TokenKind::Duration>, Ws> {};
struct WherePart : seq<Kw<"where">, Need<"a condition after `where`", Expr>> {};
struct IfPart : seq<Kw<"if">, Need<"a condition after `if`", Expr>> {};

// ---- Journey items ----------------------------------------------------------------------
struct EnterItem : seq<RawKeyword<"enter">, Ws, Need<"`when` after `enter`", Kw<"when">>,
                       Need<"an event name after `enter when`", ItemEvent>, opt<WherePart>, opt<IfPart>> {};
// The window comes first (section 6, note 6).
struct GoalItem
    : seq<RawKeyword<"goal">, Ws, Need<"an event name after `goal`", ItemEvent>,
          Reject<"the goal window comes before its filter: write `goal E within 7d where X`", RawKeyword<"where">>,
          Need<"`within` and a duration after `{prev2}`", Kw<"within">>,
          Need<"a duration such as `7d` after `within`", ItemDuration>, opt<WherePart>> {};
struct ExitWhenItem : seq<RawKeyword<"exit">, Ws, Kw<"when">, Need<"an event name after `exit when`", ItemEvent>,
                          opt<WherePart>, opt<IfPart>> {};
struct ExitAfterItem
    : seq<RawKeyword<"exit">, Ws, Kw<"after">, Need<"a duration such as `30d` after `exit after`", ItemDuration>> {};
struct ExitItem
    : sor<ExitWhenItem, ExitAfterItem, seq<RawKeyword<"exit">, Ws, Fail<"`when` or `after` after `exit`">>> {};
struct HoldoutItem : seq<RawKeyword<"holdout">, Ws,
                         Need<"a percentage such as `10%` after `holdout`", RawToken<TokenKind::Percent>, Ws>> {};
struct QuietStart : seq<RawToken<TokenKind::Clock>, Ws> {};
struct QuietEnd : seq<RawToken<TokenKind::Clock>, Ws> {};
struct QuietItem
    : seq<RawKeyword<"quiet">, Ws, Need<"a clock time such as `21:00` after `quiet`", QuietStart>,
          Need<"`..` after `{prev2}`", P<"..">>, Need<"a clock time such as `08:00` after `..`", QuietEnd>> {};
struct RetentionItem : seq<RawKeyword<"retention">, Ws, Need<"an event name after `retention`", ItemEvent>> {};

// ---- Rule clauses -----------------------------------------------------------------------
struct WhenEvent : seq<RawIdent, Ws> {};
struct WhenClause : seq<RawKeyword<"when">, Ws, Need<"an event name after `when`", WhenEvent>,
                        star<P<"|">, Need<"an event name after `|`", WhenEvent>>, opt<WherePart>> {};
struct Anchor
    : sor<seq<RawKeyword<"enter">, Ws>, seq<RawKeyword<"first">, Ws, Need<"an event name after `first`", IdentTok>>,
          seq<RawKeyword<"last">, Ws, sor<Kw<"any">, IdentTok, Fail<"an event name or `any` after `last`">>>,
          IdentTok> {};
struct AfterClause
    : seq<RawKeyword<"after">, Ws, Need<"a duration such as `1d` after `after`", ItemDuration>,
          Need<"`since` after `{prev2}`", Kw<"since">>,
          Need<"an anchor after `since` (`enter`, an event name, `first EVENT`, `last EVENT` or `last any`)", Anchor>,
          opt<WherePart>> {};
struct IfClause : seq<RawKeyword<"if">, Ws, Need<"a condition after `if`", Expr>> {};
struct UnlessClause : seq<RawKeyword<"unless">, Ws, Need<"a condition after `unless`", Expr>> {};
struct LimitClause : seq<RawKeyword<"limit">, Ws, PairsBegin, Need<"a count such as `1 per 7d` after `limit`", Pairs>> {
};
struct OnceClause : seq<RawKeyword<"once">, Ws> {};

// ---- Actions ----------------------------------------------------------------------------
struct ActionBegin : success {};
struct ActionDestination : seq<RawIdent, Ws> {};
struct ActionText : seq<RawToken<TokenKind::String>, Ws> {};
struct WithKeyName : seq<RawFieldName, Ws> {};
struct WithKeyString : seq<RawToken<TokenKind::String>, Ws> {};
struct WithEntry : seq<sor<WithKeyString, WithKeyName>, Need<"`:` after the key `{prev}`", P<":">>,
                       Need<"a value after `{prev2}`", Expr>> {};
struct WithBlock : seq<RawKeyword<"with">, Ws, Need<"`{` after `with`", P<"{">>,
                       opt<WithEntry, star<P<",">, WithEntry>, opt<P<",">>>,
                       Need<"a key such as `name: value`, `,` or `}` in the `with` map", P<"}">>> {};
struct SendAction : seq<RawKeyword<"send">, Ws, ActionBegin, Need<"a channel name after `send`", ActionDestination>,
                        Need<"a template name string after `{prev2}`", ActionText>, opt<WithBlock>> {};
struct HandoffAction : seq<RawKeyword<"handoff">, Ws, ActionBegin,
                           Need<"a queue name after `handoff`", ActionDestination>, opt<WithBlock>> {};
struct EmitAction
    : seq<RawKeyword<"emit">, Ws, ActionBegin, Need<"an output name string after `emit`", ActionText>, opt<WithBlock>> {
};

struct RuleClause : sor<WhenClause, AfterClause, IfClause, UnlessClause, LimitClause, OnceClause, SendAction,
                        HandoffAction, EmitAction> {};
struct RuleName : seq<RawIdent, Ws> {};
struct RuleDecl
    : seq<RawKeyword<"rule">, Ws, Need<"a rule name after `rule`", RuleName>, Need<"`{` after `{prev2}`", P<"{">>,
          star<RuleClause>,
          Need<"a rule clause (`when`, `after`, `if`, `unless`, `limit`, `once`, `send`, `handoff` or `emit`) "
               "or `}` to close rule `{rule}`",
               P<"}">>> {};

// ---- Journeys ---------------------------------------------------------------------------
struct JourneyItem
    : sor<EnterItem, GoalItem, ExitItem, HoldoutItem, QuietItem, RetentionItem, CapDecl, RuleDecl,
          Fail<"a journey item (`enter`, `goal`, `exit`, `holdout`, `quiet`, `retention`, `cap` or `rule`) or `}` "
               "to close journey `{journey}`">> {};
// Another item follows: not at `}`, not at the end, and recovery has not left the journey.
struct JourneyContinues {
  template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    if (!st.journeyOpen() || in.empty()) return false;
    return !(*in.current() == '}');
  }
};
// Recovery left the journey at a top-level keyword: it ends there (the error is reported).
struct JourneyAbandoned {
  template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename ParseInput>
  static bool match(ParseInput&, ParseState& st) {
    return st.journeyAbandoned;
  }
};
struct JourneyName : seq<RawIdent, Ws> {};
struct JourneyDecl : seq<RawKeyword<"journey">, Ws, Need<"a journey name after `journey`", JourneyName>,
                         Need<"`{` after `{prev2}`", P<"{">>, star<JourneyContinues, Recover<JourneyItem, false>>,
                         sor<JourneyAbandoned, P<"}">, Fail<"`}` to close journey `{journey}`">>> {};

// ---- The program ------------------------------------------------------------------------
struct TopDecl : sor<ImportDecl, UserDecl, EventDecl, ChannelDecl, QueueDecl, CapDecl, JourneyDecl,
                     Fail<"a declaration (`import`, `user`, `event`, `channel`, `queue`, `cap` or `journey`)">> {};
struct Program : seq<Ws, star<not_at<pegtl::eof>, Recover<TopDecl, true>>, pegtl::eof> {};

}  // namespace onb::parser::rules
