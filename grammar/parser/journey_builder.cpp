// Journeys, their items, rules and rule clauses (GRAMMAR.md section 3), including the
// clause counts the grammar fixes: RepeatedClause and MissingClause are reported here.
#include "grammar/parser/literal_values.hpp"
#include "grammar/parser/parse_state.hpp"
#include "grammar/parser/token_lexer.hpp"

namespace onb::parser {

namespace {

ast::ExprId take(ast::ExprId& slot) {
  const ast::ExprId id = slot;
  slot = ast::kNoExpr;
  return id;
}

}  // namespace

void ParseState::beginJourney(const char* name) {
  journey = {};
  journey.name = identAt(name);
  inJourney = true;
  journeyAbandoned = journeyHadErrors = false;
}

void ParseState::finishJourney(const char* begin, const char* end) {
  journey.span = rangeSpan(begin, end);
  // After a dropped item the missing one is most likely the one that failed to parse.
  if (!journeyHadErrors) {
    bool hasEnter = false, hasRule = false;
    for (const ast::JourneyItem& item : journey.items) {
      hasEnter |= std::holds_alternative<ast::EnterItem>(item);
      hasRule |= std::holds_alternative<ast::Rule>(item);
    }
    const std::string name(journey.name.text);
    if (!hasEnter)
      report(DiagKind::MissingClause, journey.name.span,
             "journey `" + name + "` has no `enter when EVENT`: every journey needs exactly one");
    if (!hasRule)
      report(DiagKind::MissingClause, journey.name.span,
             "journey `" + name + "` has no rule: a journey needs at least one `rule NAME { ... }`");
  }
  module.decls.emplace_back(std::move(journey));
  journey = {};
  inJourney = journeyAbandoned = journeyHadErrors = false;
}

void ParseState::finishEnter(const char* begin, const char* end) {
  journey.items.emplace_back(ast::EnterItem{itemEventName, take(where), take(condition), rangeSpan(begin, end)});
}

void ParseState::finishGoal(const char* begin, const char* end) {
  journey.items.emplace_back(ast::GoalItem{itemEventName, itemDurationValue, take(where), rangeSpan(begin, end)});
}

void ParseState::finishExitWhen(const char* begin, const char* end) {
  journey.items.emplace_back(ast::ExitWhenItem{itemEventName, take(where), take(condition), rangeSpan(begin, end)});
}

void ParseState::finishExitAfter(const char* begin, const char* end) {
  journey.items.emplace_back(ast::ExitAfterItem{itemDurationValue, rangeSpan(begin, end)});
}

void ParseState::finishHoldout(const char* begin, const char* end) {
  const char* token = nextToken(begin);
  ast::Percent percent = parsePercent(tokenText(token));
  percent.span = tokenSpan(token);
  journey.items.emplace_back(ast::HoldoutItem{percent, rangeSpan(begin, end)});
}

void ParseState::quietClock(const char* p, bool start) {
  ast::Clock clock;
  clock.span = tokenSpan(p);
  if (!parseClock(tokenText(p), clock.minutes))
    report(DiagKind::InvalidClock, clock.span,
           "invalid clock time `" + std::string(tokenText(p)) + "`: a clock time is HH:MM from 00:00 to 23:59");
  (start ? quietStart : quietEnd) = clock;
}

void ParseState::finishQuiet(const char* begin, const char* end) {
  journey.items.emplace_back(ast::QuietItem{quietStart, quietEnd, rangeSpan(begin, end)});
}

void ParseState::finishRetention(const char* begin, const char* end) {
  journey.items.emplace_back(ast::RetentionItem{itemEventName, rangeSpan(begin, end)});
}

void ParseState::beginRule(const char* name) {
  rule = {};
  rule.name = identAt(name);
  counts = {};
}

void ParseState::finishRule(const char* begin, const char* end) {
  rule.span = rangeSpan(begin, end);
  const std::string name(rule.name.text);
  bool complete = true;
  if (!counts.trigger.valid()) {
    report(DiagKind::MissingClause, rule.name.span,
           "rule `" + name + "` has no trigger: add `when EVENT` or `after DURATION since ANCHOR`");
    complete = false;
  }
  if (!counts.action.valid()) {
    report(DiagKind::MissingClause, rule.name.span,
           "rule `" + name + "` has no action: add `send`, `handoff` or `emit`");
    complete = false;
  }
  // Rules in the tree always have exactly one trigger and one action.
  if (complete)
    journey.items.emplace_back(std::move(rule));
  else
    journeyHadErrors = true;
  rule = {};
}

namespace {

// Records the first clause of a kind; a second one is reported and dropped.
bool admitClause(ParseState& st, Span& first, Span clause, std::string_view message) {
  if (!first.valid()) {
    first = clause;
    return true;
  }
  Diagnostic& d = st.report(DiagKind::RepeatedClause, clause,
                            "rule `" + std::string(st.rule.name.text) + "` " + std::string(message));
  d.notes.push_back(DiagNote{first, "the first one is here"});
  return false;
}

constexpr std::string_view kSecondTrigger = "already has a trigger: a rule has exactly one `when` or `after`";

}  // namespace

void ParseState::finishWhen(const char* begin, const char* end) {
  ast::WhenClause clause{std::move(whenEvents), take(where), rangeSpan(begin, end)};
  whenEvents.clear();
  if (admitClause(*this, counts.trigger, clause.span, kSecondTrigger)) rule.clauses.emplace_back(std::move(clause));
}

void ParseState::anchor(const char* begin, const char* end) {
  after = {};
  after.anchorSpan = rangeSpan(begin, end);
  const std::string_view word = tokenText(begin);
  if (word == "enter") {
    after.anchor = ast::AnchorKind::Enter;
  } else if (word == "first") {
    after.anchor = ast::AnchorKind::First;
    after.explicitFirst = true;
    after.event = identAt(nextToken(begin));
  } else if (word == "last") {
    const char* next = nextToken(begin);
    if (tokenText(next) == "any") {
      after.anchor = ast::AnchorKind::LastAny;
    } else {
      after.anchor = ast::AnchorKind::Last;
      after.event = identAt(next);
    }
  } else {
    after.anchor = ast::AnchorKind::First;
    after.event = identAt(begin);
  }
}

void ParseState::finishAfter(const char* begin, const char* end) {
  after.delay = itemDurationValue;
  after.where = take(where);
  after.span = rangeSpan(begin, end);
  if (admitClause(*this, counts.trigger, after.span, kSecondTrigger)) rule.clauses.emplace_back(after);
  after = {};
}

void ParseState::finishIf(const char* begin, const char* end, bool unless) {
  const ast::ExprId condition = popOperand();
  if (unless)
    rule.clauses.emplace_back(ast::UnlessClause{condition, rangeSpan(begin, end)});
  else
    rule.clauses.emplace_back(ast::IfClause{condition, rangeSpan(begin, end)});
}

void ParseState::finishLimit(const char* begin, const char* end) {
  ast::LimitClause clause{std::move(pairs), rangeSpan(begin, end)};
  pairs.clear();
  if (admitClause(*this, counts.limit, clause.span, "already has a `limit` or `once`: a rule has at most one of them"))
    rule.clauses.emplace_back(std::move(clause));
}

void ParseState::finishOnce(const char* begin, const char* end) {
  const ast::OnceClause clause{rangeSpan(begin, end)};
  if (admitClause(*this, counts.limit, clause.span, "already has a `limit` or `once`: a rule has at most one of them"))
    rule.clauses.emplace_back(clause);
}

void ParseState::beginAction() { action = {}; }

void ParseState::withKey(const char* p, bool quoted) {
  withEntry = {};
  withEntry.quotedKey = quoted;
  if (quoted) {
    const ast::StringLiteral key = stringAt(p);
    withEntry.keyString = key.index;
    withEntry.key = ast::Ident{tokenText(p), key.span};  // the raw token, quotes included
  } else {
    withEntry.key = identAt(p);
  }
}

void ParseState::finishWithEntry() {
  withEntry.value = popOperand();
  action.with.push_back(withEntry);
  withEntry = {};
}

void ParseState::finishWith(const char* begin, const char* end) {
  action.hasWith = true;
  action.withSpan = rangeSpan(begin, end);
}

void ParseState::finishAction(const char* begin, const char* end, ast::ActionKind kind) {
  action.kind = kind;
  action.span = rangeSpan(begin, end);
  if (admitClause(*this, counts.action, action.span,
                  "already has an action: a rule has exactly one `send`, `handoff` or `emit`"))
    rule.clauses.emplace_back(std::move(action));
  action = {};
}

}  // namespace onb::parser
