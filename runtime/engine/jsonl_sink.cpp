#include "runtime/engine/jsonl_sink.hpp"

namespace onb::engine {

void JsonlSink::quoted(std::string_view identifier) {
  // Journey, rule, channel and queue names are identifiers: nothing to escape.
  out_.byte('"');
  out_.raw(identifier);
  out_.byte('"');
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

void JsonlSink::record(const Record& r) {
  out_.raw("{\"t\":");
  out_.time(r.t);
  out_.raw(",\"user\":");
  out_.jsonString(r.user);
  out_.raw(",\"journey\":");
  quoted(program_.journeys[r.journey].name);
  out_.raw(",\"kind\":\"");
  out_.raw(recordKindName(r.kind));
  out_.byte('"');
  const bc::Rule* rule = r.rule != bc::kNone ? &program_.rules[r.rule] : nullptr;
  if (rule && r.kind != RecordKind::Error) {
    out_.raw(",\"rule\":");
    quoted(rule->name);
  }
  auto actionTail = [&] {
    if (!rule->with.empty()) {
      out_.raw(",\"vars\":{");
      for (size_t i = 0; i < rule->with.size(); ++i) {
        if (i) out_.byte(',');
        out_.jsonString(rule->with[i].key);
        out_.byte(':');
        value(r.vars[i], rule->with[i]);
      }
      out_.byte('}');
    }
    static const char kHex[] = "0123456789abcdef";
    char id[16];
    uint64_t h = r.id;
    for (int i = 15; i >= 0; --i, h >>= 4) id[i] = kHex[h & 15];
    out_.raw(",\"id\":\"");
    out_.raw(std::string_view(id, 16));
    out_.raw("\"}\n");
  };
  switch (r.kind) {
    case RecordKind::Enter:
      out_.raw(r.holdout ? ",\"holdout\":true}\n" : ",\"holdout\":false}\n");
      return;
    case RecordKind::Send:
      out_.raw(",\"channel\":");
      quoted(program_.channels[rule->destination].name);
      out_.raw(",\"template\":");
      out_.jsonString(rule->text);
      return actionTail();
    case RecordKind::Handoff:
      out_.raw(",\"queue\":");
      quoted(program_.queues[rule->destination]);
      return actionTail();
    case RecordKind::Emit:
      out_.raw(",\"name\":");
      out_.jsonString(rule->text);
      return actionTail();
    case RecordKind::Suppressed:
      out_.raw(",\"reason\":\"");
      out_.raw(suppressReasonName(r.reason));
      out_.raw(r.action == bc::Action::Send ? "\",\"action\":\"send\"" : r.action == bc::Action::Handoff ? "\",\"action\":\"handoff\"" : "\",\"action\":\"emit\"");
      if (!r.detail.empty()) {
        out_.raw(",\"detail\":");
        out_.jsonString(r.detail);
        out_.raw(",\"line\":");
        out_.uint64(r.line);
      }
      out_.raw("}\n");
      return;
    case RecordKind::Deferred:
      out_.raw(",\"until\":");
      out_.time(r.until);
      out_.raw("}\n");
      return;
    case RecordKind::Goal:
      out_.raw(",\"ttv_ms\":");
      out_.int64(r.ttvMs);
      out_.raw("}\n");
      return;
    case RecordKind::Exit:
      out_.raw(",\"reason\":\"");
      out_.raw(exitReasonName(r.exitReason));
      out_.raw("\"}\n");
      return;
    case RecordKind::Error:
      out_.raw(",\"rule\":");
      out_.jsonString(r.ruleName);
      out_.raw(",\"message\":");
      out_.jsonString(r.message);
      out_.raw("}\n");
      return;
    case RecordKind::Skip:
      out_.raw(r.isUnless ? ",\"clause\":\"unless\",\"line\":" : ",\"clause\":\"if\",\"line\":");
      out_.uint64(r.line);
      out_.raw("}\n");
      return;
  }
}

}  // namespace onb::engine
