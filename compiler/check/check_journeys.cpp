// Journeys and rules (LANGUAGE.md sections 4 and 5): items, triggers, anchors,
// conditions, limits and actions, each expression checked in the context where it runs.
#include <algorithm>

#include "compiler/check/checker.hpp"

namespace onb::checker {

namespace {

class JourneyChecker {
 public:
  JourneyChecker(Checker& c, uint32_t m) : c_(c), m_(m), mod_(c.module(m)) {}

  sema::JourneyInfo run(const ast::Journey& j);

 private:
  uint32_t event(const ast::Ident& name);
  int64_t duration(const ast::Duration& d);
  void repeated(Span second, Span& first, std::string_view what);
  sema::RuleInfo rule(const ast::Rule& r, const sema::JourneyInfo& journey);
  void action(const ast::ActionClause& a, sema::RuleInfo& info, const ExprContext& ctx);
  ExprContext eventContext(std::vector<uint32_t> events, bool condition) const;
  ExprRef ref(ast::ExprId id) const { return ExprRef{m_, id}; }

  Checker& c_;
  uint32_t m_;
  const ast::Module& mod_;
};

uint32_t JourneyChecker::event(const ast::Ident& name) {
  int32_t e = c_.findEvent(name.text);
  if (e >= 0) {
    c_.out_.events[e].used = true;
    return static_cast<uint32_t>(e);
  }
  Diagnostic& d = c_.sink().report(DiagKind::UnknownName, name.span, fmt::format("unknown event `{}`", name.text));
  if (std::string hint = Checker::suggest(name.text, c_.eventNames()); !hint.empty()) d.notes.push_back({Span{}, hint});
  return kNone;
}

int64_t JourneyChecker::duration(const ast::Duration& d) {
  if (d.outOfRange) c_.sink().report(DiagKind::LiteralOutOfRange, d.span, "this duration does not fit in 64-bit milliseconds");
  return d.millis;
}

void JourneyChecker::repeated(Span second, Span& first, std::string_view what) {
  if (!first.valid()) {
    first = second;
    return;
  }
  Diagnostic& d = c_.sink().report(DiagKind::DuplicateDeclaration, second, fmt::format("a journey has at most one {}", what));
  d.notes.push_back({first, "the first one is here"});
}

ExprContext JourneyChecker::eventContext(std::vector<uint32_t> events, bool condition) const {
  ExprContext ctx;
  for (uint32_t e : events)
    if (e == kNone) events.clear();  // an unknown event was reported: no field is readable
  ctx.events = std::move(events);
  ctx.noEventReason = "the event is not declared";
  ctx.inCondition = condition;
  return ctx;
}

sema::JourneyInfo JourneyChecker::run(const ast::Journey& j) {
  sema::JourneyInfo info;
  info.name = std::string(j.name.text);
  info.span = j.span;
  info.nameSpan = j.name.span;
  info.module = m_;
  Span enterSpan, goalSpan, exitAfterSpan, holdoutSpan, quietSpan, retentionSpan;
  std::vector<const ast::Rule*> rules;
  std::unordered_map<std::string_view, Span> ruleNames;
  for (const ast::JourneyItem& item : j.items) {
    if (const auto* enter = std::get_if<ast::EnterItem>(&item)) {
      repeated(enter->span, enterSpan, "`enter when`");
      if (enterSpan.begin != enter->span.begin) continue;
      info.enter.event = event(enter->event);
      info.enter.span = enter->span;
      ExprContext ctx = eventContext({info.enter.event}, true);
      ctx.allowEnteredAt = false;
      ctx.enteredAtReason = "the user has not entered yet";
      if (enter->where != ast::kNoExpr) c_.checkCondition(m_, enter->where, ctx, "`where`");
      if (enter->condition != ast::kNoExpr) c_.checkCondition(m_, enter->condition, ctx, "`if`");
      info.enter.where = ref(enter->where);
      info.enter.condition = ref(enter->condition);
    } else if (const auto* goal = std::get_if<ast::GoalItem>(&item)) {
      repeated(goal->span, goalSpan, "`goal`");
      if (goalSpan.begin != goal->span.begin) continue;
      sema::GoalInfo g;
      g.event = event(goal->event);
      g.withinMs = duration(goal->within);
      g.span = goal->span;
      if (goal->where != ast::kNoExpr) c_.checkCondition(m_, goal->where, eventContext({g.event}, true), "`where`");
      g.where = ref(goal->where);
      info.goal = g;
    } else if (const auto* exit = std::get_if<ast::ExitWhenItem>(&item)) {
      sema::ExitWhenInfo x;
      x.event = event(exit->event);
      x.span = exit->span;
      ExprContext ctx = eventContext({x.event}, true);
      if (exit->where != ast::kNoExpr) c_.checkCondition(m_, exit->where, ctx, "`where`");
      if (exit->condition != ast::kNoExpr) c_.checkCondition(m_, exit->condition, ctx, "`if`");
      x.where = ref(exit->where);
      x.condition = ref(exit->condition);
      info.exits.push_back(x);
    } else if (const auto* after = std::get_if<ast::ExitAfterItem>(&item)) {
      repeated(after->span, exitAfterSpan, "`exit after`");
      if (exitAfterSpan.begin == after->span.begin) info.exitAfterMs = duration(after->after);
    } else if (const auto* holdout = std::get_if<ast::HoldoutItem>(&item)) {
      repeated(holdout->span, holdoutSpan, "`holdout`");
      if (holdoutSpan.begin != holdout->span.begin) continue;
      if (holdout->percent.outOfRange || holdout->percent.hundredths > 10000)
        c_.sink().report(DiagKind::HoldoutRange, holdout->percent.span, "a holdout is between 0% and 100%");
      else info.holdoutHundredths = static_cast<uint32_t>(holdout->percent.hundredths);
    } else if (const auto* quiet = std::get_if<ast::QuietItem>(&item)) {
      repeated(quiet->span, quietSpan, "`quiet`");
      if (quietSpan.begin == quiet->span.begin) info.quiet = sema::QuietInfo{quiet->start.minutes, quiet->end.minutes, quiet->span};
    } else if (const auto* retention = std::get_if<ast::RetentionItem>(&item)) {
      repeated(retention->span, retentionSpan, "`retention`");
      if (retentionSpan.begin == retention->span.begin) info.retentionEvent = event(retention->event);
    } else if (const auto* cap = std::get_if<ast::CapDecl>(&item)) {
      info.caps.push_back(c_.resolveCap(*cap));
    } else if (const auto* r = std::get_if<ast::Rule>(&item)) {
      auto [it, fresh] = ruleNames.emplace(r->name.text, r->name.span);
      if (!fresh) {
        Diagnostic& d = c_.sink().report(DiagKind::DuplicateDeclaration, r->name.span,
                                         fmt::format("rule `{}` is declared twice in journey `{}`", r->name.text, j.name.text));
        d.notes.push_back({it->second, "first declared here"});
        continue;
      }
      rules.push_back(r);
    }
  }
  // Rules last: `since enter where` reads the enter event, wherever `enter` is written.
  for (const ast::Rule* r : rules) info.rules.push_back(rule(*r, info));
  return info;
}

sema::RuleInfo JourneyChecker::rule(const ast::Rule& r, const sema::JourneyInfo& journey) {
  sema::RuleInfo info;
  info.name = std::string(r.name.text);
  info.span = r.span;
  info.nameSpan = r.name.span;
  info.module = m_;
  // The trigger decides which `event` the other clauses see.
  ExprContext bodyCtx;
  for (const ast::RuleClause& clause : r.clauses) {
    if (const auto* when = std::get_if<ast::WhenClause>(&clause)) {
      info.trigger = sema::TriggerKind::When;
      for (const ast::Ident& e : when->events) {
        uint32_t index = event(e);
        // `when a | a` names one event: it fires once per event, not once per mention.
        if (std::find(info.whenEvents.begin(), info.whenEvents.end(), index) == info.whenEvents.end() ||
            index == kNone)
          info.whenEvents.push_back(index);
      }
      ExprContext ctx = eventContext(info.whenEvents, true);
      if (when->where != ast::kNoExpr) c_.checkCondition(m_, when->where, ctx, "`where`");
      info.where = ref(when->where);
      bodyCtx = eventContext(info.whenEvents, false);
    } else if (const auto* after = std::get_if<ast::AfterClause>(&clause)) {
      info.trigger = sema::TriggerKind::After;
      info.delayMs = duration(after->delay);
      std::vector<uint32_t> anchorEvents;
      switch (after->anchor) {
        case ast::AnchorKind::Enter:
          info.anchor = sema::AnchorKind::Enter;
          anchorEvents = {journey.enter.event};
          break;
        case ast::AnchorKind::First:
          info.anchor = sema::AnchorKind::First;
          info.anchorEvent = event(after->event);
          anchorEvents = {info.anchorEvent};
          break;
        case ast::AnchorKind::Last:
          info.anchor = sema::AnchorKind::Last;
          info.anchorEvent = event(after->event);
          anchorEvents = {info.anchorEvent};
          break;
        case ast::AnchorKind::LastAny:
          info.anchor = sema::AnchorKind::LastAny;
          for (uint32_t e = 0; e < c_.out_.events.size(); ++e) anchorEvents.push_back(e);
          break;
      }
      if (after->where != ast::kNoExpr) c_.checkCondition(m_, after->where, eventContext(anchorEvents, true), "`where`");
      info.where = ref(after->where);
      bodyCtx = ExprContext{};
      bodyCtx.noEventReason = "this rule is fired by a timer (`after`), which has no triggering event";
    }
  }
  for (const ast::RuleClause& clause : r.clauses) {
    if (const auto* cond = std::get_if<ast::IfClause>(&clause)) {
      ExprContext ctx = bodyCtx;
      ctx.inCondition = true;
      c_.checkCondition(m_, cond->condition, ctx, "`if`");
      info.conditions.push_back({false, ref(cond->condition), cond->span, c_.lineOf(cond->span)});
    } else if (const auto* cond = std::get_if<ast::UnlessClause>(&clause)) {
      ExprContext ctx = bodyCtx;
      ctx.inCondition = true;
      c_.checkCondition(m_, cond->condition, ctx, "`unless`");
      info.conditions.push_back({true, ref(cond->condition), cond->span, c_.lineOf(cond->span)});
    } else if (const auto* limit = std::get_if<ast::LimitClause>(&clause)) {
      info.limitSpan = limit->span;
      for (const ast::CapPair& p : limit->pairs) {
        if (p.countOutOfRange) c_.sink().report(DiagKind::LiteralOutOfRange, p.countSpan, "the count does not fit in 64 bits");
        info.limits.push_back(sema::Pair{p.count, duration(p.window)});
      }
    } else if (const auto* once = std::get_if<ast::OnceClause>(&clause)) {
      info.once = true;
      info.limitSpan = once->span;
    } else if (const auto* act = std::get_if<ast::ActionClause>(&clause)) {
      action(*act, info, bodyCtx);
    }
  }
  return info;
}

void JourneyChecker::action(const ast::ActionClause& a, sema::RuleInfo& info, const ExprContext& bodyCtx) {
  switch (a.kind) {
    case ast::ActionKind::Send: {
      info.action = sema::ActionKind::Send;
      info.text = std::string(mod_.string(a.text));
      int32_t channel = c_.findChannel(a.destination.text);
      if (channel >= 0) {
        info.destination = static_cast<uint32_t>(channel);
        c_.out_.channels[channel].used = true;
      } else if (c_.findQueue(a.destination.text) >= 0) {
        Diagnostic& d = c_.sink().report(DiagKind::WrongDestination, a.destination.span,
                                         fmt::format("`{}` is a queue: `send` needs a channel", a.destination.text));
        d.notes.push_back({Span{}, fmt::format("to hand the user over to `{}`, write `handoff {}`", a.destination.text, a.destination.text)});
      } else {
        std::vector<std::string_view> names;
        for (const auto& ch : c_.out_.channels) names.push_back(ch.name);
        Diagnostic& d = c_.sink().report(DiagKind::UnknownName, a.destination.span, fmt::format("unknown channel `{}`", a.destination.text));
        if (std::string hint = Checker::suggest(a.destination.text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
      }
      break;
    }
    case ast::ActionKind::Handoff: {
      info.action = sema::ActionKind::Handoff;
      int32_t queue = c_.findQueue(a.destination.text);
      if (queue >= 0) {
        info.destination = static_cast<uint32_t>(queue);
        c_.out_.queues[queue].used = true;
      } else if (c_.findChannel(a.destination.text) >= 0) {
        Diagnostic& d = c_.sink().report(DiagKind::WrongDestination, a.destination.span,
                                         fmt::format("`{}` is a channel: `handoff` needs a queue", a.destination.text));
        d.notes.push_back({Span{}, fmt::format("to message the user on `{}`, write `send {} \"template\"`", a.destination.text, a.destination.text)});
      } else {
        std::vector<std::string_view> names;
        for (const auto& q : c_.out_.queues) names.push_back(q.name);
        Diagnostic& d = c_.sink().report(DiagKind::UnknownName, a.destination.span, fmt::format("unknown queue `{}`", a.destination.text));
        if (std::string hint = Checker::suggest(a.destination.text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
      }
      break;
    }
    case ast::ActionKind::Emit:
      info.action = sema::ActionKind::Emit;
      info.text = std::string(mod_.string(a.text));
      break;
  }
  ExprContext ctx = bodyCtx;
  ctx.inWith = true;
  ctx.inCondition = false;
  std::unordered_map<std::string, Span> keys;
  for (const ast::WithEntry& entry : a.with) {
    std::string key = entry.quotedKey ? std::string(mod_.string(entry.keyString)) : std::string(entry.key.text);
    auto [it, fresh] = keys.emplace(key, entry.key.span);
    if (!fresh) {
      Diagnostic& d = c_.sink().report(DiagKind::DuplicateKey, entry.key.span, fmt::format("`with` sets `{}` twice", key));
      d.notes.push_back({it->second, "first set here"});
    }
    c_.checkExpr(m_, entry.value, ctx);
    info.with.push_back({std::move(key), ref(entry.value)});
  }
}

}  // namespace

void Checker::checkJourneys() {
  for (const auto& [m, d] : journeyDecls_) {
    const auto& journey = std::get<ast::Journey>(loaded_.modules[m].decls[d]);
    out_.journeys.push_back(JourneyChecker(*this, m).run(journey));
  }
}

}  // namespace onb::checker
