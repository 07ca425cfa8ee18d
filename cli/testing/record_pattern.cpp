#include "cli/testing/record_pattern.hpp"

#include <fmt/format.h>

#include "cli/testing/test_lexer.hpp"
#include "compiler/render/json_writer.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::journeytest {

namespace {

std::string_view headName(PatternHead head) {
  switch (head) {
    case PatternHead::Enter: return "enter";
    case PatternHead::Send: return "send";
    case PatternHead::Handoff: return "handoff";
    case PatternHead::Emit: return "emit";
    case PatternHead::Suppressed: return "suppressed";
    case PatternHead::Deferred: return "deferred";
    case PatternHead::Goal: return "goal";
    case PatternHead::Exit: return "exit";
    case PatternHead::Error: return "error";
    case PatternHead::Skipped: return "skipped";
  }
  return "?";
}

std::string_view actionName(bc::Action a) {
  switch (a) {
    case bc::Action::Send: return "send";
    case bc::Action::Handoff: return "handoff";
    case bc::Action::Emit: return "emit";
  }
  return "?";
}

std::string quoted(std::string_view s) {
  std::string out;
  render::appendJsonString(out, s);
  return out;
}

// `send email "welcome"`, `handoff csm`, `emit "x"`: the action of the record's rule.
std::string actionText(const ActualRecord& r) {
  switch (r.action) {
    case bc::Action::Send: return fmt::format("send {} {}", r.destination, quoted(r.text));
    case bc::Action::Handoff: return fmt::format("handoff {}", r.destination);
    case bc::Action::Emit: return fmt::format("emit {}", quoted(r.text));
  }
  return "?";
}

std::string withText(const ActualRecord& r) {
  if (r.vars.empty()) return "";
  std::string out = " with { ";
  for (size_t i = 0; i < r.vars.size(); ++i)
    out += fmt::format("{}{}: {}", i ? ", " : "", r.vars[i].key, describeValue(r.vars[i].value));
  return out + " }";
}

bool valueMatches(const Literal& e, const VarValue& a) {
  using K = Literal::Kind;
  switch (a.type) {
    case VarValue::Type::Null: return e.kind == K::Null;
    case VarValue::Type::Bool: return e.kind == K::Bool && e.b == (a.i != 0);
    case VarValue::Type::Int:
      return (e.kind == K::Int && e.i == a.i) || (e.kind == K::Float && e.f == static_cast<double>(a.i));
    case VarValue::Type::Float:
      return (e.kind == K::Int && static_cast<double>(e.i) == a.f) || (e.kind == K::Float && e.f == a.f);
    case VarValue::Type::String: return e.kind == K::String && e.s == a.s;
    case VarValue::Type::Time: {
      if (e.kind == K::Time) return e.time.ms == a.i;
      int64_t t = 0;
      return e.kind == K::String && civil::parseIso(e.s, t) == civil::IsoError::None && t == a.i;
    }
    case VarValue::Type::Duration: return (e.kind == K::Duration || e.kind == K::Int) && e.i == a.i;
  }
  return false;
}

}  // namespace

bool sameKind(PatternHead head, engine::RecordKind kind) {
  using RK = engine::RecordKind;
  switch (head) {
    case PatternHead::Enter: return kind == RK::Enter;
    case PatternHead::Send: return kind == RK::Send;
    case PatternHead::Handoff: return kind == RK::Handoff;
    case PatternHead::Emit: return kind == RK::Emit;
    case PatternHead::Suppressed: return kind == RK::Suppressed;
    case PatternHead::Deferred: return kind == RK::Deferred;
    case PatternHead::Goal: return kind == RK::Goal;
    case PatternHead::Exit: return kind == RK::Exit;
    case PatternHead::Error: return kind == RK::Error;
    case PatternHead::Skipped: return kind == RK::Skip;
  }
  return false;
}

