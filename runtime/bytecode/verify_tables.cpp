// The tables pass of the verifier: channels, caps, journeys, rules and stream filters.
// Every index in range, every cross reference consistent both ways, and every function a
// table names returns what its place needs and reads only its place's event.
#include <algorithm>

#include "runtime/bytecode/program_text.hpp"
#include "runtime/bytecode/verifier.hpp"
#include "runtime/bytecode/verifier_internal.hpp"

namespace onb::bc::verify {

namespace {

constexpr MType kBool[] = {MType::Int};  // conditions, filters, requires

bool checkEvent(Verifier& v, uint32_t event, std::string_view place) {
  if (event >= v.program.schema.events.size())
    return v.fail("{}: event {} out of range ({} events)", place, event, v.program.schema.events.size());
  return true;
}

// A limit's or cap's pairs and ring. The ring holds at least max(count) entries (program.hpp
// says exactly that many) and at least one, so the engine never indexes an empty ring: for
// `limit 0 per D`, codegen allocates a ring of 1.
bool checkPairs(Verifier& v, const std::vector<Pair>& pairs, uint32_t ringSize, std::string_view place) {
  if (ringSize == 0 || ringSize > kMaxRingSize)
    return v.fail("{}: ring of {} entries (must be 1..{})", place, ringSize, kMaxRingSize);
  for (const Pair& pair : pairs) {
    if (pair.windowMs < 0) return v.fail("{}: negative window {}", place, pair.windowMs);
    // The ring keeps the last ringSize deliveries; deciding "N in the window" needs N.
    if (pair.count > ringSize) return v.fail("{}: {} per window but a ring of {}", place, pair.count, ringSize);
  }
  return true;
}

bool verifyChannels(Verifier& v) {
  for (const Channel& c : v.program.channels)
    if (!checkFnRef(v, c.requiresFn, "channel " + c.name + " requires", kNone, kBool, false)) return false;
  return true;
}

bool verifyStreamFilters(Verifier& v) {
  const Program& p = v.program;
  for (size_t s = 0; s < p.streams.size(); ++s)
    if (!checkFnRef(v, p.streams[s].filterFn, fmt::format("stream {} filter", s), p.streams[s].event, kBool, false))
      return false;
  return true;
}

bool verifyCaps(Verifier& v) {
  const Program& p = v.program;
  for (size_t c = 0; c < p.caps.size(); ++c) {
    const Cap& cap = p.caps[c];
    std::string place = fmt::format("cap {}", c);
    if (cap.journey != -1) {
      if (cap.journey < 0 || static_cast<size_t>(cap.journey) >= p.journeys.size())
        return v.fail("{}: journey {} out of range ({} journeys)", place, cap.journey, p.journeys.size());
      const std::vector<uint32_t>& listed = p.journeys[cap.journey].caps;
      if (std::find(listed.begin(), listed.end(), c) == listed.end())
        return v.fail("{}: journey {} does not list it", place, p.journeys[cap.journey].name);
    }
    for (uint32_t channel : cap.channels)
      if (channel >= p.channels.size())
        return v.fail("{}: channel {} out of range ({} channels)", place, channel, p.channels.size());
    if (!checkPairs(v, cap.pairs, cap.ringSize, place)) return false;
  }
  return true;
}

bool verifyJourney(Verifier& v, uint32_t j, uint32_t expectedRuleBegin) {
  const Program& p = v.program;
  const Journey& journey = p.journeys[j];
  std::string place = "journey " + journey.name;
  if (journey.ruleBegin != expectedRuleBegin || journey.ruleEnd < journey.ruleBegin || journey.ruleEnd > p.rules.size())
    return v.fail("{}: rules [{}, {}) are not the next range of the {} rules (expected to start at {})", place,
                  journey.ruleBegin, journey.ruleEnd, p.rules.size(), expectedRuleBegin);
  if (!checkEvent(v, journey.enterEvent, place + " enter") ||
      !checkFnRef(v, journey.enterWhereFn, place + " enter where", journey.enterEvent, kBool, false) ||
      !checkFnRef(v, journey.enterIfFn, place + " enter if", journey.enterEvent, kBool, false))
    return false;
  if (journey.hasGoal) {
    if (!checkEvent(v, journey.goalEvent, place + " goal") ||
        !checkFnRef(v, journey.goalWhereFn, place + " goal where", journey.goalEvent, kBool, false))
      return false;
    if (journey.goalWithinMs < 0) return v.fail("{}: negative goal window {}", place, journey.goalWithinMs);
  } else if (journey.goalWhereFn != kNoFn) {
    return v.fail("{}: a goal filter without a goal", place);
  }
  for (size_t e = 0; e < journey.exits.size(); ++e) {
    const ExitWhen& exit = journey.exits[e];
    std::string exitPlace = fmt::format("{} exit {}", place, e);
    if (!checkEvent(v, exit.event, exitPlace) ||
        !checkFnRef(v, exit.whereFn, exitPlace + " where", exit.event, kBool, false) ||
        !checkFnRef(v, exit.ifFn, exitPlace + " if", exit.event, kBool, false))
      return false;
  }
  if (journey.exitAfterMs < -1) return v.fail("{}: exit after {} ms", place, journey.exitAfterMs);
  if (journey.holdoutHundredths > 10000)
    return v.fail("{}: holdout {} hundredths of a percent (at most 10000)", place, journey.holdoutHundredths);
  if (journey.hasQuiet && (journey.quietStart >= 1440 || journey.quietEnd >= 1440))
    return v.fail("{}: quiet hours {}..{} are not minutes of a day", place, journey.quietStart, journey.quietEnd);
  if (journey.hasQuiet && p.schema.timezoneTrait >= 0 && p.layout.traitOffset[p.schema.timezoneTrait] == kNone)
    return v.fail("{}: quiet hours read the timezone trait, which has no slot", place);
  if (journey.retentionEvent != kNone && !checkEvent(v, journey.retentionEvent, place + " retention")) return false;
  for (size_t k = 0; k < journey.caps.size(); ++k) {
    uint32_t c = journey.caps[k];
    if (c >= p.caps.size()) return v.fail("{}: cap {} out of range ({} caps)", place, c, p.caps.size());
    if (p.caps[c].journey != static_cast<int32_t>(j))
      return v.fail("{}: lists cap {}, which belongs to {}", place, c, text::journeyName(p, p.caps[c].journey));
    if (std::find(journey.caps.begin(), journey.caps.begin() + k, c) != journey.caps.begin() + k)
      return v.fail("{}: lists cap {} twice", place, c);
  }
  return true;
}

bool verifyJourneys(Verifier& v) {
  const Program& p = v.program;
  uint32_t next = 0;
  for (uint32_t j = 0; j < p.journeys.size(); ++j) {
    if (!verifyJourney(v, j, next)) return false;
    next = p.journeys[j].ruleEnd;
  }
  if (next != p.rules.size()) return v.fail("rules [{}, {}) belong to no journey", next, p.rules.size());
  return true;
}

bool verifyTrigger(Verifier& v, const Rule& rule, const std::string& place) {
  const Program& p = v.program;
  switch (rule.trigger) {
    case Trigger::When:
      if (rule.whenEvents.empty()) return v.fail("{}: a when rule with no event", place);
      if (rule.bodies.size() != rule.whenEvents.size())
        return v.fail("{}: {} bodies for {} when events", place, rule.bodies.size(), rule.whenEvents.size());
      for (size_t k = 0; k < rule.whenEvents.size(); ++k) {
        if (!checkEvent(v, rule.whenEvents[k], place + " when")) return false;
        if (rule.bodies[k].event != rule.whenEvents[k])
          return v.fail("{}: body {} is for event {}, its when event is {}", place, k,
                        text::eventName(p, rule.bodies[k].event), text::eventName(p, rule.whenEvents[k]));
      }
      if (!rule.anchorWhereFn.empty()) return v.fail("{}: an anchor filter on a when rule", place);
      return true;
    case Trigger::After:
      if (!rule.whenEvents.empty()) return v.fail("{}: when events on an after rule", place);
      if (rule.bodies.size() != 1) return v.fail("{}: {} bodies, an after rule has 1", place, rule.bodies.size());
      if (rule.bodies[0].event != kNone) return v.fail("{}: the body of an after rule has an event", place);
      if (rule.bodies[0].whereFn != kNoFn) return v.fail("{}: a when filter on an after rule", place);
      if (rule.delayMs < 0) return v.fail("{}: negative delay {}", place, rule.delayMs);
      if (static_cast<uint8_t>(rule.anchor) > static_cast<uint8_t>(Anchor::LastAny))
        return v.fail("{}: invalid anchor {}", place, static_cast<int>(rule.anchor));
      switch (rule.anchor) {
        case Anchor::First:
          if (rule.armedOffset == kNone) return v.fail("{}: a first anchor needs an armed flag slot", place);
          [[fallthrough]];
        case Anchor::Last:
          if (!checkEvent(v, rule.anchorEvent, place + " anchor")) return false;
          break;
        case Anchor::Enter:
        case Anchor::LastAny:
          break;
      }
      if (!rule.anchorWhereFn.empty() && rule.anchorWhereFn.size() != p.schema.events.size())
        return v.fail("{}: {} anchor filters for {} events", place, rule.anchorWhereFn.size(), p.schema.events.size());
      for (uint32_t e = 0; e < rule.anchorWhereFn.size(); ++e)
        if (!checkFnRef(v, rule.anchorWhereFn[e], place + " anchor where (" + text::eventName(p, e) + ")", e, kBool,
                        false))
          return false;
      if (rule.timerOffset == kNone) return v.fail("{}: an after rule needs a timer slot", place);
      return true;
  }
  return v.fail("{}: invalid trigger {}", place, static_cast<int>(rule.trigger));
}

bool verifyBodies(Verifier& v, const Rule& rule, const std::string& place) {
  const Program& p = v.program;
  std::vector<MType> withTypes;
  for (const WithKey& key : rule.with) {
    if (static_cast<uint8_t>(key.type) > static_cast<uint8_t>(ValueType::Enum))
      return v.fail("{}: with key {} has an invalid type", place, key.key);
    if (key.type == ValueType::Enum && key.enumIndex >= p.schema.enums.size())
      return v.fail("{}: with key {}: enum index {} out of range ({} enums)", place, key.key, key.enumIndex,
                    p.schema.enums.size());
    withTypes.push_back(machineType(key.type));
  }
  for (size_t k = 0; k < rule.bodies.size(); ++k) {
    const RuleBody& body = rule.bodies[k];
    std::string bodyPlace = fmt::format("{} body {}", place, k);
    if (!checkFnRef(v, body.whereFn, bodyPlace + " where", body.event, kBool, false)) return false;
    if (body.conditionFns.size() != rule.conditions.size())
      return v.fail("{}: {} condition fns for {} conditions", bodyPlace, body.conditionFns.size(),
                    rule.conditions.size());
    for (size_t c = 0; c < body.conditionFns.size(); ++c)
      if (!checkFnRef(v, body.conditionFns[c], fmt::format("{} condition {}", bodyPlace, c), body.event, kBool, true))
        return false;
    if (!checkFnRef(v, body.withFn, bodyPlace + " with", body.event, withTypes, !rule.with.empty())) return false;
  }
  return true;
}

bool verifyLimitAndAction(Verifier& v, const Rule& rule, const std::string& place) {
  const Program& p = v.program;
  if (rule.once && !rule.limits.empty()) return v.fail("{}: both once and limit", place);
  if ((rule.once || !rule.limits.empty()) != (rule.limitOffset != kNone))
    return v.fail("{}: a limit slot must exist exactly when the rule has a limit or once", place);
  if (!rule.limits.empty() && !checkPairs(v, rule.limits, rule.limitRingSize, place + " limit")) return false;
  switch (rule.action) {
    case Action::Send:
      if (rule.destination >= p.channels.size())
        return v.fail("{}: send to channel {} out of range ({} channels)", place, rule.destination, p.channels.size());
      return true;
    case Action::Handoff:
      if (rule.destination >= p.queues.size())
        return v.fail("{}: handoff to queue {} out of range ({} queues)", place, rule.destination, p.queues.size());
      return true;
    case Action::Emit:
      if (rule.destination != kNone) return v.fail("{}: an emit has no destination", place);
      return true;
  }
  return v.fail("{}: invalid action {}", place, static_cast<int>(rule.action));
}

bool verifyRules(Verifier& v) {
  const Program& p = v.program;
  for (uint32_t r = 0; r < p.rules.size(); ++r) {
    const Rule& rule = p.rules[r];
    std::string place = fmt::format("rule {} ({})", r, rule.name);
    if (rule.journey >= p.journeys.size())
      return v.fail("{}: journey {} out of range ({} journeys)", place, rule.journey, p.journeys.size());
    const Journey& journey = p.journeys[rule.journey];
    if (r < journey.ruleBegin || r >= journey.ruleEnd)
      return v.fail("{}: names journey {}, whose rules are [{}, {})", place, journey.name, journey.ruleBegin,
                    journey.ruleEnd);
    place = "rule " + text::ruleName(p, r);
    if (!verifyTrigger(v, rule, place) || !verifyBodies(v, rule, place) || !verifyLimitAndAction(v, rule, place))
      return false;
  }
  return true;
}

}  // namespace

bool verifyTables(Verifier& v) {
  return verifyChannels(v) && verifyStreamFilters(v) && verifyCaps(v) && verifyJourneys(v) && verifyRules(v);
}

}  // namespace onb::bc::verify
