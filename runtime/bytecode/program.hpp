// A compiled onb program: what codegen produces, what the artifact (.onbc) stores, what
// the loader verifies and what the engine runs. Immutable once built; shared by every
// engine (and thread) that runs it.
//
// The program is data-driven: journeys, rules, caps and the per-user state layout are
// tables; conditions, filters, `with` values and channel requirements are bytecode
// functions (opcodes.def). Indexes between tables are uint32 and verified on load.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/bytecode/schema.hpp"
#include "runtime/bytecode/value.hpp"

namespace onb::bc {

enum class Op : uint8_t {
#define OP(Name, Mnemonic, Format, Doc) Name,
#include "runtime/bytecode/opcodes.def"
#undef OP
  kCount
};

enum class OpFormat : uint8_t { R, RR, RRR, RK, RI, RT, RF, RH, RHR, RS, RSR, RB, J, RJ, RET };

struct OpInfo {
  const char* mnemonic;
  OpFormat format;
  const char* doc;
};
const OpInfo& opInfo(Op op);

// One instruction: 12 bytes. Registers are 16-bit (a function has at most 65535);
// `c` is 32-bit (jump targets, constant indexes, immediates).
struct Insn {
  Op op;
  uint8_t pad = 0;
  uint16_t a = 0;
  uint16_t b = 0;
  uint16_t pad2 = 0;
  int32_t c = 0;
};
static_assert(sizeof(Insn) == 12, "Insn is the VM's hot struct");

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr int32_t kNoFn = -1;

// A function: a range of `code`, evaluated with its own registers. It returns
// `resultCount` values (1 for a condition or filter; one per key for a `with`).
struct Function {
  uint32_t codeBegin = 0;
  uint32_t codeEnd = 0;
  uint16_t registerCount = 0;
  uint16_t resultCount = 1;
  uint32_t event = kNone;  // the event whose properties LoadEventField reads, or kNone
  uint32_t file = 0;       // index into Program::files (disassembly)
};

// ---- Per-user state ------------------------------------------------------------------
//
// Every user has one fixed-size block of `StateLayout::size` bytes. Codegen derives the
// layout from what the program reads: a trait nobody reads has no slot; a window count
// only compared with a constant k keeps the last k timestamps; a program with no
// `count(x within 7d)` pays nothing for it.

enum class HistKind : uint8_t {
  Count,  // int64: events so far
  First,  // int64: time of the first event (INT64_MIN: none)
  Last,   // int64: time of the last event (INT64_MIN: none)
  Ring,   // the last k event times: int64[k], then uint32 count (capped at k), uint32 head
  Log,    // pointer to a growable list of event times, pruned to windowMs (0: never pruned)
};

struct HistorySlot {
  HistKind kind = HistKind::Count;
  uint32_t stream = 0;   // index into Program::streams
  uint32_t offset = 0;   // in the user block
  uint32_t k = 0;        // Ring: how many times are kept
  int64_t windowMs = 0;  // Ring: the window of its query; Log: how long times are kept (0 = forever)
};

// The events of one type (optionally filtered by `(E where X)`) whose history some slot
// keeps.
//
// A filter that reads only the event's properties gives the same answer whenever it is
// evaluated, so it is evaluated once, when the event is appended: its stream keeps slots
// like an unfiltered one, and an error in the filter is counted (errorOffset: uint64 count,
// int64 time of the last error) and makes queries that cover it fail.
//
// A filter that reads anything else (a trait, `now`, `entered_at`, other history) must be
// evaluated when the query runs: such a stream is `lazy`. It keeps no slots; the user's
// block holds a pointer (logOffset) to a list of that event's occurrences with their
// properties, pruned to `keepMs` (0: kept forever), and the Filter* instructions run the
// filter over it.
struct HistoryStream {
  uint32_t event = 0;
  int32_t filterFn = kNoFn;
  uint32_t errorOffset = kNone;
  std::vector<uint32_t> slots;
  bool lazy = false;
  uint32_t logOffset = kNone;
  int64_t keepMs = 0;
};

// A stored trait: 16 bytes (see runtime/engine/user_state.hpp).
struct TraitSlot {
  uint32_t trait = 0;  // index into Schema::traits
  uint32_t offset = 0;
};

struct StateLayout {
  uint32_t size = 0;                 // bytes per user, a multiple of 8
  std::vector<uint32_t> traitOffset; // per Schema trait: offset of its slot, or kNone (not stored)
};

// ---- Journeys and rules ----------------------------------------------------------------

enum class Trigger : uint8_t { When, After };
enum class Anchor : uint8_t { Enter, First, Last, LastAny };
enum class Action : uint8_t { Send, Handoff, Emit };

struct Pair {
  uint64_t count = 0;
  int64_t windowMs = 0;
};

struct Condition {
  bool isUnless = false;
  uint32_t line = 0;  // source line of the clause (--explain)
};

struct WithKey {
  std::string key;
  ValueType type = ValueType::Bool;
  bool optional = false;
  uint32_t enumIndex = 0;  // Enum: Schema::enums index, to write the member name
};

// The functions of a rule for one triggering event type (a `when a | b` rule has one body
// per alternative, because `event.F` lives at different places in a and b; a timer-fired
// rule has one body with no event).
struct RuleBody {
  uint32_t event = kNone;           // the triggering event, kNone for `after` rules
  int32_t whereFn = kNoFn;          // `when ... where` (When rules)
  std::vector<int32_t> conditionFns;  // parallel to Rule::conditions
  int32_t withFn = kNoFn;           // all `with` values, in key order
};

struct Rule {
  std::string name;
  uint32_t journey = 0;
  Trigger trigger = Trigger::When;
  std::vector<uint32_t> whenEvents;  // When: alternatives (bodies[k] is for whenEvents[k])
  int64_t delayMs = 0;               // After
  Anchor anchor = Anchor::Enter;
  uint32_t anchorEvent = kNone;      // After First/Last
  std::vector<int32_t> anchorWhereFn;  // After: per event index, the anchor filter (kNoFn: none);
                                       // empty when the rule has no `where`
  std::vector<Condition> conditions;
  std::vector<RuleBody> bodies;
  bool once = false;
  std::vector<Pair> limits;
  std::string limitText;             // "1 per 7d" or "once" (--explain)
  uint32_t limitLine = 0;
  Action action = Action::Send;
  uint32_t destination = kNone;      // Send: channel index; Handoff: queue index
  std::string text;                  // Send: template; Emit: name
  std::vector<WithKey> with;
  // State: After rules keep a timer record (int64 due, uint64 seq, int64 heapDue,
  // uint64 heapSeq: 32 bytes) and, for `first` anchors, an armed flag; limits keep the
  // last max(count) delivery times (a Ring like history's); `once` keeps a flag.
  uint32_t timerOffset = kNone;
  uint32_t armedOffset = kNone;
  uint32_t limitOffset = kNone;
  uint32_t limitRingSize = 0;
};

struct Channel {
  std::string name;
  int32_t requiresFn = kNoFn;
};

struct Cap {
  int32_t journey = -1;             // -1: top level (counts sends of every journey)
  std::vector<uint32_t> channels;   // empty: every channel
  std::vector<Pair> pairs;
  std::string text;                 // "on email, sms 1 per 1d, 4 per 7d" (--explain)
  uint32_t line = 0;
  uint32_t ringOffset = 0;          // the last ringSize delivered sends in scope
  uint32_t ringSize = 0;
};

struct ExitWhen {
  uint32_t event = 0;
  int32_t whereFn = kNoFn;
  int32_t ifFn = kNoFn;
};

struct Journey {
  std::string name;
  uint32_t enterEvent = 0;
  int32_t enterWhereFn = kNoFn;
  int32_t enterIfFn = kNoFn;
  bool hasGoal = false;
  uint32_t goalEvent = 0;
  int64_t goalWithinMs = 0;
  int32_t goalWhereFn = kNoFn;
  std::vector<ExitWhen> exits;
  int64_t exitAfterMs = -1;          // -1: none
  uint32_t holdoutHundredths = 0;    // 0..10000
  bool hasQuiet = false;
  uint16_t quietStart = 0;           // minutes since local midnight
  uint16_t quietEnd = 0;
  uint32_t retentionEvent = kNone;
  std::vector<uint32_t> caps;        // indexes into Program::caps (this journey's caps)
  uint32_t ruleBegin = 0;            // rules [ruleBegin, ruleEnd) of Program::rules
  uint32_t ruleEnd = 0;
  // State: status (uint8: 0 never, 1 in, 2 exited), holdout (uint8), retention bits
  // (uint8), uint32 deliveries (for ids), int64 entered_at: 16 bytes.
  uint32_t stateOffset = 0;
};

// A constant. Strings live in Program::stringPool (offset, length).
struct Constant {
  ValueType type = ValueType::Int;
  int64_t i = 0;
  double f = 0;
  uint32_t stringOffset = 0;
  uint32_t stringLength = 0;
};

struct Program {
  Schema schema;
  std::vector<Insn> code;
  std::vector<uint32_t> lines;  // per instruction: source line (disassembly)
  std::vector<Function> functions;
  std::vector<Constant> constants;
  std::string stringPool;
  std::vector<Channel> channels;
  std::vector<std::string> queues;
  std::vector<Cap> caps;
  std::vector<Journey> journeys;
  std::vector<Rule> rules;
  std::vector<HistoryStream> streams;
  std::vector<HistorySlot> historySlots;
  StateLayout layout;
  std::vector<std::string> files;  // source files (disassembly)
  std::string sourceHash;          // hex FNV-1a of the sources: identifies the program (checkpoints)
  uint32_t maxRegisters = 0;       // the largest Function::registerCount

  std::string_view constantString(const Constant& k) const {
    return std::string_view(stringPool).substr(k.stringOffset, k.stringLength);
  }
};

}  // namespace onb::bc
