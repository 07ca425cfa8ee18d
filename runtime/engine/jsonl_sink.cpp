#include "runtime/engine/jsonl_sink.hpp"

namespace onb::engine {

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string_view actionName(bc::Action a) {
  switch (a) {
    case bc::Action::Send: return "send";
    case bc::Action::Handoff: return "handoff";
    case bc::Action::Emit: return "emit";
  }
  return "?";
}

}  // namespace

JsonlSink::JsonlSink(const bc::Program& program, io::RecordWriter& out) : program_(program), out_(out) {
  for (const bc::Journey& j : program.journeys) {
    const std::string head = ",\"journey\":" + quoted(j.name) + ",\"kind\":";
    JourneyText t;
    t.enter[0] = head + "\"enter\",\"holdout\":false}\n";
    t.enter[1] = head + "\"enter\",\"holdout\":true}\n";
    t.goal = head + "\"goal\",\"ttv_ms\":";
    for (int r = 0; r < 3; ++r)
      t.exit[r] = head + "\"exit\",\"reason\":\"" + std::string(exitReasonName(static_cast<ExitReason>(r))) + "\"}\n";
    t.error = head + "\"error\",\"rule\":";
    journeys_.push_back(std::move(t));
  }
  for (const bc::Rule& rule : program.rules) {
    const std::string journey = ",\"journey\":" + quoted(program.journeys[rule.journey].name) + ",\"kind\":";
    const std::string name = ",\"rule\":" + quoted(rule.name);
    RuleText t;
    switch (rule.action) {
      case bc::Action::Send:
        t.delivered = journey + "\"send\"" + name + ",\"channel\":" + quoted(program.channels[rule.destination].name) +
                      ",\"template\":" + quoted(rule.text);
        break;
      case bc::Action::Handoff:
        t.delivered = journey + "\"handoff\"" + name + ",\"queue\":" + quoted(program.queues[rule.destination]);
        break;
      case bc::Action::Emit: t.delivered = journey + "\"emit\"" + name + ",\"name\":" + quoted(rule.text); break;
    }
    t.suppressedHead = journey + "\"suppressed\"" + name + ",\"reason\":";
    for (int r = 0; r < 4; ++r)
      t.suppressed[r] = t.suppressedHead + "\"" + std::string(suppressReasonName(static_cast<SuppressReason>(r))) +
                        "\",\"action\":\"" + std::string(actionName(rule.action)) + "\"}\n";
    t.deferred = journey + "\"deferred\"" + name + ",\"until\":";
    t.skip = journey + "\"skip\"" + name + ",\"clause\":";
    rules_.push_back(std::move(t));
  }
}

void JsonlSink::value(const Value& v, const bc::WithKey& key) {
  if (v.missing) return out_.null();
  switch (key.type) {
    case ValueType::Bool: return out_.boolean(v.i != 0);
    case ValueType::Int:
    case ValueType::Duration: return out_.int64(v.i);
    case ValueType::Float: return out_.float64(v.f);
    case ValueType::String: return out_.jsonString(v.str());
    case ValueType::Time: return out_.time(v.i);
    case ValueType::Enum: return out_.jsonString(program_.schema.enums[key.enumIndex].members[static_cast<size_t>(v.i)]);
  }
}

void JsonlSink::vars(const bc::Rule& rule, const Value* values) {
  if (rule.with.empty()) return;
  out_.raw(",\"vars\":{");
  for (size_t i = 0; i < rule.with.size(); ++i) {
    if (i) out_.byte(',');
    out_.jsonString(rule.with[i].key);
    out_.byte(':');
    value(values[i], rule.with[i]);
  }
  out_.byte('}');
}

void JsonlSink::record(const Record& r) {
  out_.raw("{\"t\":");
  out_.time(r.t);
  out_.raw(",\"user\":");
  out_.jsonString(r.user);
  const JourneyText& journey = journeys_[r.journey];
  switch (r.kind) {
    case RecordKind::Enter: return out_.raw(journey.enter[r.holdout ? 1 : 0]);
    case RecordKind::Send:
    case RecordKind::Handoff:
    case RecordKind::Emit: {
      const bc::Rule& rule = program_.rules[r.rule];
      out_.raw(rules_[r.rule].delivered);
      vars(rule, r.vars);
      static const char kHex[] = "0123456789abcdef";
      char id[16];
      uint64_t h = r.id;
      for (int i = 15; i >= 0; --i, h >>= 4) id[i] = kHex[h & 15];
      out_.raw(",\"id\":\"");
      out_.raw(std::string_view(id, 16));
      return out_.raw("\"}\n");
    }
    case RecordKind::Suppressed: {
      const RuleText& text = rules_[r.rule];
      if (r.detail.empty()) return out_.raw(text.suppressed[static_cast<size_t>(r.reason)]);
      out_.raw(text.suppressedHead);  // --explain: which limit or cap
      out_.byte('"');
      out_.raw(suppressReasonName(r.reason));
      out_.raw("\",\"action\":\"");
      out_.raw(actionName(r.action));
      out_.raw("\",\"detail\":");
      out_.jsonString(r.detail);
      out_.raw(",\"line\":");
      out_.uint64(r.line);
      return out_.raw("}\n");
    }
    case RecordKind::Deferred:
      out_.raw(rules_[r.rule].deferred);
      out_.time(r.until);
      return out_.raw("}\n");
    case RecordKind::Goal:
      out_.raw(journey.goal);
      out_.int64(r.ttvMs);
      return out_.raw("}\n");
    case RecordKind::Exit: return out_.raw(journey.exit[static_cast<size_t>(r.exitReason)]);
    case RecordKind::Error:
      out_.raw(journey.error);
      out_.jsonString(r.ruleName);
      out_.raw(",\"message\":");
      out_.jsonString(r.message);
      return out_.raw("}\n");
    case RecordKind::Skip:
      out_.raw(rules_[r.rule].skip);
      out_.raw(r.isUnless ? "\"unless\",\"line\":" : "\"if\",\"line\":");
      out_.uint64(r.line);
      return out_.raw("}\n");
  }
}

}  // namespace onb::engine
