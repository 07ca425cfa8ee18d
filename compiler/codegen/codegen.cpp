// Codegen driver: lowers the schema, compiles every condition, filter, `with` map and
// channel requirement, builds the journey/rule/cap tables, then lays out the per-user
// state from what the compiled code reads.
#include "compiler/codegen/codegen.hpp"

#include <algorithm>
#include <cassert>

#include <fmt/format.h>

#include "compiler/codegen/codegen_context.hpp"

namespace onb {

namespace {

using codegen::CodegenContext;
using codegen::StateAllocator;

ValueType valueType(sema::TypeKind k) {
  switch (k) {
    case sema::TypeKind::Bool: return ValueType::Bool;
    case sema::TypeKind::Int: return ValueType::Int;
    case sema::TypeKind::Float: return ValueType::Float;
    case sema::TypeKind::String: return ValueType::String;
    case sema::TypeKind::Time: return ValueType::Time;
    case sema::TypeKind::Duration: return ValueType::Duration;
    case sema::TypeKind::Enum: return ValueType::Enum;
    case sema::TypeKind::Error: break;
  }
  assert(false && "an error type reached codegen");
  return ValueType::Bool;
}

bc::FieldSpec fieldSpec(const sema::FieldInfo& f) {
  bc::FieldSpec spec;
  spec.name = f.name;
  spec.type = valueType(f.type.kind);
  spec.optional = f.type.optional;
  spec.sensitive = f.sensitive;
  spec.enumIndex = f.type.kind == sema::TypeKind::Enum ? f.type.enumId : 0;
  return spec;
}

std::string durationText(int64_t ms) {
  struct Unit {
    int64_t ms;
    const char* name;
  };
  static const Unit kUnits[] = {{7 * 86'400'000LL, "w"}, {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const Unit& u : kUnits)
    if (ms != 0 && ms % u.ms == 0) return fmt::format("{}{}", ms / u.ms, u.name);
  return fmt::format("{}ms", ms);
}

std::string pairsText(const std::vector<sema::Pair>& pairs) {
  std::string text;
  for (const auto& p : pairs) text += fmt::format("{}{} per {}", text.empty() ? "" : ", ", p.count, durationText(p.windowMs));
  return text;
}

class Lowering {
 public:
  Lowering(const sema::CheckedProgram& checked, const SourceManager& sources, const CompileOptions& options)
      : checked_(checked), sources_(sources), ctx_(checked, sources, options, program_) {}

  bc::Program run(const LoadedProgram& loaded) {
    schema();
    for (const auto& c : checked_.channels)
      program_.channels.push_back(bc::Channel{c.name, ctx_.compileCondition(c.requirement, bc::kNone)});
    for (const auto& q : checked_.queues) program_.queues.push_back(q.name);
    for (const auto& cap : checked_.caps) program_.caps.push_back(lowerCap(cap, -1));
    for (uint32_t j = 0; j < checked_.journeys.size(); ++j) journey(j);
    layout();
    program_.sourceHash = hashSources(loaded);
    return std::move(program_);
  }

 private:
  void schema() {
    bc::Schema& s = program_.schema;
    for (const auto& e : checked_.enums) s.enums.push_back(bc::EnumSpec{e.members});
    for (const auto& e : checked_.events) {
      bc::EventSpec spec;
      spec.name = e.name;
      spec.wireName = e.wireName;
      for (const auto& p : e.properties) spec.properties.push_back(fieldSpec(p));
      s.events.push_back(std::move(spec));
    }
    for (size_t i = 0; i < checked_.traits.size(); ++i) {
      const auto& t = checked_.traits[i];
      bc::TraitSpec spec;
      static_cast<bc::FieldSpec&>(spec) = fieldSpec(t);
      if (t.hasDefault) {
        spec.hasDefault = true;
        const ast::Expr& lit = checked_.expr(t.defaultValue);
        const sema::Resolution& r = checked_.resolution(t.defaultValue);
        Value v = Value::ofInt(0);
        switch (lit.kind) {
          case ast::ExprKind::IntLit: {
            int64_t n = lit.negative ? static_cast<int64_t>(0 - lit.uintValue) : static_cast<int64_t>(lit.uintValue);
            v = spec.type == ValueType::Float ? Value::ofFloat(static_cast<double>(n)) : Value::ofInt(n);
            break;
          }
          case ast::ExprKind::FloatLit: v = Value::ofFloat(lit.floatValue); break;
          case ast::ExprKind::BoolLit: v = Value::ofBool(lit.boolValue); break;
          case ast::ExprKind::DurationLit: {
            int64_t ms = static_cast<int64_t>(lit.uintValue) * ast::unitMillis(lit.unit);
            v = Value::ofInt(lit.negative ? -ms : ms);
            break;
          }
          case ast::ExprKind::TimeLit: v = Value::ofInt(lit.intValue); break;
          case ast::ExprKind::StringLit:
            if (r.kind == sema::ResKind::EnumMember) {
              v = Value::ofInt(r.index);
            } else {
              spec.defaultText = std::string(checked_.module(t.defaultValue.module).string(lit.stringIndex));
              v = Value::ofInt(0);
              v.len = static_cast<uint32_t>(spec.defaultText.size());
            }
            break;
          case ast::ExprKind::Name: v = Value::ofInt(r.index); break;  // a bare enum member
          default: assert(false && "a non-literal default reached codegen");
        }
        v.missing = 0;
        spec.defaultValue = v;
      }
      if (t.name == "timezone" && t.type.kind == sema::TypeKind::String) s.timezoneTrait = static_cast<int32_t>(i);
      s.traits.push_back(std::move(spec));
    }
  }

  bc::Cap lowerCap(const sema::CapInfo& cap, int32_t journey) {
    bc::Cap c;
    c.journey = journey;
    c.channels = cap.channels;
    uint64_t maxCount = 1;
    for (const auto& p : cap.pairs) {
      c.pairs.push_back(bc::Pair{p.count, p.windowMs});
      maxCount = std::max(maxCount, p.count);
    }
    c.ringSize = static_cast<uint32_t>(std::min<uint64_t>(maxCount, 1024));
    std::string on;
    for (uint32_t ch : cap.channels) on += (on.empty() ? "on " : ", ") + checked_.channels[ch].name;
    c.text = (on.empty() ? "" : on + " ") + pairsText(cap.pairs);
    c.line = sources_.file(cap.span.file).line(cap.span.begin);
    return c;
  }

  void journey(uint32_t index) {
    const sema::JourneyInfo& j = checked_.journeys[index];
    bc::Journey out;
    out.name = j.name;
    out.enterEvent = j.enter.event;
    out.enterWhereFn = ctx_.compileCondition(j.enter.where, j.enter.event);
    out.enterIfFn = ctx_.compileCondition(j.enter.condition, j.enter.event);
    if (j.goal) {
      out.hasGoal = true;
      out.goalEvent = j.goal->event;
      out.goalWithinMs = j.goal->withinMs;
      out.goalWhereFn = ctx_.compileCondition(j.goal->where, j.goal->event);
    }
    for (const auto& x : j.exits)
      out.exits.push_back(bc::ExitWhen{x.event, ctx_.compileCondition(x.where, x.event), ctx_.compileCondition(x.condition, x.event)});
    out.exitAfterMs = j.exitAfterMs ? *j.exitAfterMs : -1;
    out.holdoutHundredths = j.holdoutHundredths;
    if (j.quiet) {
      out.hasQuiet = true;
      out.quietStart = static_cast<uint16_t>(j.quiet->startMinute);
      out.quietEnd = static_cast<uint16_t>(j.quiet->endMinute);
      if (program_.schema.timezoneTrait >= 0) ctx_.traitStored[program_.schema.timezoneTrait] = true;
    }
    out.retentionEvent = j.retentionEvent;
    for (const auto& cap : j.caps) {
      out.caps.push_back(static_cast<uint32_t>(program_.caps.size()));
      program_.caps.push_back(lowerCap(cap, static_cast<int32_t>(index)));
    }
    out.ruleBegin = static_cast<uint32_t>(program_.rules.size());
    for (const auto& r : j.rules) program_.rules.push_back(rule(r, index, j));
    out.ruleEnd = static_cast<uint32_t>(program_.rules.size());
    program_.journeys.push_back(std::move(out));
  }

  bc::RuleBody body(const sema::RuleInfo& r, uint32_t event) {
    bc::RuleBody b;
    b.event = event;
    if (r.trigger == sema::TriggerKind::When) b.whereFn = ctx_.compileCondition(r.where, event);
    for (const auto& c : r.conditions) b.conditionFns.push_back(ctx_.compileCondition(c.expr, event));
    if (!r.with.empty()) {
      std::vector<ast::ExprId> values;
      for (const auto& w : r.with) values.push_back(w.value.id);
      b.withFn = ctx_.compileFunction(r.with.front().value.module, values, event);
    }
    return b;
  }

  bc::Rule rule(const sema::RuleInfo& r, uint32_t journey, const sema::JourneyInfo& j) {
    bc::Rule out;
    out.name = r.name;
    out.journey = journey;
    out.trigger = r.trigger == sema::TriggerKind::When ? bc::Trigger::When : bc::Trigger::After;
    out.whenEvents = r.whenEvents;
    out.delayMs = r.delayMs;
    switch (r.anchor) {
      case sema::AnchorKind::Enter: out.anchor = bc::Anchor::Enter; break;
      case sema::AnchorKind::First: out.anchor = bc::Anchor::First; break;
      case sema::AnchorKind::Last: out.anchor = bc::Anchor::Last; break;
      case sema::AnchorKind::LastAny: out.anchor = bc::Anchor::LastAny; break;
    }
    out.anchorEvent = r.anchorEvent;
    for (const auto& c : r.conditions) out.conditions.push_back(bc::Condition{c.isUnless, c.line});
    if (r.trigger == sema::TriggerKind::When) {
      for (uint32_t e : r.whenEvents) out.bodies.push_back(body(r, e));
    } else {
      out.bodies.push_back(body(r, bc::kNone));
      if (r.where.valid()) {
        out.anchorWhereFn.assign(checked_.events.size(), bc::kNoFn);
        switch (r.anchor) {
          case sema::AnchorKind::Enter:
            out.anchorWhereFn[j.enter.event] = ctx_.compileCondition(r.where, j.enter.event);
            break;
          case sema::AnchorKind::First:
          case sema::AnchorKind::Last:
            out.anchorWhereFn[r.anchorEvent] = ctx_.compileCondition(r.where, r.anchorEvent);
            break;
          case sema::AnchorKind::LastAny:
            for (uint32_t e = 0; e < checked_.events.size(); ++e) out.anchorWhereFn[e] = ctx_.compileCondition(r.where, e);
            break;
        }
      }
    }
    out.once = r.once;
    for (const auto& p : r.limits) out.limits.push_back(bc::Pair{p.count, p.windowMs});
    out.limitText = r.once ? "once" : pairsText(r.limits);
    if (r.limitSpan.valid()) out.limitLine = sources_.file(r.limitSpan.file).line(r.limitSpan.begin);
    switch (r.action) {
      case sema::ActionKind::Send: out.action = bc::Action::Send; break;
      case sema::ActionKind::Handoff: out.action = bc::Action::Handoff; break;
      case sema::ActionKind::Emit: out.action = bc::Action::Emit; break;
    }
    out.destination = r.destination;
    out.text = r.text;
    for (const auto& w : r.with) {
      sema::Type t = checked_.type(w.value);
      bool asFloat = t.kind == sema::TypeKind::Int && checked_.promoted(w.value);
      out.with.push_back(bc::WithKey{w.key, asFloat ? ValueType::Float : valueType(t.kind), t.optional,
                                     t.kind == sema::TypeKind::Enum ? t.enumId : 0});
    }
    return out;
  }

  // The per-user state: traits the code reads, history slots, journeys, rule timers and
  // limits, caps.
  void layout() {
    StateAllocator state;
    program_.layout.traitOffset.assign(checked_.traits.size(), bc::kNone);
    for (size_t t = 0; t < checked_.traits.size(); ++t)
      if (ctx_.traitStored[t]) program_.layout.traitOffset[t] = state.alloc(16);
    ctx_.history.finish(state, program_);
    for (bc::Journey& j : program_.journeys) j.stateOffset = state.alloc(16);
    for (bc::Rule& r : program_.rules) {
      if (r.trigger == bc::Trigger::After) {
        r.timerOffset = state.alloc(32);
        if (r.anchor == bc::Anchor::First) r.armedOffset = state.alloc(8);
      }
      if (r.once) {
        r.limitOffset = state.alloc(8);
      } else if (!r.limits.empty()) {
        uint64_t maxCount = 1;
        for (const auto& p : r.limits) maxCount = std::max(maxCount, p.count);
        r.limitRingSize = static_cast<uint32_t>(std::min<uint64_t>(maxCount, 1024));
        r.limitOffset = state.alloc(8 * r.limitRingSize + 8);
      }
    }
    for (bc::Cap& c : program_.caps) c.ringOffset = state.alloc(8 * c.ringSize + 8);
    program_.layout.size = state.size();
  }

  std::string hashSources(const LoadedProgram& loaded) {
    uint64_t h = 14695981039346656037ull;
    for (const auto& m : loaded.modules) {
      for (unsigned char c : sources_.file(m.file).text()) {
        h ^= c;
        h *= 1099511628211ull;
      }
      h ^= 0xff;
      h *= 1099511628211ull;
    }
    return fmt::format("{:016x}", h);
  }

  const sema::CheckedProgram& checked_;
  const SourceManager& sources_;
  bc::Program program_;
  CodegenContext ctx_;
};

}  // namespace

bc::Program compile(const sema::CheckedProgram& checked, const LoadedProgram& loaded, const SourceManager& sources,
                    const CompileOptions& options) {
  return Lowering(checked, sources, options).run(loaded);
}

}  // namespace onb
