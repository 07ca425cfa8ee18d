#include "cli/trace/trace_collector.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "stdlib/civil_time.hpp"

namespace onb::trace {

namespace {

constexpr const char* kSensitive = "\"(sensitive)\"";

std::string_view outcomeName(engine::EventOutcome outcome) {
  switch (outcome) {
    case engine::EventOutcome::Processed: return "processed";
    case engine::EventOutcome::Duplicate: return "duplicate";
    case engine::EventOutcome::Late: return "late";
    case engine::EventOutcome::Invalid: return "invalid";
    case engine::EventOutcome::Ignored: return "ignored";
    case engine::EventOutcome::Malformed: return "malformed";
    case engine::EventOutcome::Held: return "held";
  }
  return "?";
}

std::string_view actionName(bc::Action action) {
  switch (action) {
    case bc::Action::Send: return "send";
    case bc::Action::Handoff: return "handoff";
    case bc::Action::Emit: return "emit";
  }
  return "?";
}

std::string clock(uint16_t minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

// A source line without its indentation and comment (a `#` outside a string).
std::string clauseLine(const std::string& line) {
  bool inString = false;
  size_t end = line.size();
  for (size_t i = 0; i < line.size(); ++i) {
    if (inString && line[i] == '\\') ++i;
    else if (line[i] == '"') inString = !inString;
    else if (!inString && line[i] == '#') {
      end = i;
      break;
    }
  }
  size_t begin = line.find_first_not_of(" \t");
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) --end;
  if (begin == std::string::npos || begin >= end) return {};
  std::string text = line.substr(begin, end - begin);
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return text;
}

}  // namespace

TraceCollector::TraceCollector(const bc::Program& program, std::string user, TraceWriter& out)
    : program_(program), user_(std::move(user)), out_(out) {}

TraceEntry TraceCollector::entry(TraceKind kind, int64_t t, uint32_t journey) const {
  TraceEntry e;
  e.kind = kind;
  e.t = t;
  if (journey < program_.journeys.size()) e.journey = program_.journeys[journey].name;
  return e;
}

TraceEntry TraceCollector::ruleEntry(TraceKind kind, int64_t t, uint32_t r) const {
  const bc::Rule& rule = program_.rules[r];
  TraceEntry e = entry(kind, t, rule.journey);
  e.rule = rule.name;
  e.action = std::string(actionName(rule.action));
  switch (rule.action) {
    case bc::Action::Send:
      e.destination = program_.channels[rule.destination].name;
      e.name = rule.text;
      break;
    case bc::Action::Handoff: e.destination = program_.queues[rule.destination]; break;
    case bc::Action::Emit: e.name = rule.text; break;
  }
  return e;
}

std::string TraceCollector::valueJson(const Value& v, ValueType type, uint32_t enumIndex) const {
  if (v.missing) return "null";
  switch (type) {
    case ValueType::Bool: return v.i ? "true" : "false";
    case ValueType::Int:
    case ValueType::Duration: return std::to_string(v.i);
    case ValueType::Float: return std::isfinite(v.f) ? fmt::format("{}", v.f) : "null";
    case ValueType::String: return jsonQuote(v.str());
    case ValueType::Time: return jsonQuote(civil::formatIso(v.i));
    case ValueType::Enum: {
      const auto& members = program_.schema.enums[enumIndex].members;
      return v.i >= 0 && static_cast<size_t>(v.i) < members.size() ? jsonQuote(members[static_cast<size_t>(v.i)])
                                                                    : "null";
    }
  }
  return "null";
}

const std::vector<std::string>& TraceCollector::sourceLines(int32_t fn) {
  static const std::vector<std::string> kNone;
  if (fn < 0 || static_cast<size_t>(fn) >= program_.functions.size()) return kNone;
  const uint32_t file = program_.functions[static_cast<size_t>(fn)].file;
  if (file >= program_.files.size()) return kNone;
  const std::string& path = program_.files[file];
  auto it = sources_.find(path);
  if (it == sources_.end()) {
    std::vector<std::string> lines;
    std::ifstream in(path);  // an artifact's sources may be gone: the text is then left out
    for (std::string l; std::getline(in, l);) lines.push_back(std::move(l));
    it = sources_.emplace(path, std::move(lines)).first;
  }
  return it->second;
}

std::string TraceCollector::clauseText(const bc::Rule& rule, bool isUnless, uint32_t line) {
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    if (rule.conditions[i].line != line || rule.conditions[i].isUnless != isUnless || rule.bodies.empty()) continue;
    const std::vector<std::string>& lines = sourceLines(rule.bodies[0].conditionFns[i]);
    if (line == 0 || line > lines.size()) return {};
    return clauseLine(lines[line - 1]);
  }
  return {};
}

std::string TraceCollector::consentText(uint32_t channel) {
  // The artifact keeps the requirement as code only: find `channel NAME requires EXPR`
  // in the channel's source file.
  const bc::Channel& c = program_.channels[channel];
  const std::string prefix = "channel " + c.name + " requires ";
  for (const std::string& l : sourceLines(c.requiresFn)) {
    const std::string text = clauseLine(l);
    if (text.starts_with(prefix)) return text.substr(prefix.size());
  }
  return {};
}

