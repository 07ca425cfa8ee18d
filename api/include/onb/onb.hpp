// The onb embedding API (C++): compile or load a program once, run it in as many engines
// as you have threads.
//
//   onb::Result<onb::Program> program = onb::Program::compileFile("journeys/main.onb");
//   if (!program.ok()) { for (auto& d : program.error().diagnostics) std::cerr << d << '\n'; return 1; }
//   onb::Engine engine(program.value());
//   engine.push(R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z"})");
//   engine.push(onb::Event::track("u2", "Signed Up", 1735722000000));
//   engine.advanceTo(1735808400000);            // fires the timers due by then
//   for (const onb::Record& r : engine.takeRecords()) std::cout << r.json << '\n';
//
// Semantics are those of `onb run` (LANGUAGE.md sections 6, 7 and 9): pushing the lines of
// a file one by one, then finish(), produces exactly the records `onb run` writes for that
// file (Record::json is the line it writes), with the same options.
//
// Errors are values: compiling or loading returns a Result; a bad input line is reported
// in the PushResult (and to the reject handler), never thrown. The library throws only
// std::bad_alloc, and whatever a record or reject handler throws passes through.
//
// Threads: a Program is immutable and may be shared by any number of threads and engines
// (copies are cheap: they share one compiled program). An Engine is not thread-safe: use
// one per thread (or lock around it). Engines keep their Program alive.
//
// This header needs C++17 and the standard library only; the library's internals stay
// behind it. Link with libonb (CMake: find_package(onb) and target onb::onb).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#ifndef ONB_API
#define ONB_API __attribute__((visibility("default")))
#endif

namespace onb {

// The library's version, "MAJOR.MINOR.PATCH".
ONB_API const char* version();

// ---- Errors as values --------------------------------------------------------------------

// Why a program could not be compiled or loaded.
struct Error {
  // One line: "cannot read x.onb: No such file or directory", "x.onb: 2 errors",
  // "invalid artifact: bad magic (at byte 0)".
  std::string message;
  // Compile errors, one per error, as its first rendered line:
  // "file:line:col: error[E0201]: unknown event `b`". Empty for I/O and artifact errors.
  std::vector<std::string> diagnostics;
  // Compile errors rendered in full for a person, as `onb check` prints them (source
  // excerpts, carets, notes, the summary line). Empty for I/O and artifact errors.
  std::string rendered;
};

// A value or an Error. value() requires ok() (otherwise it throws std::bad_variant_access);
// error() requires !ok().
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// ---- Programs ----------------------------------------------------------------------------

struct EventInfo {
  std::string name;      // the identifier in the program (signed_up)
  std::string wireName;  // the `event` string of track calls ("Signed Up")
  std::vector<std::string> properties;  // declared property names, in declaration order
};

// A compiled, verified onb program. Immutable; copies share it; safe to use from any
// number of threads at once.
class ONB_API Program {
 public:
  // Compiles a .onb file; its imports are read relative to it.
  static Result<Program> compileFile(const std::string& path);
  // Compiles source text. `virtualPath` names it in diagnostics, and its imports are read
  // from disk relative to it.
  static Result<Program> compileSource(std::string_view text, const std::string& virtualPath = "program.onb");
  // Loads a compiled artifact (what artifact() or `onb build` produced), verifying it
  // completely before anything can run. Artifacts are only readable by the same format
  // version: recompile after upgrading.
  static Result<Program> loadArtifact(std::string_view bytes);

  // The artifact bytes (deterministic: the same program gives the same bytes).
  std::string artifact() const;
  // Declared journeys, events and user traits, in declaration order.
  std::vector<std::string> journeys() const;
  std::vector<EventInfo> events() const;
  std::vector<std::string> traits() const;
  // Identifies the sources the program was compiled from (hex).
  std::string sourceHash() const;
  // Warnings from compiling (first rendered line of each; empty for a loaded artifact).
  const std::vector<std::string>& warnings() const;

  struct Impl;  // the library's internals

 private:
  friend struct ProgramAccess;
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// ---- Typed events ------------------------------------------------------------------------

// A JSON scalar given to a property or trait: null, bool, 64-bit int, double or string.
// (Named FieldValue, not Value: onb's runtime has its own Value type.)
class FieldValue {
 public:
  enum class Kind : uint8_t { Null, Bool, Int, Double, String };

