// Firing a rule (LANGUAGE.md section 6): conditions, then holdout -> consent -> quiet
// hours -> limit/once -> caps, then the `with` values and delivery.
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "runtime/engine/engine.hpp"
#include "runtime/engine/hashing.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::engine {

void Engine::fire(uint32_t user, uint32_t r, uint32_t bodyIndex, int64_t t, const io::DecodedEvent* event) {
  const bc::Rule& rule = program_.rules[r];
  const bc::RuleBody& body = rule.bodies[bodyIndex];
  const uint32_t j = rule.journey;
  const bc::Journey& journey = program_.journeys[j];
  const Value* props = event ? event->props.data() : nullptr;
  const int64_t enteredAt = journeyCell(user, j).enteredAt;
  runner_->resetScratch();

  // 1. Conditions, in source order, stopping at the first that fails.
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    if (!runner_->run(body.conditionFns[i], frame(user, props, t, enteredAt))) {
      errorRecord(t, user, j, r, rule.name, runner_->error());
      return;
    }
    if (runner_->resultBool() == rule.conditions[i].isUnless) {
      if (options_.explain) {
        Record s = base(RecordKind::Skip, t, user, j);
        s.rule = r;
        s.isUnless = rule.conditions[i].isUnless;
        s.line = rule.conditions[i].line;
        emit(s);
      }
      return;
    }
  }
  auto suppressed = [&](SuppressReason reason, uint32_t line = 0, std::string_view detail = {}) {
    Record s = base(RecordKind::Suppressed, t, user, j);
    s.rule = r;
    s.reason = reason;
    s.action = rule.action;
    if (options_.explain) {  // which limit or cap: --explain only (not part of section 9)
      s.line = line;
      s.detail = detail;
    }
    emit(s);
  };
  // 2. Holdout.
  if (journeyCell(user, j).holdout) return suppressed(SuppressReason::Holdout);
  if (rule.action == bc::Action::Send) {
    // 3. Consent.
    bool ok = true;
    if (!consent(user, rule, t, ok)) {
      errorRecord(t, user, j, r, rule.name, runner_->error());
      return;
    }
    if (!ok) return suppressed(SuppressReason::Consent);
    // 4. Quiet hours: defer to the window's end, where the rule fires again.
    int64_t until;
    if (journey.hasQuiet && quietUntil(user, journey, t, until)) {
      Record d = base(RecordKind::Deferred, t, user, j);
      d.rule = r;
      d.until = until;
      emit(d);
      if (rule.trigger == bc::Trigger::After) {
        armRule(user, r, until, t);  // the deferral is the rule's pending firing
      } else {
        uint32_t slot;
        if (!freeDeferred_.empty()) {
          slot = freeDeferred_.back();
          freeDeferred_.pop_back();
        } else {
          slot = static_cast<uint32_t>(deferred_.size());
          deferred_.emplace_back();
        }
        Deferred& def = deferred_[slot];
        def.rule = r;
        def.body = bodyIndex;
        def.event = *event;  // the copy owns its strings
        def.live = true;
        timers_.push(TimerEntry{until, ++seq_, user, TimerEntry::makeRef(TimerKind::Deferred, slot)});
        if (observer_) [[unlikely]] observer_->onTimerArmed(users_.id(user), r, until, t);
      }
      return;
    }
  }
  // 5. limit / once.
  if (const bc::Pair* pair = limitReached(user, rule, t)) {
    (void)pair;
    return suppressed(SuppressReason::Limit, rule.limitLine, rule.limitText);
  }
  // 6. Caps (sends only).
  if (rule.action == bc::Action::Send)
    if (const bc::Cap* cap = capReached(user, rule, t)) return suppressed(SuppressReason::Cap, cap->line, cap->text);
  // 7. The `with` values, then delivery.
  const Value* vars = nullptr;
  if (body.withFn != bc::kNoFn) {
    if (!runner_->run(body.withFn, frame(user, props, t, enteredAt))) {
      errorRecord(t, user, j, r, rule.name, runner_->error());
      return;
    }
    vars = runner_->results();
    for (size_t i = 0; i < rule.with.size(); ++i) {
      const Value& v = vars[i];
      if (v.missing) continue;
      if (rule.with[i].type == ValueType::Time && (v.i < civil::kMinTime || v.i > civil::kMaxTime)) {
        errorRecord(t, user, j, r, rule.name, fmt::format("`{}` is a time outside years 0001-9999", rule.with[i].key));
        return;
      }
      if (rule.with[i].type == ValueType::Enum &&
          (v.i < 0 || static_cast<size_t>(v.i) >= program_.schema.enums[rule.with[i].enumIndex].members.size())) {
        errorRecord(t, user, j, r, rule.name, fmt::format("`{}` is not a member of its enum", rule.with[i].key));
        return;
      }
    }
  }
  deliver(user, rule, t, vars);
}

