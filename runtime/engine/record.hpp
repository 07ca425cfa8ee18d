// The records the engine writes (LANGUAGE.md section 9), as data. A RecordSink turns them
// into JSONL (runtime/engine/jsonl_sink) or anything else (tests, trace, the C API).
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/bytecode/program.hpp"

namespace onb::engine {

enum class RecordKind : uint8_t { Enter, Send, Handoff, Emit, Suppressed, Deferred, Goal, Exit, Error, Skip };
std::string_view recordKindName(RecordKind kind);

enum class SuppressReason : uint8_t { Holdout, Consent, Limit, Cap };
std::string_view suppressReasonName(SuppressReason reason);

enum class ExitReason : uint8_t { Goal, Exit, Expired };
std::string_view exitReasonName(ExitReason reason);

struct Record {
  RecordKind kind = RecordKind::Enter;
  int64_t t = 0;
  std::string_view user;
  uint32_t journey = 0;
  uint32_t rule = bc::kNone;       // the rule (kNone for enter/goal/exit and journey-level errors)
  std::string_view ruleName;       // error records: the rule, or "enter"/"goal"/"exit"
  bool holdout = false;            // Enter
  SuppressReason reason = SuppressReason::Holdout;  // Suppressed
  ExitReason exitReason = ExitReason::Goal;         // Exit
  bc::Action action = bc::Action::Send;             // Suppressed
  int64_t until = 0;               // Deferred
  int64_t ttvMs = 0;               // Goal
  std::string_view message;        // Error
  const Value* vars = nullptr;     // Send/Handoff/Emit: one per rule.with key (nullptr: none)
  uint64_t id = 0;                 // Send/Handoff/Emit
  // --explain details.
  bool isUnless = false;           // Skip: the clause
  uint32_t line = 0;               // Skip: the clause's line; Suppressed limit/cap: the limit's or cap's line
  std::string_view detail;         // Suppressed limit/cap: "1 per 7d", "on email, sms 1 per 1d, 4 per 7d"
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void record(const Record& r) = 0;
};

}  // namespace onb::engine