  FieldValue() = default;  // null
  FieldValue(std::nullptr_t) {}
  FieldValue(bool v) : v_(std::in_place_index<1>, v) {}
  // Any signed integer, and unsigned ones narrower than 64 bits (a uint64_t may not fit).
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                                    (std::is_signed_v<T> || sizeof(T) < sizeof(int64_t))>>
  FieldValue(T v) : v_(std::in_place_index<2>, static_cast<int64_t>(v)) {}
  FieldValue(double v) : v_(std::in_place_index<3>, v) {}
  FieldValue(std::string v) : v_(std::in_place_index<4>, std::move(v)) {}
  FieldValue(std::string_view v) : v_(std::in_place_index<4>, v) {}
  FieldValue(const char* v) : v_(std::in_place_index<4>, v) {}

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool isNull() const { return kind() == Kind::Null; }
  // Each requires the matching kind (else std::bad_variant_access).
  bool asBool() const { return std::get<1>(v_); }
  int64_t asInt() const { return std::get<2>(v_); }
  double asDouble() const { return std::get<3>(v_); }
  const std::string& asString() const { return std::get<4>(v_); }

  friend bool operator==(const FieldValue& a, const FieldValue& b) { return a.v_ == b.v_; }
  friend bool operator!=(const FieldValue& a, const FieldValue& b) { return !(a == b); }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string> v_;
};

// A Segment track or identify call, typed. Pushing it gives exactly the records of its
// JSON line (toJsonLine), because that is what it is decoded from:
//   - an int is a JSON integer, a double always a JSON float (3.0, so never an int
//     property); a non-finite double is written as the out-of-range number 1e400 (or
//     -1e400), which makes a declared property invalid;
//   - a null property counts as missing; a null trait removes the trait;
//   - the user is userId when non-empty, else anonymousId (neither: malformed);
//   - a timestamp outside the years 0001-9999 makes the event malformed.
struct Event {
  enum class Type : uint8_t { Track, Identify };

  Type type = Type::Track;
  std::string userId;
  std::string anonymousId;                // used when userId is empty; omitted when empty
  std::string event;                      // Track: the wire name ("Signed Up")
  int64_t timestamp = 0;                  // epoch milliseconds
  std::optional<std::string> messageId;   // Track: deduplication (LANGUAGE.md section 6)
  std::vector<std::pair<std::string, FieldValue>> properties;  // Track only
  std::vector<std::pair<std::string, FieldValue>> traits;      // Identify only

  static Event track(std::string userId, std::string event, int64_t timestamp,
                     std::vector<std::pair<std::string, FieldValue>> properties = {}) {
    Event e;
    e.userId = std::move(userId);
    e.event = std::move(event);
    e.timestamp = timestamp;
    e.properties = std::move(properties);
    return e;
  }
  static Event identify(std::string userId, int64_t timestamp, std::vector<std::pair<std::string, FieldValue>> traits) {
    Event e;
    e.type = Type::Identify;
    e.userId = std::move(userId);
    e.timestamp = timestamp;
    e.traits = std::move(traits);
    return e;
  }
};

// The Segment JSON line of `event` (no newline): what push(const Event&) decodes.
ONB_API std::string toJsonLine(const Event& event);

// ---- Records -----------------------------------------------------------------------------

// LANGUAGE.md section 9. Skip records appear only with EngineOptions::explain.
enum class RecordKind : uint8_t { Enter, Send, Handoff, Emit, Suppressed, Deferred, Goal, Exit, Error, Skip };
inline constexpr size_t kRecordKindCount = 10;
// "enter", "send", ... as in the records' `kind`.
ONB_API const char* recordKindName(RecordKind kind);

// One output record. `json` is authoritative (exactly the line `onb run` writes, without
// the newline; `with` values are only there, under "vars"); the other fields are the
// same data, parsed for convenience. Fields that do not apply to the kind are empty/0.
struct Record {
  RecordKind kind = RecordKind::Enter;
  int64_t t = 0;             // epoch ms (a timer-fired record carries its due time)
  std::string user;
  std::string journey;
  std::string rule;          // the rule; Error: the rule, or "enter"/"goal"/"exit"; empty for enter/goal/exit
  std::string json;
  bool holdout = false;      // Enter
  std::string channel;       // Send
  std::string templateName;  // Send: the template
  std::string queue;         // Handoff
  std::string name;          // Emit
  uint64_t id = 0;           // Send/Handoff/Emit: the action id ("id" holds it as 16 hex digits)
  std::string reason;        // Suppressed: holdout|consent|limit|cap; Exit: goal|exit|expired
  std::string action;        // Suppressed: send|handoff|emit
  int64_t until = 0;         // Deferred: epoch ms
  int64_t ttvMs = 0;         // Goal
  std::string message;       // Error
};

// ---- Engines -----------------------------------------------------------------------------

struct EngineOptions {
  int64_t latenessMs = 0;                    // allowed lateness (`onb run --lateness`)
  int64_t dedupWindowMs = 24 * 3'600'000LL;  // messageId dedup window (`--dedup-window`)
  bool explain = false;                      // also write skip records (`--explain`)
  bool metrics = false;                      // collect journey metrics for metricsJson()
  // Lines longer than this are malformed ("line too long") without being parsed, which
  // bounds the decoder's memory (`onb run --max-line-bytes`); 0: no limit below 4 GiB.
  size_t maxLineBytes = size_t{64} << 20;
};

// What became of one pushed line, in the order lines are classified (LANGUAGE.md 6, 7).
enum class PushStatus : uint8_t {
  Processed,  // taken for processing now (records, if any, are out)
  Held,       // accepted and held for allowed lateness (only when latenessMs > 0): the
              // engine processes it, or drops it as a duplicate, once the watermark passes
  Duplicate,  // a track event whose messageId was seen within the dedup window
  Late,       // older than the watermark
  Ignored,    // page/screen/group/alias, or a track of an undeclared event
  Invalid,    // a declared event with a bad property (reason says which)
  Malformed,  // not a Segment JSON object (reason says why)
  Blank,      // only whitespace: skipped and not counted (it still takes a line number)
};
ONB_API const char* pushStatusName(PushStatus status);

struct PushResult {
  PushStatus status = PushStatus::Blank;
  uint64_t line = 0;  // 1-based: this engine's count of push() calls, as in reject reports
  std::string reason; // Duplicate, Late, Ignored, Invalid, Malformed: why
  // A processed identify: declared traits of the wrong type, skipped ("trait `plan`: ...").
  std::vector<std::string> traitErrors;

