// One line of a user's timeline (`onb trace`): an input event of that user, or something
// the engine did for them (entries, timers, rule firings, goals, exits), in processing
// order. TraceCollector makes them; a TraceWriter prints them (docs/trace.md).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onb::trace {

enum class TraceKind : uint8_t {
  Event,       // an input line of the user: processed, duplicate, late, invalid, ignored, malformed, held
  Enter,       // entered a journey
  TimerArmed,  // an `after` rule's timer armed or re-armed
  TimerFired,  // a timer fired: an `after` rule, a deferred firing, or `exit after`
  Delivered,   // send, handoff or emit
  Suppressed,  // holdout, consent, limit or cap
  Deferred,    // a send inside quiet hours
  Skip,        // an `if` or `unless` clause stopped a firing
  Goal,
  Exit,
  Error,       // a runtime error of a rule (or of enter/goal/exit)
  Pending,     // a timer still pending at the end of the input
};
std::string_view traceKindName(TraceKind kind);

// A named value, already encoded as JSON (`"Ada"`, `3`, `null`).
struct TraceField {
  std::string name;
  std::string json;
};

struct TraceEntry {
  TraceKind kind = TraceKind::Event;
  int64_t t = 0;                    // event time, ms since the epoch
  bool hasTime = true;              // false for a malformed line (its timestamp is unusable)
  std::string journey;              // empty for events
  std::string rule;                 // empty for enter, goal, exit, and `exit after` timers
  // Event
  std::string outcome;              // processed duplicate late invalid ignored malformed held
  std::string callType;             // track identify page screen... (empty when unknown)
  std::string event;                // Event: the track's wire name; Goal/Exit: the event that did it
  uint64_t line = 0;                // Event: input line; Skip: the clause's; Suppressed: the limit's or cap's
  std::string messageId;
  std::string reason;               // Event: why not processed; Suppressed: holdout consent limit cap;
                                    // Exit: goal exit expired
  std::vector<TraceField> fields;   // Event: properties or traits; Delivered: vars
  // Delivered, Suppressed, Deferred
  std::string action;               // send handoff emit
  std::string destination;          // send: the channel; handoff: the queue
  std::string name;                 // send: the template; emit: the name
  std::string detail;               // Suppressed: limit "1 per 1w", cap "on email 1 per 1d", holdout
                                    // "10%", consent the channel's requirement; Skip: the clause's
                                    // source text; Error: the message; Deferred: the quiet window
  // Timers
  int64_t due = 0;                  // TimerArmed/TimerFired/Pending: due; Deferred: until;
                                    // Enter: when `exit after` expires it
  int64_t ms = -1;                  // Goal: ttv_ms; Enter and `exit after` timers: the journey's
                                    // `exit after` (-1: none); TimerArmed: the rule's delay
  std::string anchor;               // TimerArmed: "enter", "first project_created", "last any"
  bool holdout = false;             // Enter
  bool rearmed = false;             // TimerArmed: replaced a pending timer or deferral
  bool deferredFiring = false;      // TimerFired/Pending: a send deferred by quiet hours
  bool isUnless = false;            // Skip
};

class TraceWriter {
 public:
  virtual ~TraceWriter() = default;
  virtual void write(const TraceEntry& e) = 0;
};

// `2025-03-04 09:00:00.000  activation: send email "welcome" (rule welcome) vars {name: "Ada"}`
std::unique_ptr<TraceWriter> makeTextWriter(std::FILE* out);
// One JSON object per entry and line (docs/trace.md lists the keys of each kind).
std::unique_ptr<TraceWriter> makeJsonWriter(std::FILE* out);

// Helpers shared by the collector and the writers.
std::string jsonQuote(std::string_view s);
std::string durationLiteral(int64_t ms);  // as in a program: 1d, 12h, 90m, 250ms

}  // namespace onb::trace
