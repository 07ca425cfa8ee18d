#include "cli/testing/record_capture.hpp"

namespace onb::journeytest {

RecordCapture::RecordCapture(const bc::Program& program)
    : program_(program), writer_(&json_), jsonl_(program, writer_) {}

VarValue RecordCapture::var(const Value& v, const bc::WithKey& key) const {
  VarValue out;
  if (v.missing) return out;
  switch (key.type) {
    case ValueType::Bool: out.type = VarValue::Type::Bool; out.i = v.i != 0; break;
    case ValueType::Int: out.type = VarValue::Type::Int; out.i = v.i; break;
    case ValueType::Float: out.type = VarValue::Type::Float; out.f = v.f; break;
    case ValueType::String: out.type = VarValue::Type::String; out.s = std::string(v.str()); break;
    case ValueType::Time: out.type = VarValue::Type::Time; out.i = v.i; break;
    case ValueType::Duration: out.type = VarValue::Type::Duration; out.i = v.i; break;
    case ValueType::Enum:
      out.type = VarValue::Type::String;
      out.s = program_.schema.enums[key.enumIndex].members[static_cast<size_t>(v.i)];
      break;
  }
  return out;
}

void RecordCapture::record(const engine::Record& r) {
  ActualRecord a;
  a.kind = r.kind;
  a.t = r.t;
  a.user = std::string(r.user);
  a.journey = program_.journeys[r.journey].name;
  a.holdout = r.holdout;
  a.reason = r.reason;
  a.exitReason = r.exitReason;
  a.until = r.until;
  a.ttvMs = r.ttvMs;
  a.message = std::string(r.message);
  a.isUnless = r.isUnless;
  a.line = r.line;
  a.detail = std::string(r.detail);
  if (r.rule != bc::kNone) {
    const bc::Rule& rule = program_.rules[r.rule];
    a.rule = rule.name;
    a.action = rule.action;
    a.text = rule.text;
    if (rule.action == bc::Action::Send) a.destination = program_.channels[rule.destination].name;
    if (rule.action == bc::Action::Handoff) a.destination = program_.queues[rule.destination];
    const bool delivered = r.kind == engine::RecordKind::Send || r.kind == engine::RecordKind::Handoff ||
                           r.kind == engine::RecordKind::Emit;
    if (delivered && r.vars)
      for (size_t i = 0; i < rule.with.size(); ++i) a.vars.push_back(Var{rule.with[i].key, var(r.vars[i], rule.with[i])});
  }
  if (r.kind == engine::RecordKind::Error) a.rule = std::string(r.ruleName);
  jsonl_.record(r);
  writer_.flush();
  while (!json_.empty() && json_.back() == '\n') json_.pop_back();
  a.json = std::move(json_);
  json_.clear();
  records_.push_back(std::move(a));
}

}  // namespace onb::journeytest
