// The checker's output: the program's declarations resolved across files, in declaration
// order (imports expanded where they stand), with every expression typed. Expressions stay
// in their ast::Module; their types and what their names resolve to are side tables keyed
// by (module, ExprId). Codegen reads only this structure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check/types.hpp"
#include "grammar/ast/ast.hpp"
#include "stdlib/builtins.hpp"

namespace onb::sema {

inline constexpr uint32_t kNone = UINT32_MAX;

// An expression of some module.
struct ExprRef {
  uint32_t module = kNone;
  ast::ExprId id = ast::kNoExpr;
  bool valid() const { return id != ast::kNoExpr; }
};

// What a name-like expression denotes, decided by the checker.
enum class ResKind : uint8_t {
  None,
  Now,           // Name `now`
  EnteredAt,     // Name `entered_at`
  EventEver,     // Name/EventRef/Paren(Name) of an event used as a bool: `event` = event index
  EventWithin,   // Within: `event` index (filter in the EventRef under lhs, if any)
  Trait,         // UserField: `index` = trait index
  UserId,        // UserField `user.id`
  EventField,    // EventField: field name in the node; index per event via the context
  History,       // Call of count/first_time/last_time/since: `history`, `event`
  Builtin,       // Call of a value function: `overload`
  EnumMember,    // a string literal (or bare name) standing for an enum member: `index`
};

struct Resolution {
  ResKind kind = ResKind::None;
  uint32_t index = kNone;  // event index (EventEver/EventWithin/History) or trait index
  stdlib::HistoryFn history = stdlib::HistoryFn::Count;
  stdlib::Overload overload = stdlib::Overload::kCount;
  bool promoteArgs = false;  // Builtin: int arguments promoted to float
};

struct ModuleInfo {
  const ast::Module* module = nullptr;
  std::vector<Type> types;             // per ExprId
  std::vector<Resolution> resolutions; // per ExprId
  // Per ExprId: true when an int-typed expression must be converted to float where it is
  // used (int/float mixed arithmetic and comparisons, `int? ?? float`, int items of a
  // float list, int defaults of float traits).
  std::vector<uint8_t> promoteToFloat;
};

struct FieldInfo {
  std::string name;
  Type type;
  bool sensitive = false;
  Span span;
};

struct TraitInfo : FieldInfo {
  bool hasDefault = false;
  ExprRef defaultValue;  // a literal (Name for a bare enum member)
  bool used = false;
};

struct EventInfo {
  std::string name;
  std::string wireName;
  std::vector<FieldInfo> properties;
  Span span;
  Span nameSpan;
  bool used = false;
  int32_t findProperty(std::string_view name) const {
    for (size_t i = 0; i < properties.size(); ++i)
      if (properties[i].name == name) return static_cast<int32_t>(i);
    return -1;
  }
};

struct ChannelInfo {
  std::string name;
  ExprRef requirement;  // invalid when none
  Span span;
  Span nameSpan;
  bool used = false;
};

struct QueueInfo {
  std::string name;
  Span span;
  Span nameSpan;
  bool used = false;
};

struct Pair {
  uint64_t count = 0;
  int64_t windowMs = 0;
};

struct CapInfo {
  std::vector<uint32_t> channels;  // channel indexes; empty = every channel
  std::vector<Pair> pairs;
  Span span;
};

struct EnterInfo {
  uint32_t event = kNone;
  ExprRef where, condition;
  Span span;
};

struct GoalInfo {
  uint32_t event = kNone;
  int64_t withinMs = 0;
  ExprRef where;
  Span span;
};

struct ExitWhenInfo {
  uint32_t event = kNone;
  ExprRef where, condition;
  Span span;
};

enum class TriggerKind : uint8_t { When, After };
enum class AnchorKind : uint8_t { Enter, First, Last, LastAny };
enum class ActionKind : uint8_t { Send, Handoff, Emit };

struct ConditionInfo {
  bool isUnless = false;
  ExprRef expr;
  Span span;
  uint32_t line = 0;  // source line of the clause (for --explain)
};

struct WithInfo {
  std::string key;
  ExprRef value;
};

struct RuleInfo {
  std::string name;
  Span span;
  Span nameSpan;
  uint32_t module = kNone;
  TriggerKind trigger = TriggerKind::When;
  std::vector<uint32_t> whenEvents;  // When: the alternatives
  ExprRef where;                     // When or After filter
  int64_t delayMs = 0;               // After
  AnchorKind anchor = AnchorKind::Enter;
  uint32_t anchorEvent = kNone;      // After First/Last
  std::vector<ConditionInfo> conditions;  // source order
  bool once = false;
  std::vector<Pair> limits;
  Span limitSpan;
  ActionKind action = ActionKind::Send;
  uint32_t destination = kNone;  // Send: channel index; Handoff: queue index
  std::string text;              // Send: template; Emit: name
  std::vector<WithInfo> with;
};

struct QuietInfo {
  uint32_t startMinute = 0;
  uint32_t endMinute = 0;
  Span span;
};

struct JourneyInfo {
  std::string name;
  Span span;
  Span nameSpan;
  uint32_t module = kNone;
  EnterInfo enter;
  std::optional<GoalInfo> goal;
  std::vector<ExitWhenInfo> exits;
  std::optional<int64_t> exitAfterMs;
  uint32_t holdoutHundredths = 0;  // 0..10000
  std::optional<QuietInfo> quiet;
  uint32_t retentionEvent = kNone;
  std::vector<CapInfo> caps;
  std::vector<RuleInfo> rules;
};

struct CheckedProgram {
  std::vector<ModuleInfo> modules;  // parallel to the loaded modules
  std::vector<EnumDef> enums;
  std::vector<EventInfo> events;
  std::vector<TraitInfo> traits;
  std::vector<ChannelInfo> channels;
  std::vector<QueueInfo> queues;
  std::vector<CapInfo> caps;  // top level
  std::vector<JourneyInfo> journeys;

  const ast::Module& module(uint32_t m) const { return *modules[m].module; }
  const ast::Expr& expr(ExprRef r) const { return modules[r.module].module->exprs[r.id]; }
  Type type(ExprRef r) const { return modules[r.module].types[r.id]; }
  const Resolution& resolution(ExprRef r) const { return modules[r.module].resolutions[r.id]; }
  bool promoted(ExprRef r) const { return modules[r.module].promoteToFloat[r.id] != 0; }
  int32_t findTrait(std::string_view name) const {
    for (size_t i = 0; i < traits.size(); ++i)
      if (traits[i].name == name) return static_cast<int32_t>(i);
    return -1;
  }
};

}  // namespace onb::sema