void TraceCollector::onEvent(std::string_view user, const io::DecodedEvent& ev, engine::EventOutcome outcome) {
  if (user != user_) return;
  ++lines_;
  TraceEntry e = entry(TraceKind::Event, ev.t, UINT32_MAX);
  e.outcome = std::string(outcomeName(outcome));
  e.line = ev.line;
  e.hasTime = outcome != engine::EventOutcome::Malformed;
  e.reason = ev.reason;
  if (ev.hasMessageId) e.messageId = std::string(ev.messageId);
  const bc::Schema& schema = program_.schema;
  switch (ev.cls) {
    case io::LineClass::Track:
      e.callType = "track";
      e.event = schema.events[ev.event].wireName;
      if (outcome == engine::EventOutcome::Processed) {
        const auto& props = schema.events[ev.event].properties;
        for (size_t i = 0; i < props.size() && i < ev.props.size(); ++i)
          e.fields.push_back({props[i].name, props[i].sensitive ? kSensitive
                                                                : valueJson(ev.props[i], props[i].type, props[i].enumIndex)});
        lastEvent_ = ev.event;
        lastEventT_ = ev.t;
      }
      break;
    case io::LineClass::Identify:
      e.callType = "identify";
      for (const io::TraitUpdate& u : ev.traits) {
        const bc::TraitSpec& trait = schema.traits[u.trait];
        e.fields.push_back({trait.name, trait.sensitive              ? kSensitive
                                        : u.op == io::TraitOp::Remove ? "null"
                                                                      : valueJson(u.value, trait.type, trait.enumIndex)});
      }
      for (const std::string& error : ev.traitErrors) e.reason += (e.reason.empty() ? "" : "; ") + error;
      break;
    case io::LineClass::Invalid:
      // A track of a declared event with a bad property, or an identify whose traits are not an object.
      if (ev.reason.starts_with("traits")) e.callType = "identify";
      else if (ev.event < schema.events.size()) {
        e.callType = "track";
        e.event = schema.events[ev.event].wireName;
      }
      break;
    case io::LineClass::Blank:
    case io::LineClass::Malformed:
    case io::LineClass::Ignored: break;
  }
  out_.write(e);
}

void TraceCollector::onTimerArmed(std::string_view user, uint32_t r, int64_t due, int64_t t) {
  if (user != user_) return;
  const bc::Rule& rule = program_.rules[r];
  // A deferral by quiet hours re-arms too; its `deferred` entry already says when.
  const bool deferral = lastDeferral_ == std::pair<uint32_t, int64_t>(r, due);
  lastDeferral_ = {UINT32_MAX, 0};
  bool rearmed = false;
  if (rule.trigger == bc::Trigger::After) {
    rearmed = pendingRules_.count(r) > 0;
    pendingRules_[r] = PendingTimer{due, deferral};
  } else {
    pendingDeferred_.insert({r, due});
  }
  if (deferral) return;
  TraceEntry e = ruleEntry(TraceKind::TimerArmed, t, r);
  e.due = due;
  e.ms = rule.delayMs;
  e.rearmed = rearmed;
  switch (rule.anchor) {
    case bc::Anchor::Enter: e.anchor = "enter"; break;
    case bc::Anchor::First: e.anchor = "first " + program_.schema.events[rule.anchorEvent].name; break;
    case bc::Anchor::Last: e.anchor = "last " + program_.schema.events[rule.anchorEvent].name; break;
    case bc::Anchor::LastAny: e.anchor = "last any"; break;
  }
  out_.write(e);
}

void TraceCollector::onTimerFired(std::string_view user, uint32_t r, uint32_t journey, int64_t due) {
  if (user != user_) return;
  if (r == UINT32_MAX) {  // `exit after`
    pendingExpiry_.erase(journey);
    TraceEntry e = entry(TraceKind::TimerFired, due, journey);
    e.due = due;
    e.ms = program_.journeys[journey].exitAfterMs;
    return out_.write(e);
  }
  TraceEntry e = ruleEntry(TraceKind::TimerFired, due, r);
  e.due = due;
  if (program_.rules[r].trigger == bc::Trigger::After) {
    auto it = pendingRules_.find(r);
    e.deferredFiring = it != pendingRules_.end() && it->second.deferral;
    if (it != pendingRules_.end()) pendingRules_.erase(it);
  } else {
    e.deferredFiring = true;
    auto it = pendingDeferred_.find({r, due});
    if (it != pendingDeferred_.end()) pendingDeferred_.erase(it);
  }
  out_.write(e);
}

void TraceCollector::forgetJourney(uint32_t journey) {
  const bc::Journey& j = program_.journeys[journey];
  pendingRules_.erase(pendingRules_.lower_bound(j.ruleBegin), pendingRules_.lower_bound(j.ruleEnd));
  pendingDeferred_.erase(pendingDeferred_.lower_bound({j.ruleBegin, INT64_MIN}),
                         pendingDeferred_.lower_bound({j.ruleEnd, INT64_MIN}));
  pendingExpiry_.erase(journey);
}