bool Engine::consent(uint32_t user, const bc::Rule& rule, int64_t t, bool& ok) {
  const bc::Channel& channel = program_.channels[rule.destination];
  ok = true;
  if (channel.requiresFn == bc::kNoFn) return true;
  if (!runner_->run(channel.requiresFn, frame(user, nullptr, t, 0))) return false;
  ok = runner_->resultBool();
  return true;
}

bool Engine::quietUntil(uint32_t user, const bc::Journey& journey, int64_t t, int64_t& until) {
  std::string_view zone;
  const int32_t tz = program_.schema.timezoneTrait;
  if (tz >= 0 && program_.layout.traitOffset[tz] != bc::kNone) {
    const auto* cell = reinterpret_cast<const TraitCell*>(block(user) + program_.layout.traitOffset[tz]);
    if (cell->set) zone = std::string_view(cell->s, cell->len);
    else if (program_.schema.traits[tz].hasDefault) zone = program_.schema.traits[tz].defaultText;
  }
  return quiet_.inside(zone, t, journey.quietStart, journey.quietEnd, until);
}

namespace {

// True when `n` deliveries already fall in (t - window, t].
bool windowFull(const uint8_t* ring, uint32_t k, uint64_t n, int64_t windowMs, int64_t t) {
  if (n == 0) return true;
  if (n > k || Ring::size(ring, k) < n) return false;
  return Ring::nthLatest(ring, k, static_cast<uint32_t>(n)) > satSub(t, windowMs);
}

}  // namespace

const bc::Pair* Engine::limitReached(uint32_t user, const bc::Rule& rule, int64_t t) {
  static const bc::Pair kOnce{1, 0};
  if (rule.once) return *(block(user) + rule.limitOffset) ? &kOnce : nullptr;
  if (rule.limits.empty()) return nullptr;
  const uint8_t* ring = block(user) + rule.limitOffset;
  for (const bc::Pair& p : rule.limits)
    if (windowFull(ring, rule.limitRingSize, p.count, p.windowMs, t)) return &p;
  return nullptr;
}

const bc::Cap* Engine::capReached(uint32_t user, const bc::Rule& rule, int64_t t) {
  for (uint32_t c : capsByChannel_[rule.destination]) {
    const bc::Cap& cap = program_.caps[c];
    if (cap.journey >= 0 && static_cast<uint32_t>(cap.journey) != rule.journey) continue;
    const uint8_t* ring = block(user) + cap.ringOffset;
    for (const bc::Pair& p : cap.pairs)
      if (windowFull(ring, cap.ringSize, p.count, p.windowMs, t)) return &cap;
  }
  return nullptr;
}

uint64_t Engine::actionId(uint32_t user, const bc::Rule& rule, int64_t t, uint32_t n) const {
  // fnv1a64("<journey>/<rule>/<user>/<t>/<n>"), n = the user's earlier deliveries in the
  // journey; the hash of "<journey>/<rule>/" is computed once per rule.
  const size_t r = static_cast<size_t>(&rule - program_.rules.data());
  uint64_t h = fnv1a(idPrefixHash_[r], users_.id(user));
  char num[24];
  h = fnv1a(h, "/");
  h = fnv1a(h, std::string_view(num, static_cast<size_t>(std::to_chars(num, num + sizeof num, t).ptr - num)));
  h = fnv1a(h, "/");
  return fnv1a(h, std::string_view(num, static_cast<size_t>(std::to_chars(num, num + sizeof num, n).ptr - num)));
}

void Engine::deliver(uint32_t user, const bc::Rule& rule, int64_t t, const Value* vars) {
  const uint32_t r = static_cast<uint32_t>(&rule - program_.rules.data());
  JourneyCell& cell = journeyCell(user, rule.journey);
  const uint64_t id = actionId(user, rule, t, cell.delivered);
  ++cell.delivered;
  if (rule.once) *(block(user) + rule.limitOffset) = 1;
  else if (!rule.limits.empty()) Ring::push(block(user) + rule.limitOffset, rule.limitRingSize, t);
  RecordKind kind = RecordKind::Emit;
  switch (rule.action) {
    case bc::Action::Send:
      kind = RecordKind::Send;
      for (uint32_t c : capsByChannel_[rule.destination]) {
        const bc::Cap& cap = program_.caps[c];
        if (cap.journey >= 0 && static_cast<uint32_t>(cap.journey) != rule.journey) continue;
        Ring::push(block(user) + cap.ringOffset, cap.ringSize, t);
      }
      break;
    case bc::Action::Handoff: kind = RecordKind::Handoff; break;
    case bc::Action::Emit: kind = RecordKind::Emit; break;
  }
  Record rec = base(kind, t, user, rule.journey);
  rec.rule = r;
  rec.vars = vars;
  rec.id = id;
  emit(rec);
}

}  // namespace onb::engine
