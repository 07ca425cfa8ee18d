// The onboarding playbook as warnings (LANGUAGE.md section 10). Each warning has a stable
// code and name and can be silenced with `# onb:allow NAME` (compiler/check/suppressions).
// Two of them (sensitive-in-condition, needless-coalesce) need expression types and are
// reported while typing.
#include <set>

#include "compiler/check/checker.hpp"

namespace onb::checker {

namespace {

bool capCovers(const sema::CapInfo& cap, uint32_t channel) {
  if (cap.channels.empty()) return true;
  for (uint32_t c : cap.channels)
    if (c == channel) return true;
  return false;
}

}  // namespace

void Checker::runLints() {
  const int32_t timezone = out_.findTrait("timezone");
  for (const sema::JourneyInfo& j : out_.journeys) {
    if (!j.goal)
      sink_.report(DiagKind::NoGoal, j.nameSpan,
                   fmt::format("journey `{}` has no `goal`: add one (e.g. `goal project_created within 7d`) to measure activation", j.name));

    std::set<std::pair<uint32_t, std::string>> messages;
    bool sends = false, capped = false;
    for (const sema::RuleInfo& r : j.rules) {
      if (r.action != sema::ActionKind::Send || r.destination == kNone) continue;
      sends = true;
      messages.emplace(r.destination, r.text);
      for (const auto& cap : out_.caps) capped = capped || capCovers(cap, r.destination);
      for (const auto& cap : j.caps) capped = capped || capCovers(cap, r.destination);
    }
    if (messages.size() > 5)
      sink_.report(DiagKind::TooManyMessages, j.nameSpan,
                   fmt::format("journey `{}` can send {} distinct messages; onboarding works best in 3 to 5 steps", j.name, messages.size()));
    if (sends && !capped) {
      Diagnostic& d = sink_.report(DiagKind::NoCap, j.nameSpan,
                                   fmt::format("journey `{}` sends messages, but no `cap` limits how many", j.name));
      d.notes.push_back({Span{}, "a common choice is `cap 1 per 1d, 4 per 7d` at the top level, shared by every journey"});
    }

    if (j.quiet && (timezone < 0 || out_.traits[timezone].type.kind != TypeKind::String)) {
      Diagnostic& d = sink_.report(DiagKind::QuietWithoutTimezone, j.quiet->span,
                                   "`quiet` hours are in the user's local time, but `user.timezone` is not declared as a string: every user is treated as UTC");
      d.notes.push_back({Span{}, "declare it: `user { timezone: string = \"UTC\" }`"});
    }

    for (const sema::RuleInfo& r : j.rules) {
      bool hasUnless = false;
      for (const auto& c : r.conditions) {
        hasUnless = hasUnless || c.isUnless;
        ConstValue v = foldConstant(out_, module(c.expr.module), c.expr.module, c.expr.id);
        if (v.kind != ConstValue::Kind::Bool) continue;
        if (!c.isUnless && !v.b)
          sink_.report(DiagKind::UnreachableRule, c.span, fmt::format("rule `{}` can never fire: this `if` is always false", r.name));
        if (c.isUnless && v.b)
          sink_.report(DiagKind::UnreachableRule, c.span, fmt::format("rule `{}` can never fire: this `unless` is always true", r.name));
      }
      if (r.trigger == sema::TriggerKind::After && r.action == sema::ActionKind::Send && !hasUnless) {
        Diagnostic& d = sink_.report(DiagKind::NudgeWithoutUnless, r.nameSpan,
                                     fmt::format("rule `{}` nudges after a delay with no `unless`: it is sent even after the user did what it asks", r.name));
        d.notes.push_back({Span{}, "add e.g. `unless project_created`"});
      }
      if (r.trigger == sema::TriggerKind::After && j.exitAfterMs && r.delayMs > *j.exitAfterMs)
        sink_.report(DiagKind::UnreachableRule, r.nameSpan,
                     fmt::format("rule `{}` waits longer than the journey lasts (`exit after`): it can never fire", r.name));
      for (const auto& p : r.limits)
        if (p.count == 0)
          sink_.report(DiagKind::UnreachableRule, r.limitSpan, fmt::format("rule `{}` has `limit 0`: every firing is suppressed", r.name));
    }
  }

  for (const sema::ChannelInfo& c : out_.channels)
    if (!c.requirement.valid())
      sink_.report(DiagKind::ChannelWithoutConsent, c.nameSpan,
                   fmt::format("channel `{}` has no `requires` consent condition, e.g. `channel {} requires user.{}_consent`",
                               c.name, c.name, c.name));

  bool anyQuiet = false;
  for (const auto& j : out_.journeys) anyQuiet = anyQuiet || j.quiet.has_value();
  for (size_t i = 0; i < out_.traits.size(); ++i) {
    const auto& t = out_.traits[i];
    if (t.used || (anyQuiet && static_cast<int32_t>(i) == timezone)) continue;
    sink_.report(DiagKind::UnusedDeclaration, t.span, fmt::format("trait `{}` is never read", t.name));
  }
  for (const auto& e : out_.events)
    if (!e.used) sink_.report(DiagKind::UnusedDeclaration, e.nameSpan, fmt::format("event `{}` is never used", e.name));
  for (const auto& c : out_.channels)
    if (!c.used) sink_.report(DiagKind::UnusedDeclaration, c.nameSpan, fmt::format("channel `{}` is never sent on", c.name));
  for (const auto& q : out_.queues)
    if (!q.used) sink_.report(DiagKind::UnusedDeclaration, q.nameSpan, fmt::format("queue `{}` is never handed off to", q.name));
}

}  // namespace onb::checker
