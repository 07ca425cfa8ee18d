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
    case HistKind::Log: return 8;
    case HistKind::Ring: return ringBytes(slot.k);
  }
  return 8;
}

std::vector<StateSlot> stateSlots(const Program& p) {
  std::vector<StateSlot> slots;
  auto add = [&](uint64_t offset, uint64_t size, std::string what) {
    slots.push_back(StateSlot{offset, size, std::move(what)});
  };
  for (size_t t = 0; t < p.layout.traitOffset.size(); ++t)
    if (p.layout.traitOffset[t] != kNone)
      add(p.layout.traitOffset[t], kTraitSlotBytes, "trait " + text::traitName(p, static_cast<uint32_t>(t)));
  for (size_t h = 0; h < p.historySlots.size(); ++h)
    add(p.historySlots[h].offset, historySlotBytes(p.historySlots[h]),
        "history " + text::historySlotText(p, static_cast<uint32_t>(h)));
  for (size_t s = 0; s < p.streams.size(); ++s)
    if (p.streams[s].errorOffset != kNone)
      add(p.streams[s].errorOffset, kStreamErrorBytes,
          fmt::format("filter errors of {}", text::streamText(p, static_cast<uint32_t>(s))));
  for (const Journey& j : p.journeys) add(j.stateOffset, kJourneyStateBytes, fmt::format("journey {} state", j.name));
  for (size_t r = 0; r < p.rules.size(); ++r) {
    const Rule& rule = p.rules[r];
    std::string name = "rule " + text::ruleName(p, static_cast<uint32_t>(r));
    if (rule.timerOffset != kNone) add(rule.timerOffset, kRuleTimerBytes, name + " timer");
    if (rule.armedOffset != kNone) add(rule.armedOffset, kFlagSlotBytes, name + " armed flag");
    if (rule.limitOffset != kNone) {
      if (rule.limits.empty())
        add(rule.limitOffset, kFlagSlotBytes, name + " once flag");
      else
        add(rule.limitOffset, ringBytes(rule.limitRingSize), fmt::format("{} limit ring[{}]", name, rule.limitRingSize));
    }
  }
  for (size_t c = 0; c < p.caps.size(); ++c) {
    const Cap& cap = p.caps[c];
    std::string owner = cap.journey == -1 ? "" : " (journey " + text::journeyName(p, cap.journey) + ")";
    add(cap.ringOffset, ringBytes(cap.ringSize),
        fmt::format("cap {}{} {} ring[{}]", c, owner, text::capScopeText(p, cap), cap.ringSize));
  }
  std::stable_sort(slots.begin(), slots.end(),
                   [](const StateSlot& a, const StateSlot& b) { return a.offset < b.offset; });
  return slots;
}

}  // namespace onb::bc
