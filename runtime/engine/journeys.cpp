// Journey membership (LANGUAGE.md sections 4 and 6): entry (once, ever) with the holdout
// cohort, timers armed on entry and on anchor events, goals, `exit when` and expiry.
#include <cstring>

#include "runtime/engine/engine.hpp"
#include "runtime/engine/hashing.hpp"

namespace onb::engine {

bool Engine::matches(int32_t fn, uint32_t user, uint32_t journey, const Value* event, int64_t t,
                     std::string_view ruleName, uint32_t ruleIndex) {
  const JourneyCell& cell = journeyCell(user, journey);
  runner_->resetScratch();
  if (runner_->run(fn, frame(user, event, t, cell.enteredAt))) return runner_->resultBool();
  // An error in a trigger or journey filter writes an error record and counts as no match.
  errorRecord(t, user, journey, ruleIndex, ruleName, runner_->error());
  return false;
}

void Engine::tryEnter(uint32_t user, uint32_t j, const io::DecodedEvent& e) {
  const bc::Journey& journey = program_.journeys[j];
  if (journey.enterWhereFn != bc::kNoFn && !matches(journey.enterWhereFn, user, j, e.props.data(), e.t, "enter", bc::kNone))
    return;
  if (journey.enterIfFn != bc::kNoFn && !matches(journey.enterIfFn, user, j, e.props.data(), e.t, "enter", bc::kNone))
    return;
  JourneyCell& cell = journeyCell(user, j);
  cell.status = kInJourney;
  cell.enteredAt = e.t;
  // fnv1a64(journey + ":" + user) mod 10000 < PCT * 100
  uint64_t h = fnv1a(kFnvBasis, journey.name);
  h = fnv1a(h, ":");
  h = fnv1a(h, users_.id(user));
  cell.holdout = (h % 10000) < journey.holdoutHundredths;
  Record r = base(RecordKind::Enter, e.t, user, j);
  r.holdout = cell.holdout;
  emit(r);
  if (metrics_) ++metrics_->journeys[j].cohorts[cell.holdout ? 1 : 0].entered;
  // `since enter` timers in rule order (the entry event is theirs to filter), then expiry.
  for (uint32_t ri : enterRules_[j]) {
    const bc::Rule& rule = program_.rules[ri];
    if (!rule.anchorWhereFn.empty()) {
      int32_t where = rule.anchorWhereFn[e.event];
      if (where != bc::kNoFn && !matches(where, user, j, e.props.data(), e.t, rule.name, ri)) continue;
    }
    int64_t due;
    if (__builtin_add_overflow(e.t, rule.delayMs, &due)) due = INT64_MAX;
    armRule(user, ri, due, e.t);
  }
  if (journey.exitAfterMs >= 0) {
    int64_t due;
    if (__builtin_add_overflow(e.t, journey.exitAfterMs, &due)) due = INT64_MAX;
    timers_.push(TimerEntry{due, ++seq_, user, TimerEntry::makeRef(TimerKind::Expiry, j)});
  }
}

void Engine::armRule(uint32_t user, uint32_t r, int64_t due, int64_t now) {
  const bc::Rule& rule = program_.rules[r];
  if (observer_) [[unlikely]] observer_->onTimerArmed(users_.id(user), r, due, now);
  auto* cell = reinterpret_cast<TimerCell*>(block(user) + rule.timerOffset);
  cell->due = due;
  cell->seq = ++seq_;
  // The heap keeps one entry per pending firing; it only needs a new one when there is
  // none or the existing one is due later than the new time.
  if (cell->heapSeq == 0 || cell->heapDue > due) {
    cell->heapDue = due;
    cell->heapSeq = cell->seq;
    timers_.push(TimerEntry{due, cell->seq, user, TimerEntry::makeRef(TimerKind::Rule, r)});
  }
}

void Engine::armAnchors(uint32_t user, const io::DecodedEvent& e) {
  for (uint32_t r : anchorsByEvent_[e.event]) {
    const bc::Rule& rule = program_.rules[r];
    if (journeyCell(user, rule.journey).status != kInJourney) continue;
    uint8_t* armed = rule.armedOffset != bc::kNone ? block(user) + rule.armedOffset : nullptr;
    if (armed && *armed) continue;  // `first E`: armed once
    if (!rule.anchorWhereFn.empty()) {
      int32_t where = rule.anchorWhereFn[e.event];
      if (where != bc::kNoFn && !matches(where, user, rule.journey, e.props.data(), e.t, rule.name, r)) continue;
    }
    int64_t due;
    if (__builtin_add_overflow(e.t, rule.delayMs, &due)) due = INT64_MAX;
    // `last` anchors re-arm: the new time replaces the pending timer or deferral.
    armRule(user, r, due, e.t);
    if (armed) *armed = 1;
  }
}

void Engine::checkGoalAndExits(uint32_t user, uint32_t j, const io::DecodedEvent& e) {
  const bc::Journey& journey = program_.journeys[j];
  if (journey.hasGoal && journey.goalEvent == e.event) {
    // A goal later than the window writes nothing (its filter is not even evaluated).
    const bool inWindow = e.t - journeyCell(user, j).enteredAt <= journey.goalWithinMs;
    if (inWindow && (journey.goalWhereFn == bc::kNoFn ||
                     matches(journey.goalWhereFn, user, j, e.props.data(), e.t, "goal", bc::kNone))) {
      JourneyCell& cell = journeyCell(user, j);
      Record r = base(RecordKind::Goal, e.t, user, j);
      r.ttvMs = e.t - cell.enteredAt;
      emit(r);
      cell.converted = 1;
      if (metrics_) {
        CohortMetrics& c = metrics_->journeys[j].cohorts[cell.holdout ? 1 : 0];
        ++c.converted;
        c.ttv.push_back(r.ttvMs);
      }
      exitJourney(user, j, ExitReason::Goal, e.t);
      return;
    }
  }
  for (const bc::ExitWhen& x : journey.exits) {
    if (x.event != e.event) continue;
    if (x.whereFn != bc::kNoFn && !matches(x.whereFn, user, j, e.props.data(), e.t, "exit", bc::kNone)) continue;
    if (x.ifFn != bc::kNoFn && !matches(x.ifFn, user, j, e.props.data(), e.t, "exit", bc::kNone)) continue;
    exitJourney(user, j, ExitReason::Exit, e.t);
    return;
  }
}

void Engine::exitJourney(uint32_t user, uint32_t j, ExitReason reason, int64_t t) {
  // Pending timers and deferrals of this journey die lazily: they check the status.
  journeyCell(user, j).status = kExited;
  Record r = base(RecordKind::Exit, t, user, j);
  r.exitReason = reason;
  emit(r);
}

}  // namespace onb::engine