std::vector<FieldMismatch> compareRecord(const Pattern& p, const ActualRecord& r, int64_t start) {
  std::vector<FieldMismatch> out;
  if (!sameKind(p.head, r.kind)) {
    out.push_back({"kind", std::string(headName(p.head)), std::string(engine::recordKindName(r.kind))});
    return out;
  }
  auto check = [&](std::string_view field, const auto& expected, const auto& actual, auto show) {
    if (expected && *expected != actual) out.push_back({std::string(field), show(*expected), show(actual)});
  };
  auto plain = [](const auto& v) { return fmt::format("{}", v); };
  auto str = [](const std::string& v) { return quoted(v); };
  auto time = [start](int64_t t) { return describeTime(t, start); };
  if (p.user != r.user) out.push_back({"user", p.user, r.user});
  check("journey", p.journey, r.journey, plain);
  check("rule", p.rule, r.rule, plain);
  if (p.head == PatternHead::Enter && p.holdout != r.holdout)
    out.push_back({"holdout", p.holdout ? "holdout" : "treatment", r.holdout ? "holdout" : "treatment"});
  if (p.action && *p.action != r.action)
    out.push_back({"action", std::string(actionName(*p.action)), std::string(actionName(r.action))});
  check("destination", p.destination, r.destination, plain);
  check(r.action == bc::Action::Emit ? "name" : "template", p.text, r.text, str);
  if (p.reason && *p.reason != r.reason)
    out.push_back({"reason", std::string(engine::suppressReasonName(*p.reason)), std::string(engine::suppressReasonName(r.reason))});
  if (p.exitReason && *p.exitReason != r.exitReason)
    out.push_back({"reason", std::string(engine::exitReasonName(*p.exitReason)), std::string(engine::exitReasonName(r.exitReason))});
  if (p.skipUnless && *p.skipUnless != r.isUnless)
    out.push_back({"clause", *p.skipUnless ? "unless" : "if", r.isUnless ? "unless" : "if"});
  if (p.message && r.message.find(*p.message) == std::string::npos)
    out.push_back({"message", "containing " + quoted(*p.message), quoted(r.message)});
  check("at", p.at, r.t, time);
  check("until", p.until, r.until, time);
  for (const VarExpectation& v : p.vars) {
    const Var* found = nullptr;
    for (const Var& a : r.vars)
      if (a.key == v.key) found = &a;
    if (!found) out.push_back({"vars." + v.key, describeLiteral(v.value), "(not in vars)"});
    else if (!valueMatches(v.value, found->value))
      out.push_back({"vars." + v.key, describeLiteral(v.value), describeValue(found->value)});
  }
  return out;
}

std::string describeTime(int64_t t, int64_t start) {
  if (t < civil::kMinTime || t > civil::kMaxTime) return formatOffset(t - start);
  return fmt::format("{} ({})", formatOffset(t - start), civil::formatIso(t));
}

std::string describeValue(const VarValue& v) {
  switch (v.type) {
    case VarValue::Type::Null: return "null";
    case VarValue::Type::Bool: return v.i ? "true" : "false";
    case VarValue::Type::Int: return fmt::format("{}", v.i);
    case VarValue::Type::Float: {
      std::string s = fmt::format("{}", v.f);
      if (s.find_first_of(".en") == std::string::npos) s += ".0";
      return s;
    }
    case VarValue::Type::String: return quoted(v.s);
    case VarValue::Type::Time:
      return v.i >= civil::kMinTime && v.i <= civil::kMaxTime ? civil::formatIso(v.i) : fmt::format("{}", v.i);
    case VarValue::Type::Duration: return v.i > 0 ? formatOffset(v.i).substr(1) : fmt::format("{}", v.i);
  }
  return "?";
}

std::string describeLiteral(const Literal& v) {
  switch (v.kind) {
    case Literal::Kind::Null: return "null";
    case Literal::Kind::Bool: return v.b ? "true" : "false";
    case Literal::Kind::Int:
    case Literal::Kind::Float: return v.s;
    case Literal::Kind::String: return quoted(v.s);
    case Literal::Kind::Duration: return v.i > 0 ? formatOffset(v.i).substr(1) : fmt::format("{}", v.i);
    case Literal::Kind::Time:
      return !v.time.relative && v.time.ms >= civil::kMinTime && v.time.ms <= civil::kMaxTime ? civil::formatIso(v.time.ms)
                                                                                              : formatOffset(v.time.ms);
  }
  return "?";
}

std::string describeRecord(const ActualRecord& r, int64_t start) {
  using RK = engine::RecordKind;
  const std::string rule = fmt::format("rule {}.{}", r.journey, r.rule);
  switch (r.kind) {
    case RK::Enter: return fmt::format("enter {}{}", r.journey, r.holdout ? " holdout" : "");
    case RK::Send:
    case RK::Handoff:
    case RK::Emit: return fmt::format("{} {}{}", actionText(r), rule, withText(r));
    case RK::Suppressed: {
      std::string s = fmt::format("suppressed {} {} {}", engine::suppressReasonName(r.reason), actionText(r), rule);
      if (!r.detail.empty()) s += fmt::format("  # {} (line {})", r.detail, r.line);
      return s;
    }
    case RK::Deferred: return fmt::format("deferred {} until {} {}", actionText(r), formatOffset(r.until - start), rule);
    case RK::Goal: return fmt::format("goal {}  # time to value {}", r.journey, formatOffset(r.ttvMs).substr(1));
    case RK::Exit: return fmt::format("exit {} {}", r.journey, engine::exitReasonName(r.exitReason));
    case RK::Error: return fmt::format("error {} {}", quoted(r.message), rule);
    case RK::Skip: return fmt::format("skipped {} {}  # line {}", r.isUnless ? "unless" : "if", rule, r.line);
  }
  return "?";
}

}  // namespace onb::journeytest
