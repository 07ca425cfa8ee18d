// What the parser makes of a `.onbt` test file (docs/testing.md): plain data with spans
// into the file, nothing resolved against a program yet. The resolver (test_plan.hpp)
// checks names and types against the imported program and computes the timeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grammar/source/source_file.hpp"

namespace onb::journeytest {

// A point in time: an ISO timestamp, or `+DUR` counted from the test's start.
struct TimeRef {
  bool relative = false;
  int64_t ms = 0;  // epoch ms when absolute; an offset from the start when relative
  Span span;
};

// A value in a map (`with`, event properties, traits).
struct Literal {
  enum class Kind : uint8_t { Null, Bool, Int, Float, String, Duration, Time };
  Kind kind = Kind::Null;
  bool b = false;
  int64_t i = 0;      // Int, Duration (ms)
  double f = 0;       // Float
  std::string s;      // String; for Int and Float the number as written
  TimeRef time;       // Time
  Span span;
};

struct MapEntry {
  std::string key;
  Span keySpan;
  Literal value;
};

// A name as written (an identifier, or a string where the syntax allows one).
struct Name {
  std::string text;
  Span span;
  bool present() const { return span.valid(); }
};

enum class PatternHead : uint8_t { Enter, Send, Handoff, Emit, Suppressed, Deferred, Goal, Exit, Error, Skipped };

// One expected record: `send email "welcome" with { name: "Ada" } at +0s`.
struct PatternAst {
  PatternHead head = PatternHead::Enter;
  Span span;              // the whole pattern
  // Head arguments (which ones a head takes: docs/testing.md).
  Name journey;           // enter/goal/exit JOURNEY, or `in JOURNEY`
  bool holdout = false;   // enter ... holdout
  Name reason;            // suppressed REASON, exit REASON
  std::optional<PatternHead> action;  // suppressed/deferred: send, handoff or emit
  Name destination;       // channel or queue
  Name text;              // template or emit name (a string)
  Name clause;            // skipped if|unless
  Name message;           // error "part of the message"
  // Clauses.
  std::optional<TimeRef> at;
  std::optional<TimeRef> until;
  Name ruleJourney;       // rule JOURNEY.RULE
  Name rule;              // rule RULE
  Name user;              // for USER
  bool hasWith = false;
  std::vector<MapEntry> with;
};

enum class StatementKind : uint8_t {
  Start,         // start TIME
  User,          // [at T] user NAME [MAP]
  Identify,      // [at T] identify [for NAME] MAP
  Track,         // [at T] track EVENT [MAP] [for NAME]
  Advance,       // advance DUR
  AdvanceUntil,  // advance until TIME
  Expect,        // expect PATTERN
  ExpectNo,      // expect no PATTERN
  ExpectExactly  // expect exactly [for NAME] { PATTERN... }
};

struct Statement {
  StatementKind kind = StatementKind::Expect;
  Span span;                        // the keyword that starts the statement
  std::optional<TimeRef> at;        // User, Identify, Track
  TimeRef time;                     // Start, AdvanceUntil
  int64_t durationMs = 0;           // Advance
  Name name;                        // User: the user; Track: the event
  Name user;                        // Identify/Track/ExpectExactly: `for NAME`
  bool hasMap = false;
  std::vector<MapEntry> map;        // traits or properties
  std::vector<PatternAst> patterns; // Expect/ExpectNo: one; ExpectExactly: any number
};

struct TestCase {
  std::string name;
  Span span;  // the `test` keyword through the name
  std::vector<Statement> body;
};

struct Import {
  std::string path;  // as written, relative to the test file
  Span span;
};

struct TestFile {
  FileId file = kNoFile;
  std::vector<Import> imports;
  std::optional<TimeRef> start;
  std::vector<TestCase> tests;
};

}  // namespace onb::journeytest
