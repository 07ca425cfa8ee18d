#include "runtime/bytecode/state_map.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/bytecode/program_text.hpp"

namespace onb::bc {

uint64_t historySlotBytes(const HistorySlot& slot) {
  switch (slot.kind) {
    case HistKind::Count:
    case HistKind::First:
    case HistKind::Last:
    case HistKind::Log:
      return 8;
    case HistKind::Ring:
      return ringBytes(slot.k);
  }
  return 8;
}

std::vector<StateSlot> stateSlots(const Program& p) {
  std::vector<StateSlot> slots;
  auto add = [&](uint64_t offset, uint64_t size, SlotOwner owner, size_t index) {
    slots.push_back(StateSlot{offset, size, owner, static_cast<uint32_t>(index)});
  };
  for (size_t t = 0; t < p.layout.traitOffset.size(); ++t)
    if (p.layout.traitOffset[t] != kNone) add(p.layout.traitOffset[t], kTraitSlotBytes, SlotOwner::Trait, t);
  for (size_t h = 0; h < p.historySlots.size(); ++h)
    add(p.historySlots[h].offset, historySlotBytes(p.historySlots[h]), SlotOwner::History, h);
  for (size_t s = 0; s < p.streams.size(); ++s)
    if (p.streams[s].errorOffset != kNone) add(p.streams[s].errorOffset, kStreamErrorBytes, SlotOwner::StreamErrors, s);
  for (size_t s = 0; s < p.streams.size(); ++s)
    if (p.streams[s].logOffset != kNone) add(p.streams[s].logOffset, 8, SlotOwner::EventLog, s);
  for (size_t j = 0; j < p.journeys.size(); ++j)
    add(p.journeys[j].stateOffset, kJourneyStateBytes, SlotOwner::Journey, j);
  for (size_t r = 0; r < p.rules.size(); ++r) {
    const Rule& rule = p.rules[r];
    if (rule.timerOffset != kNone) add(rule.timerOffset, kRuleTimerBytes, SlotOwner::RuleTimer, r);
    if (rule.armedOffset != kNone) add(rule.armedOffset, kFlagSlotBytes, SlotOwner::RuleArmed, r);
    if (rule.limitOffset != kNone)
      add(rule.limitOffset, rule.limits.empty() ? kFlagSlotBytes : ringBytes(rule.limitRingSize), SlotOwner::RuleLimit,
          r);
  }
  for (size_t c = 0; c < p.caps.size(); ++c)
    add(p.caps[c].ringOffset, ringBytes(p.caps[c].ringSize), SlotOwner::Cap, c);
  std::stable_sort(slots.begin(), slots.end(),
                   [](const StateSlot& a, const StateSlot& b) { return a.offset < b.offset; });
  return slots;
}

std::string slotText(const Program& p, const StateSlot& slot) {
  switch (slot.owner) {
    case SlotOwner::Trait:
      return "trait " + text::traitName(p, slot.index);
    case SlotOwner::History:
      return "history " + text::historySlotText(p, slot.index);
    case SlotOwner::StreamErrors:
      return "filter errors of " + text::streamText(p, slot.index);
    case SlotOwner::EventLog:
      return "event log of " + text::streamText(p, slot.index);
    case SlotOwner::Journey:
      return fmt::format("journey {} state", text::journeyName(p, slot.index));
    case SlotOwner::RuleTimer:
      return fmt::format("rule {} timer", text::ruleName(p, slot.index));
    case SlotOwner::RuleArmed:
      return fmt::format("rule {} armed flag", text::ruleName(p, slot.index));
    case SlotOwner::RuleLimit: {
      if (slot.index >= p.rules.size() || p.rules[slot.index].limits.empty())
        return fmt::format("rule {} once flag", text::ruleName(p, slot.index));
      return fmt::format("rule {} limit ring[{}]", text::ruleName(p, slot.index), p.rules[slot.index].limitRingSize);
    }
    case SlotOwner::Cap: {
      if (slot.index >= p.caps.size()) return fmt::format("cap #{}?", slot.index);
      const Cap& cap = p.caps[slot.index];
      std::string owner = cap.journey == -1 ? "" : " (journey " + text::journeyName(p, cap.journey) + ")";
      return fmt::format("cap {}{} {} ring[{}]", slot.index, owner, text::capScopeText(p, cap), cap.ringSize);
    }
  }
  return "?";
}

}  // namespace onb::bc
