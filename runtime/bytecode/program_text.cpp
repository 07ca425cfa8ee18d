#include "runtime/bytecode/program_text.hpp"

#include <fmt/format.h>

#include "stdlib/civil_time.hpp"

namespace onb::bc::text {

namespace {

template <class T>
bool inRange(const std::vector<T>& v, uint64_t index) {
  return index < v.size();
}

std::string unknown(uint64_t index) { return fmt::format("#{}?", index); }

// The shortest text that reads back as `f`, with ".0" added to whole numbers so a float
// never looks like an int ("2.0", "2.5", "1e+300", "inf").
std::string floatText(double f) {
  std::string text = fmt::format("{}", f);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

std::string duration(int64_t ms) {
  struct Unit {
    uint64_t ms;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1'000, "s"}};
  // The magnitude as unsigned, so INT64_MIN has one too.
  uint64_t magnitude = ms < 0 ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  const char* sign = ms < 0 ? "-" : "";
  if (magnitude != 0)
    for (const Unit& unit : kUnits)
      if (magnitude % unit.ms == 0) return fmt::format("{}{}{}", sign, magnitude / unit.ms, unit.suffix);
  return fmt::format("{}{}ms", sign, magnitude);
}

std::string time(int64_t ms) {
  if (ms < civil::kMinTime || ms > civil::kMaxTime) return fmt::format("@{}ms", ms);
  return fmt::format("@{}", civil::formatIso(ms));
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string eventName(const Program& p, uint32_t event) {
  if (event == kNone) return "-";
  return inRange(p.schema.events, event) ? p.schema.events[event].name : unknown(event);
}

std::string traitName(const Program& p, uint32_t trait) {
  return inRange(p.schema.traits, trait) ? p.schema.traits[trait].name : unknown(trait);
}

std::string channelName(const Program& p, uint32_t channel) {
  return inRange(p.channels, channel) ? p.channels[channel].name : unknown(channel);
}

std::string queueName(const Program& p, uint32_t queue) {
  return inRange(p.queues, queue) ? p.queues[queue] : unknown(queue);
}

std::string journeyName(const Program& p, int64_t journey) {
  if (journey == -1) return "(top level)";
  return journey >= 0 && inRange(p.journeys, static_cast<uint64_t>(journey)) ? p.journeys[journey].name
                                                                             : unknown(journey);
}

std::string ruleName(const Program& p, uint32_t rule) {
  if (!inRange(p.rules, rule)) return unknown(rule);
  return journeyName(p, p.rules[rule].journey) + "." + p.rules[rule].name;
}

std::string fnRef(int32_t fn) { return fn == kNoFn ? "-" : fmt::format("fn {}", fn); }

std::string enumText(const Program& p, uint32_t enumIndex) {
  if (!inRange(p.schema.enums, enumIndex)) return "enum" + unknown(enumIndex);
  return fmt::format("enum({})", fmt::join(p.schema.enums[enumIndex].members, ", "));
}

std::string typeText(const Program& p, ValueType type, uint32_t enumIndex, bool optional) {
  std::string base = type == ValueType::Enum ? enumText(p, enumIndex) : std::string(valueTypeName(type));
  return optional ? base + "?" : base;
}

std::string scalarText(const Program& p, ValueType type, uint32_t enumIndex, int64_t i, double f) {
  switch (type) {
    case ValueType::Bool:
      return i == 0 ? "false" : i == 1 ? "true" : fmt::format("bool({})", i);
    case ValueType::Int:
      return fmt::format("{}", i);
    case ValueType::Float:
      return floatText(f);
    case ValueType::String:
      return "?";
    case ValueType::Time:
      return time(i);
    case ValueType::Duration:
      return duration(i);
    case ValueType::Enum:
      if (inRange(p.schema.enums, enumIndex) && i >= 0 && inRange(p.schema.enums[enumIndex].members, i))
        return p.schema.enums[enumIndex].members[i];
      return fmt::format("enum member {}", i);
  }
  return "?";
}

std::string constantText(const Program& p, const Constant& k) {
  switch (k.type) {
    case ValueType::String:
      if (uint64_t{k.stringOffset} + k.stringLength > p.stringPool.size())
        return fmt::format("string [{}, +{}) outside the pool", k.stringOffset, k.stringLength);
      return quoted(p.constantString(k));
    case ValueType::Enum:
      return fmt::format("enum member {}", k.i);
    case ValueType::Bool:
    case ValueType::Int:
    case ValueType::Float:
    case ValueType::Time:
    case ValueType::Duration:
      return scalarText(p, k.type, 0, k.i, k.f);
  }
  return fmt::format("type {}?", static_cast<int>(k.type));
}

std::string pairsText(std::span<const Pair> pairs) {
  std::string out;
  for (const Pair& pair : pairs) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} per {}", pair.count, duration(pair.windowMs));
  }
  return out;
}

std::string_view histKindName(HistKind kind) {
  switch (kind) {
    case HistKind::Count:
      return "count";
    case HistKind::First:
      return "first";
    case HistKind::Last:
      return "last";
    case HistKind::Ring:
      return "ring";
    case HistKind::Log:
      return "log";
  }
  return "?";
}

std::string streamText(const Program& p, uint32_t stream) {
  if (!inRange(p.streams, stream)) return "stream" + unknown(stream);
  const HistoryStream& s = p.streams[stream];
  std::string event = eventName(p, s.event);
  if (s.filterFn == kNoFn) return event;
  return fmt::format("{} where {}{}", event, fnRef(s.filterFn), s.lazy ? ", at query time" : "");
}

std::string historySlotText(const Program& p, uint32_t slot) {
  if (!inRange(p.historySlots, slot)) return "history slot" + unknown(slot);
  const HistorySlot& h = p.historySlots[slot];
  std::string stream = streamText(p, h.stream);
  switch (h.kind) {
    case HistKind::Count:
      return fmt::format("count({})", stream);
    case HistKind::First:
      return fmt::format("first({})", stream);
    case HistKind::Last:
      return fmt::format("last({})", stream);
    case HistKind::Ring:
      return fmt::format("ring last {} {} within {}", h.k, stream, duration(h.windowMs));
    case HistKind::Log:
      return h.windowMs == 0 ? fmt::format("log {} kept forever", stream)
                             : fmt::format("log {} kept {}", stream, duration(h.windowMs));
  }
  return fmt::format("kind {}? ({})", static_cast<int>(h.kind), stream);
}

std::string capScopeText(const Program& p, const Cap& cap) {
  if (cap.channels.empty()) return "on every channel";
  std::string out = "on ";
  for (size_t i = 0; i < cap.channels.size(); ++i) out += (i ? ", " : "") + channelName(p, cap.channels[i]);
  return out;
}

}  // namespace onb::bc::text
