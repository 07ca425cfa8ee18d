// The two formats of `onb trace`: text that reads like a support answer, and JSON lines.
#include <fmt/format.h>

#include "cli/report/figure_format.hpp"
#include "cli/trace/trace_entry.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::trace {

std::string_view traceKindName(TraceKind kind) {
  switch (kind) {
    case TraceKind::Event: return "event";
    case TraceKind::Enter: return "enter";
    case TraceKind::TimerArmed: return "timer_armed";
    case TraceKind::TimerFired: return "timer_fired";
    case TraceKind::Delivered: return "delivered";
    case TraceKind::Suppressed: return "suppressed";
    case TraceKind::Deferred: return "deferred";
    case TraceKind::Skip: return "skip";
    case TraceKind::Goal: return "goal";
    case TraceKind::Exit: return "exit";
    case TraceKind::Error: return "error";
    case TraceKind::Pending: return "pending";
  }
  return "?";
}

std::string jsonQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string durationLiteral(int64_t ms) {
  static const std::pair<int64_t, const char*> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const auto& [size, unit] : kUnits)
    if (ms != 0 && ms % size == 0) return fmt::format("{}{}", ms / size, unit);
  return fmt::format("{}ms", ms);
}

namespace {

// "2025-03-04 09:00:00.000" (UTC).
std::string textTime(int64_t t) {
  std::string iso = civil::formatIso(t);
  if (iso.size() == 24) {
    iso[10] = ' ';
    iso.pop_back();  // the Z
  }
  return iso;
}

std::string fieldsText(const std::vector<TraceField>& fields) {
  std::string out = "{";
  for (size_t i = 0; i < fields.size(); ++i) out += fmt::format("{}{}: {}", i ? ", " : "", fields[i].name, fields[i].json);
  return out + "}";
}

std::string actionText(const TraceEntry& e) {
  if (e.action == "send") return fmt::format("send {} {}", e.destination, jsonQuote(e.name));
  if (e.action == "handoff") return "handoff " + e.destination;
  return "emit " + jsonQuote(e.name);
}

std::string eventText(const TraceEntry& e) {
  const std::string what = e.callType == "track" ? jsonQuote(e.event) : e.callType.empty() ? "line" : e.callType;
  const std::string line = fmt::format("(line {})", e.line);
  if (e.outcome == "processed")
    return e.fields.empty() ? fmt::format("event {} {}", what, line)
                            : fmt::format("event {} {} {}", what, line, fieldsText(e.fields));
  if (e.outcome == "duplicate")
    return fmt::format("duplicate {} {}: messageId {} already seen within the dedup window, dropped", what, line,
                       jsonQuote(e.messageId));
  if (e.outcome == "late") return fmt::format("late {} {}: older than the watermark, not processed", what, line);
  if (e.outcome == "held") return fmt::format("held {} {} for the allowed lateness", what, line);
  if (e.outcome == "malformed") return fmt::format("malformed line {}: {}", e.line, e.reason);
  return fmt::format("{} {} {}: {}", e.outcome, what, line, e.reason);  // invalid, ignored
}

std::string suppressionText(const TraceEntry& e) {
  std::string why = e.reason;
  if (e.reason == "holdout")
    why = fmt::format("holdout (the user is in {}'s holdout{})", e.journey, e.detail.empty() ? "" : " of " + e.detail);
  else if (e.reason == "consent")
    why = e.detail.empty() ? fmt::format("consent (channel {}'s requirement is false)", e.destination)
                           : fmt::format("consent (channel {} requires {}: false)", e.destination, e.detail);
  else if (e.reason == "limit") why = e.detail == "once" ? "once" : "limit " + e.detail;
  else if (e.reason == "cap") why = "cap " + e.detail;
  if (e.line) why += fmt::format(" (line {})", e.line);
  return fmt::format("{} (rule {}) suppressed: {}", actionText(e), e.rule, why);
}

std::string entryText(const TraceEntry& e) {
  switch (e.kind) {
    case TraceKind::Event: return eventText(e);
    case TraceKind::Enter:
      return fmt::format("enter ({}){}", e.holdout ? "holdout: its actions are recorded as suppressed" : "treatment",
                         e.ms >= 0 ? fmt::format(", exits after {} at {}", durationLiteral(e.ms), textTime(e.due)) : "");
    case TraceKind::TimerArmed:
      return fmt::format("timer {}: rule {} (after {} since {}), due {}", e.rearmed ? "re-armed" : "armed", e.rule,
                         durationLiteral(e.ms), e.anchor, textTime(e.due));
    case TraceKind::TimerFired:
      if (e.rule.empty()) return fmt::format("timer fired: exit after {}", durationLiteral(e.ms));
      if (e.deferredFiring) return fmt::format("quiet hours over: rule {} fires again", e.rule);
      return fmt::format("timer fired: rule {}", e.rule);
    case TraceKind::Delivered:
      return e.fields.empty() ? fmt::format("{} (rule {})", actionText(e), e.rule)
                              : fmt::format("{} (rule {}) vars {}", actionText(e), e.rule, fieldsText(e.fields));
    case TraceKind::Suppressed: return suppressionText(e);
    case TraceKind::Deferred:
      return fmt::format("{} (rule {}) deferred: quiet hours {}, until {}", actionText(e), e.rule, e.detail,
                         textTime(e.due));
    case TraceKind::Skip:
      return fmt::format("rule {} skipped: {} (line {})", e.rule,
                         e.detail.empty() ? std::string(e.isUnless ? "an unless clause held" : "an if clause failed")
                                          : e.detail,
                         e.line);
    case TraceKind::Goal:
      return fmt::format("goal {} reached {} after entry (ttv_ms {})", e.event, report::formatDuration(e.ms), e.ms);
    case TraceKind::Exit:
      if (e.reason == "exit") return fmt::format("exit: exit when {}", e.event.empty() ? "..." : e.event);
      if (e.reason == "expired") return fmt::format("exit: expired (exit after {})", durationLiteral(e.ms));
      return "exit: goal reached";
    case TraceKind::Error: return fmt::format("rule {} error: {}", e.rule, e.detail);
    case TraceKind::Pending:
      if (e.rule.empty()) return fmt::format("still pending at the end of the input: exit after, due {}", textTime(e.due));
      return fmt::format("still pending at the end of the input: rule {}{}, due {}", e.rule,
                         e.deferredFiring ? " (deferred by quiet hours)" : "", textTime(e.due));
  }
  return "?";
}

class TextWriter final : public TraceWriter {
 public:
  explicit TextWriter(std::FILE* out) : out_(out) {}
  void write(const TraceEntry& e) override {
    const std::string time = e.hasTime ? textTime(e.t) : std::string(23, ' ');
    fmt::print(out_, "{}  {}{}\n", time, e.journey.empty() ? "" : e.journey + ": ", entryText(e));
  }