void TraceCollector::record(const engine::Record& r) {
  if (r.user != user_) return;
  const bc::Journey& journey = program_.journeys[r.journey];
  switch (r.kind) {
    case engine::RecordKind::Enter: {
      TraceEntry e = entry(TraceKind::Enter, r.t, r.journey);
      e.holdout = r.holdout;
      e.ms = journey.exitAfterMs;
      if (journey.exitAfterMs >= 0) {
        e.due = r.t > INT64_MAX - journey.exitAfterMs ? INT64_MAX : r.t + journey.exitAfterMs;
        pendingExpiry_[r.journey] = e.due;
      }
      return out_.write(e);
    }
    case engine::RecordKind::Send:
    case engine::RecordKind::Handoff:
    case engine::RecordKind::Emit: {
      TraceEntry e = ruleEntry(TraceKind::Delivered, r.t, r.rule);
      const bc::Rule& rule = program_.rules[r.rule];
      for (size_t i = 0; i < rule.with.size() && r.vars; ++i)
        e.fields.push_back({rule.with[i].key, valueJson(r.vars[i], rule.with[i].type, rule.with[i].enumIndex)});
      return out_.write(e);
    }
    case engine::RecordKind::Suppressed: {
      TraceEntry e = ruleEntry(TraceKind::Suppressed, r.t, r.rule);
      e.reason = std::string(engine::suppressReasonName(r.reason));
      e.detail = std::string(r.detail);
      e.line = r.line;
      switch (r.reason) {
        case engine::SuppressReason::Holdout:
          e.detail = fmt::format("{}%", journey.holdoutHundredths / 100.0);  // as written: 10%, 2.5%
          break;
        case engine::SuppressReason::Consent:
          e.detail = consentText(program_.rules[r.rule].destination);
          break;
        case engine::SuppressReason::Limit:
        case engine::SuppressReason::Cap: break;
      }
      return out_.write(e);
    }
    case engine::RecordKind::Deferred: {
      TraceEntry e = ruleEntry(TraceKind::Deferred, r.t, r.rule);
      e.due = r.until;
      e.detail = clock(journey.quietStart) + ".." + clock(journey.quietEnd);
      lastDeferral_ = {r.rule, r.until};
      return out_.write(e);
    }
    case engine::RecordKind::Skip: {
      TraceEntry e = ruleEntry(TraceKind::Skip, r.t, r.rule);
      e.isUnless = r.isUnless;
      e.line = r.line;
      e.detail = clauseText(program_.rules[r.rule], r.isUnless, r.line);
      return out_.write(e);
    }
    case engine::RecordKind::Goal: {
      TraceEntry e = entry(TraceKind::Goal, r.t, r.journey);
      e.event = program_.schema.events[journey.goalEvent].name;
      e.ms = r.ttvMs;
      return out_.write(e);
    }
    case engine::RecordKind::Exit: {
      TraceEntry e = entry(TraceKind::Exit, r.t, r.journey);
      e.reason = std::string(engine::exitReasonName(r.exitReason));
      e.ms = journey.exitAfterMs;
      if (r.exitReason == engine::ExitReason::Exit && lastEvent_ != UINT32_MAX && lastEventT_ == r.t)
        e.event = program_.schema.events[lastEvent_].name;
      if (r.exitReason == engine::ExitReason::Goal) e.event = program_.schema.events[journey.goalEvent].name;
      forgetJourney(r.journey);
      return out_.write(e);
    }
    case engine::RecordKind::Error: {
      TraceEntry e = entry(TraceKind::Error, r.t, r.journey);
      e.rule = std::string(r.ruleName);
      e.detail = std::string(r.message);
      return out_.write(e);
    }
  }
}

void TraceCollector::finish(int64_t end) {
  std::vector<TraceEntry> pending;
  for (const auto& [journey, due] : pendingExpiry_) {
    TraceEntry e = entry(TraceKind::Pending, end, journey);
    e.due = due;
    e.ms = program_.journeys[journey].exitAfterMs;
    pending.push_back(std::move(e));
  }
  for (const auto& [rule, timer] : pendingRules_) {
    TraceEntry e = ruleEntry(TraceKind::Pending, end, rule);
    e.due = timer.due;
    e.deferredFiring = timer.deferral;
    pending.push_back(std::move(e));
  }
  for (const auto& [rule, due] : pendingDeferred_) {
    TraceEntry e = ruleEntry(TraceKind::Pending, end, rule);
    e.due = due;
    e.deferredFiring = true;
    pending.push_back(std::move(e));
  }
  std::stable_sort(pending.begin(), pending.end(), [](const TraceEntry& a, const TraceEntry& b) { return a.due < b.due; });
  for (const TraceEntry& e : pending) out_.write(e);
}

}  // namespace onb::trace