  bool accepted() const { return status == PushStatus::Processed || status == PushStatus::Held; }
};

// A rejected line, as `onb run --rejects` writes it.
enum class RejectKind : uint8_t { Malformed, Invalid, Late, Trait };
struct Reject {
  uint64_t line = 0;
  RejectKind kind = RejectKind::Malformed;
  std::string reason;
};
ONB_API const char* rejectKindName(RejectKind kind);  // "malformed", "invalid", "late", "trait"

struct Stats {
  uint64_t read = 0;  // non-blank lines
  uint64_t processed = 0;
  uint64_t ignored = 0;
  uint64_t invalid = 0;
  uint64_t late = 0;
  uint64_t duplicates = 0;
  uint64_t malformed = 0;
  uint64_t traitErrors = 0;
  std::array<uint64_t, kRecordKindCount> records{};  // indexed by RecordKind
  uint64_t pendingTimers = 0;                        // timers not yet fired
};

// Runs a Program over one stream of events, in event time. Not thread-safe; movable (a
// moved-from Engine may only be destroyed or assigned to).
//
// Records are buffered for takeRecords() unless a record handler is set, in which case
// each goes to the handler as it is produced (inside push/advanceTo/finish). Handlers
// must not call back into the same Engine, and should not throw: an exception leaves the
// engine in an unspecified state (destroy it).
class ONB_API Engine {
 public:
  explicit Engine(const Program& program, const EngineOptions& options = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // One line of Segment JSONL (a trailing newline is allowed, inner ones are not).
  PushResult push(std::string_view jsonLine);
  // A typed event: the same as push(toJsonLine(event)).
  PushResult push(const Event& event);
  // Declares that event time has reached `epochMs`: releases held events up to it and
  // fires the timers due at or before it. A line pushed afterwards with an earlier
  // timestamp is late (PushStatus::Late), as one behind the watermark is.
  void advanceTo(int64_t epochMs);
  // End of input: releases every held event, then fires timers due at or before `until`
  // (default: the largest timestamp of any well-formed line). The engine stays usable.
  void finish(std::optional<int64_t> until = std::nullopt);

  // Records produced since the last call (or since the handler was cleared), in order.
  std::vector<Record> takeRecords();
  // Streams records to `handler` (an empty function goes back to buffering).
  void setRecordHandler(std::function<void(const Record&)> handler);
  // Reports every rejected line and identify trait error, when they are decided (with
  // allowed lateness, trait errors surface when the event is released).
  void setRejectHandler(std::function<void(const Reject&)> handler);

  Stats stats() const;
  // The journey metrics (LANGUAGE.md section 11) as JSON, given the run's `until`
  // (default: the largest timestamp so far). Empty unless EngineOptions::metrics.
  std::string metricsJson(std::optional<int64_t> until = std::nullopt) const;
  const Program& program() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onb