 private:
  std::FILE* out_;
};

class JsonWriter final : public TraceWriter {
 public:
  explicit JsonWriter(std::FILE* out) : out_(out) {}
  void write(const TraceEntry& e) override {
    std::string o = "{\"t\":";
    o += e.hasTime ? jsonQuote(civil::formatIso(e.t)) : "null";
    o += fmt::format(",\"kind\":{}", jsonQuote(traceKindName(e.kind)));
    auto str = [&](const char* key, const std::string& v) {
      if (!v.empty()) o += fmt::format(",\"{}\":{}", key, jsonQuote(v));
    };
    auto time = [&](const char* key, int64_t t) { o += fmt::format(",\"{}\":{}", key, jsonQuote(civil::formatIso(t))); };
    auto fields = [&](const char* key) {
      o += fmt::format(",\"{}\":{{", key);
      for (size_t i = 0; i < e.fields.size(); ++i)
        o += fmt::format("{}{}:{}", i ? "," : "", jsonQuote(e.fields[i].name), e.fields[i].json);
      o += "}";
    };
    str("journey", e.journey);
    str("rule", e.rule);
    switch (e.kind) {
      case TraceKind::Event:
        str("outcome", e.outcome);
        str("type", e.callType);
        str("event", e.event);
        o += fmt::format(",\"line\":{}", e.line);
        str("message_id", e.messageId);
        str("reason", e.reason);
        if (!e.fields.empty()) fields(e.callType == "identify" ? "traits" : "properties");
        break;
      case TraceKind::Enter:
        o += fmt::format(",\"holdout\":{}", e.holdout ? "true" : "false");
        if (e.ms >= 0) time("expires", e.due);
        break;
      case TraceKind::TimerArmed:
        time("due", e.due);
        o += fmt::format(",\"delay_ms\":{},\"anchor\":{},\"rearmed\":{}", e.ms, jsonQuote(e.anchor),
                         e.rearmed ? "true" : "false");
        break;
      case TraceKind::TimerFired:
      case TraceKind::Pending:
        time("due", e.due);
        if (e.rule.empty()) o += ",\"timer\":\"exit_after\"";
        else o += fmt::format(",\"timer\":{}", e.deferredFiring ? "\"deferred\"" : "\"rule\"");
        break;
      case TraceKind::Delivered:
      case TraceKind::Suppressed:
      case TraceKind::Deferred:
        str("action", e.action);
        str(e.action == "handoff" ? "queue" : "channel", e.destination);
        str(e.action == "emit" ? "name" : "template", e.name);
        if (e.kind == TraceKind::Delivered && !e.fields.empty()) fields("vars");
        if (e.kind == TraceKind::Suppressed) {
          str("reason", e.reason);
          str("detail", e.detail);
          if (e.line) o += fmt::format(",\"line\":{}", e.line);
        }
        if (e.kind == TraceKind::Deferred) {
          time("until", e.due);
          str("quiet", e.detail);
        }
        break;
      case TraceKind::Skip:
        o += fmt::format(",\"clause\":\"{}\",\"line\":{}", e.isUnless ? "unless" : "if", e.line);
        str("text", e.detail);
        break;
      case TraceKind::Goal:
        str("event", e.event);
        o += fmt::format(",\"ttv_ms\":{}", e.ms);
        break;
      case TraceKind::Exit:
        str("reason", e.reason);
        str("event", e.event);
        break;
      case TraceKind::Error: str("message", e.detail); break;
    }
    fmt::print(out_, "{}}}\n", o);
  }

 private:
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<TraceWriter> makeTextWriter(std::FILE* out) { return std::make_unique<TextWriter>(out); }
std::unique_ptr<TraceWriter> makeJsonWriter(std::FILE* out) { return std::make_unique<JsonWriter>(out); }

}  // namespace onb::trace
