// Records as a test sees them, the patterns that expect them, and how the two compare.
//
// An ActualRecord is an engine Record copied out of the engine (names instead of
// indexes, vars as typed values) so that it outlives the engine and prints on its own.
// A Pattern is a resolved expectation: every field it leaves unset matches anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/testing/test_file.hpp"
#include "runtime/engine/record.hpp"

namespace onb::journeytest {

// A `vars` value of a delivered action. Enums are their member name (String).
struct VarValue {
  enum class Type : uint8_t { Null, Bool, Int, Float, String, Time, Duration };
  Type type = Type::Null;
  int64_t i = 0;  // Bool (0/1), Int, Time (epoch ms), Duration (ms)
  double f = 0;   // Float
  std::string s;  // String
};

struct Var {
  std::string key;
  VarValue value;
};

struct ActualRecord {
  engine::RecordKind kind = engine::RecordKind::Enter;
  int64_t t = 0;
  std::string user;
  std::string journey;
  std::string rule;         // the rule's name; error records: the rule or enter/goal/exit
  bool holdout = false;     // Enter
  engine::SuppressReason reason = engine::SuppressReason::Holdout;  // Suppressed
  engine::ExitReason exitReason = engine::ExitReason::Goal;         // Exit
  bc::Action action = bc::Action::Send;  // the rule's action (Send/Handoff/Emit/Suppressed/Deferred)
  std::string destination;  // the rule's channel (send) or queue (handoff)
  std::string text;         // the rule's template (send) or name (emit)
  int64_t until = 0;        // Deferred
  int64_t ttvMs = 0;        // Goal
  std::string message;      // Error
  bool isUnless = false;    // Skip
  uint32_t line = 0;        // Skip: the clause's line; Suppressed limit/cap: the limit's or cap's line
  std::string detail;       // Suppressed limit/cap: "1 per 7d", "on email, sms 1 per 1d"
  std::vector<Var> vars;    // Send/Handoff/Emit
  std::string json;         // the record as `onb run` writes it (one line, no newline)
};

struct VarExpectation {
  std::string key;
  Literal value;  // a Time literal is absolute here (the resolver adds the start)
};

// A resolved expectation (the resolver checked every name against the program).
struct Pattern {
  PatternHead head = PatternHead::Enter;
  std::string user;
  std::optional<std::string> journey;
  std::optional<std::string> rule;
  bool holdout = false;                       // Enter: holdout expected (else treatment)
  std::optional<bc::Action> action;           // Suppressed/Deferred: the rule's action
  std::optional<std::string> destination;     // channel or queue
  std::optional<std::string> text;            // template or emit name
  std::optional<engine::SuppressReason> reason;
  std::optional<engine::ExitReason> exitReason;
  std::optional<int64_t> at;                  // absolute
  std::optional<int64_t> until;               // absolute
  std::optional<bool> skipUnless;
  std::optional<std::string> message;         // Error: a part of the message
  std::vector<VarExpectation> vars;           // a subset of the record's vars
  Span span;
  std::string source;                         // the pattern as written
};

struct FieldMismatch {
  std::string field;
  std::string expected;
  std::string actual;
};

// The fields where `record` differs from `pattern` (empty: it matches). `start` is the
// test's start, for showing times as offsets.
std::vector<FieldMismatch> compareRecord(const Pattern& pattern, const ActualRecord& record, int64_t start);
inline bool matches(const Pattern& pattern, const ActualRecord& record) {
  return compareRecord(pattern, record, 0).empty();
}

// Whether the record kind is the one the pattern's head expects.
bool sameKind(PatternHead head, engine::RecordKind kind);

// The record in the syntax of a pattern, without user and time:
// `send email "welcome" rule activation.welcome with { name: "Ada" }`.
std::string describeRecord(const ActualRecord& record, int64_t start);
// `+1d (2025-01-07T09:00:00.000Z)`.
std::string describeTime(int64_t t, int64_t start);
std::string describeValue(const VarValue& v);
std::string describeLiteral(const Literal& v);

}  // namespace onb::journeytest
