// The table part of the listing: header, schema, state layout, constants, channels,
// queues, caps, journeys and rules. Functions follow (disassemble_code.cpp).
#include "runtime/bytecode/disassembler.hpp"

#include <fmt/format.h>

#include "runtime/bytecode/disassembler_internal.hpp"
#include "runtime/bytecode/program_text.hpp"
#include "runtime/bytecode/state_map.hpp"

namespace onb::bc {

namespace {

template <typename... Args>
void line(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
  out += '\n';
}

std::string clock(uint16_t minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

void appendHeader(const Program& p, std::string& out) {
  line(out, "program");
  line(out, "  source hash  {}", p.sourceHash.empty() ? "-" : p.sourceHash);
  for (size_t f = 0; f < p.files.size(); ++f) line(out, "  file {}       {}", f, p.files[f]);
  line(out, "  schema       {} events, {} traits, {} enums", p.schema.events.size(), p.schema.traits.size(),
       p.schema.enums.size());
  line(out, "  tables       {} channels, {} queues, {} caps, {} journeys, {} rules, {} streams, {} history slots",
       p.channels.size(), p.queues.size(), p.caps.size(), p.journeys.size(), p.rules.size(), p.streams.size(),
       p.historySlots.size());
  line(out, "  code         {} functions, {} instructions, {} constants, {} string bytes, max {} registers",
       p.functions.size(), p.code.size(), p.constants.size(), p.stringPool.size(), p.maxRegisters);
}

void appendSchema(const Program& p, std::string& out) {
  const Schema& s = p.schema;
  line(out, "\nschema");
  for (uint32_t e = 0; e < s.enums.size(); ++e) line(out, "  enum {} ({})", e, fmt::join(s.enums[e].members, ", "));
  for (uint32_t e = 0; e < s.events.size(); ++e) {
    const EventSpec& event = s.events[e];
    line(out, "  event {} {} {}", e, event.name, text::quoted(event.wireName));
    for (uint32_t k = 0; k < event.properties.size(); ++k) {
      const FieldSpec& f = event.properties[k];
      line(out, "    {} {}: {}{}", k, f.name, text::typeText(p, f.type, f.enumIndex, f.optional),
           f.sensitive ? " @sensitive" : "");
    }
  }
  for (uint32_t t = 0; t < s.traits.size(); ++t) {
    const TraitSpec& trait = s.traits[t];
    std::string value;
    if (trait.hasDefault)
      value = " = " + (trait.type == ValueType::String ? text::quoted(trait.defaultText)
                                                       : text::scalarText(p, trait.type, trait.enumIndex,
                                                                          trait.defaultValue.i, trait.defaultValue.f));
    line(out, "  trait {} {}: {}{}{}", t, trait.name, text::typeText(p, trait.type, trait.enumIndex, trait.optional),
         value, trait.sensitive ? " @sensitive" : "");
  }
  line(out, "  timezone     {}", s.timezoneTrait < 0 ? "-" : "trait " + text::traitName(p, s.timezoneTrait));
}

void appendLayout(const Program& p, std::string& out) {
  line(out, "\nstate: {} bytes per user", p.layout.size);
  line(out, "  offset   size  slot");
  for (const StateSlot& slot : stateSlots(p))
    line(out, "  {:>6}  {:>5}  {}", slot.offset, slot.size, slotText(p, slot));
}

void appendConstants(const Program& p, std::string& out) {
  line(out, "\nconstants");
  for (size_t k = 0; k < p.constants.size(); ++k)
    line(out, "  k{:<4} {:<9} {}", k, valueTypeName(p.constants[k].type), text::constantText(p, p.constants[k]));
}

void appendDestinations(const Program& p, std::string& out) {
  line(out, "\nchannels");
  for (size_t c = 0; c < p.channels.size(); ++c)
    line(out, "  {} {}{}", c, p.channels[c].name,
         p.channels[c].requiresFn == kNoFn ? "" : " requires " + text::fnRef(p.channels[c].requiresFn));
  line(out, "\nqueues");
  for (size_t q = 0; q < p.queues.size(); ++q) line(out, "  {} {}", q, p.queues[q]);
  line(out, "\ncaps");
  for (size_t c = 0; c < p.caps.size(); ++c) {
    const Cap& cap = p.caps[c];
    std::string owner = cap.journey == -1 ? "top level" : "journey " + text::journeyName(p, cap.journey);
    line(out, "  cap {} ({}) {}: {}  ; line {} {}", c, owner, text::capScopeText(p, cap), text::pairsText(cap.pairs),
         cap.line, text::quoted(cap.text));
  }
}

void appendJourneys(const Program& p, std::string& out) {
  line(out, "\njourneys");
  for (size_t j = 0; j < p.journeys.size(); ++j) {
    const Journey& journey = p.journeys[j];
    line(out, "  journey {} {} (rules [{}, {}))", j, journey.name, journey.ruleBegin, journey.ruleEnd);
    line(out, "    enter when {} where {} if {}", text::eventName(p, journey.enterEvent),
         text::fnRef(journey.enterWhereFn), text::fnRef(journey.enterIfFn));
    if (journey.hasGoal)
      line(out, "    goal {} within {} where {}", text::eventName(p, journey.goalEvent),
           text::duration(journey.goalWithinMs), text::fnRef(journey.goalWhereFn));
    for (const ExitWhen& exit : journey.exits)
      line(out, "    exit when {} where {} if {}", text::eventName(p, exit.event), text::fnRef(exit.whereFn),
           text::fnRef(exit.ifFn));
    if (journey.exitAfterMs >= 0) line(out, "    exit after {}", text::duration(journey.exitAfterMs));
    line(out, "    holdout {}.{:02}%", journey.holdoutHundredths / 100, journey.holdoutHundredths % 100);
    if (journey.hasQuiet) line(out, "    quiet {}..{}", clock(journey.quietStart), clock(journey.quietEnd));
    if (journey.retentionEvent != kNone) line(out, "    retention {}", text::eventName(p, journey.retentionEvent));
    if (!journey.caps.empty()) line(out, "    caps {}", fmt::join(journey.caps, ", "));
  }
}

std::string triggerText(const Program& p, const Rule& rule) {
  switch (rule.trigger) {
    case Trigger::When: {
      std::string events;
      for (uint32_t e : rule.whenEvents) events += (events.empty() ? "" : " | ") + text::eventName(p, e);
      return "when " + events;
    }
    case Trigger::After: {
      std::string since = "after " + text::duration(rule.delayMs) + " since ";
      switch (rule.anchor) {
        case Anchor::Enter:
          return since + "enter";
        case Anchor::First:
          return since + "first " + text::eventName(p, rule.anchorEvent);
        case Anchor::Last:
          return since + "last " + text::eventName(p, rule.anchorEvent);
        case Anchor::LastAny:
          return since + "last any";
      }
      return since + "?";
    }
  }
  return "?";
}

std::string actionText(const Program& p, const Rule& rule) {
  switch (rule.action) {
    case Action::Send:
      return fmt::format("send {} {}", text::channelName(p, rule.destination), text::quoted(rule.text));
    case Action::Handoff:
      return "handoff " + text::queueName(p, rule.destination);
    case Action::Emit:
      return "emit " + text::quoted(rule.text);
  }
  return "?";
}

void appendRule(const Program& p, uint32_t r, std::string& out) {
  const Rule& rule = p.rules[r];
  line(out, "  rule {} {}", r, text::ruleName(p, r));
  line(out, "    {}", triggerText(p, rule));
  for (uint32_t e = 0; e < rule.anchorWhereFn.size(); ++e)
    if (rule.anchorWhereFn[e] != kNoFn)
      line(out, "    anchor where ({}) {}", text::eventName(p, e), text::fnRef(rule.anchorWhereFn[e]));
  for (size_t c = 0; c < rule.conditions.size(); ++c)
    line(out, "    condition {} {}  ; line {}", c, rule.conditions[c].isUnless ? "unless" : "if",
         rule.conditions[c].line);
  if (rule.once) line(out, "    once  ; line {}", rule.limitLine);
  if (!rule.limits.empty())
    line(out, "    limit {}  ; line {} {}", text::pairsText(rule.limits), rule.limitLine, text::quoted(rule.limitText));
  line(out, "    {}", actionText(p, rule));
  for (const WithKey& key : rule.with)
    line(out, "    with {}: {}", text::quoted(key.key), text::typeText(p, key.type, key.enumIndex, key.optional));
  for (size_t b = 0; b < rule.bodies.size(); ++b) {
    const RuleBody& body = rule.bodies[b];
    std::string conditions;
    for (int32_t fn : body.conditionFns) conditions += (conditions.empty() ? "" : ", ") + text::fnRef(fn);
    std::string event = body.event == kNone ? "no event" : "event " + text::eventName(p, body.event);
    line(out, "    body {} ({}): where {}, conditions [{}], with {}", b, event, text::fnRef(body.whereFn), conditions,
         text::fnRef(body.withFn));
  }
}

}  // namespace

std::string disassemble(const Program& p) {
  std::string out;
  appendHeader(p, out);
  appendSchema(p, out);
  appendLayout(p, out);
  appendConstants(p, out);
  appendDestinations(p, out);
  appendJourneys(p, out);
  line(out, "\nrules");
  for (uint32_t r = 0; r < p.rules.size(); ++r) appendRule(p, r, out);
  disasm::appendFunctions(p, out);
  return out;
}

}  // namespace onb::bc
