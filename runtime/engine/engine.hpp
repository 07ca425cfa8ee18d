// The engine: runs a compiled program over a stream of decoded events, per user, in event
// time (LANGUAGE.md section 6), and writes records to a RecordSink.
//
// One Engine per thread; the Program is shared and immutable. Feed it every input line
// in input order with push(); call finish() at the end of input. Engine state (users,
// histories, timers, windows, the watermark) can be saved and restored exactly
// (snapshot.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/engine/dedup_table.hpp"
#include "runtime/engine/metrics.hpp"
#include "runtime/engine/observer.hpp"
#include "runtime/engine/quiet_hours.hpp"
#include "runtime/engine/record.hpp"
#include "runtime/engine/timer_queue.hpp"
#include "runtime/engine/user_state.hpp"
#include "runtime/engine/user_table.hpp"
#include "runtime/io/decoded_event.hpp"
#include "runtime/io/reject_log.hpp"
#include "runtime/vm/vm.hpp"

namespace onb::engine {

struct EngineOptions {
  int64_t latenessMs = 0;                   // --lateness
  int64_t dedupWindowMs = 24 * 3'600'000LL;  // --dedup-window
  bool explain = false;                     // --explain: skip records and suppression details
  bool metrics = false;                     // collect section 11 metrics
};

using io::RejectClass;

// Where reports of bad input lines go (stderr, a rejects file).
class RejectSink {
 public:
  virtual ~RejectSink() = default;
  virtual void reject(uint64_t line, RejectClass cls, std::string_view reason) = 0;
};

struct EngineStats {
  uint64_t read = 0;        // non-blank lines
  uint64_t processed = 0;   // track and identify events processed
  uint64_t ignored = 0;
  uint64_t invalid = 0;
  uint64_t late = 0;
  uint64_t duplicates = 0;
  uint64_t malformed = 0;
  uint64_t traitErrors = 0;
  uint64_t records[10] = {};  // by RecordKind
};

class Engine {
 public:
  Engine(const bc::Program& program, const EngineOptions& options, RecordSink& records, RejectSink* rejects = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Work done ahead of push() so that the memory an event touches is in cache when it is
  // processed: step one hashes the user id and prefetches its table slot; step two, a
  // line later, prefetches the user's header (recent messageIds) and state. Optional:
  // push() without a lookahead gives the same records.
  struct Lookahead {
    uint64_t userHash = 0;
    bool hashed = false;
  };
  void lookahead1(const io::DecodedEvent& event, Lookahead& ahead) const;
  // The same, for a caller that has hashed the user id already (UserTable::hash).
  void lookahead1(const io::DecodedEvent& event, uint64_t userHash, Lookahead& ahead) const;
  void lookahead2(const io::DecodedEvent& event, Lookahead& ahead) const;

  // One input line, already decoded. The event's strings must stay valid for the call;
  // the engine copies what it keeps.
  void push(io::DecodedEvent& event, const Lookahead* ahead = nullptr);
  // End of input: releases held events, then fires timers due at or before `until`
  // (default: the largest timestamp of any well-formed line).
  void finish(std::optional<int64_t> until = std::nullopt);
  // Declares that event time has reached `t`: processes held events up to t and fires
  // timers due at or before t (for embedders driving the clock). A line pushed later
  // with a timestamp before t is late: its time has passed.
  void advanceTo(int64_t t);
  // A well-formed line at time `t` that another engine processes (ParallelRunner: each
  // engine owns some users but judges lateness against the whole stream): advances the
  // watermark and the default `until` as push() would, releasing held events it passes.
  void observeTime(int64_t t);

  const EngineStats& stats() const { return stats_; }
  uint64_t pendingTimers() const;
  bool hasWatermark() const { return haveMax_; }
  int64_t maxTimestamp() const { return maxTs_; }
  const bc::Program& program() const { return program_; }
  const UserTable& users() const { return users_; }
  const Metrics* metrics() const { return metrics_.get(); }
  // Back to the state of a fresh engine (a failed snapshot restore calls it).
  void reset();
  // Sees events and timers as they happen (nullptr: none). Not owned.
  void setObserver(EngineObserver* observer) { observer_ = observer; }
  // Evaluates the program's functions with `runner` (the JIT) instead of the engine's own
  // VM; nullptr: back to the VM. Not owned; set before the first push().
  void setFunctionRunner(vm::FunctionRunner* runner) { runner_ = runner ? runner : &vm_; }
  // The metrics of section 11, given the run's `until`.
  MetricsReport metricsReport(int64_t until) const;

 private:
  friend class SnapshotWriter;
  friend class SnapshotReader;
  struct Deferred;
  struct Held;

  // Processing (engine.cpp).
  void process(const io::DecodedEvent& e, const Lookahead* ahead = nullptr);
  void releaseHeld();
  void identify(uint32_t user, const io::DecodedEvent& e);
  void track(uint32_t user, const io::DecodedEvent& e);
  void appendHistory(uint32_t user, const io::DecodedEvent& e);
  void fireTimers(int64_t upto);
  void fireTimer(const TimerEntry& entry);

  // Journeys (journeys.cpp).
  void tryEnter(uint32_t user, uint32_t journey, const io::DecodedEvent& e);
  void armAnchors(uint32_t user, const io::DecodedEvent& e);
  void armRule(uint32_t user, uint32_t rule, int64_t due, int64_t now);
  void checkGoalAndExits(uint32_t user, uint32_t journey, const io::DecodedEvent& e);
  void exitJourney(uint32_t user, uint32_t journey, ExitReason reason, int64_t t);
  // Runs a filter (where/if of enter, goal, exit, anchors): false on no match or error (an
  // error record names `ruleName`).
  bool matches(int32_t fn, uint32_t user, uint32_t journey, const Value* event, int64_t t, std::string_view ruleName,
               uint32_t ruleIndex);

  // Firing (firing.cpp).
  void fire(uint32_t user, uint32_t rule, uint32_t body, int64_t t, const io::DecodedEvent* event);
  bool consent(uint32_t user, const bc::Rule& rule, int64_t t, bool& ok);
  bool quietUntil(uint32_t user, const bc::Journey& journey, int64_t t, int64_t& until);
  const bc::Cap* capReached(uint32_t user, const bc::Rule& rule, int64_t t);
  const bc::Pair* limitReached(uint32_t user, const bc::Rule& rule, int64_t t);
  void deliver(uint32_t user, const bc::Rule& rule, int64_t t, const Value* vars);
  uint64_t actionId(uint32_t user, const bc::Rule& rule, int64_t t, uint32_t n) const;

  // Records.
  Record base(RecordKind kind, int64_t t, uint32_t user, uint32_t journey);
  void emit(const Record& r);
  void errorRecord(int64_t t, uint32_t user, uint32_t journey, uint32_t rule, std::string_view ruleName,
                   std::string_view message);

  uint8_t* block(uint32_t user) { return users_.block(user); }
  JourneyCell& journeyCell(uint32_t user, uint32_t journey) {
    return *reinterpret_cast<JourneyCell*>(block(user) + program_.journeys[journey].stateOffset);
  }
  vm::Frame frame(uint32_t user, const Value* event, int64_t t, int64_t enteredAt) {
    return vm::Frame{block(user), event, t, enteredAt, users_.id(user)};
  }

  const bc::Program& program_;
  EngineOptions options_;
  RecordSink& records_;
  RejectSink* rejects_;
  EngineObserver* observer_ = nullptr;
  vm::Vm vm_;
  vm::FunctionRunner* runner_ = &vm_;  // what evaluates functions: vm_ unless set
  UserTable users_;
  TimerQueue timers_;
  DedupTable dedup_;
  QuietHours quiet_;
  std::unique_ptr<Metrics> metrics_;
  EngineStats stats_;
  uint64_t seq_ = 0;          // the run's one sequence counter
  int64_t maxTs_ = 0;         // largest timestamp of a well-formed line
  bool haveMax_ = false;
  uint64_t heldSeq_ = 0;
  int64_t advancedTo_ = INT64_MIN;  // the latest advanceTo(): older events are late

  // Events held for allowed lateness, released in (t, input order).
  struct Held {
    int64_t t;
    uint64_t order;
    std::shared_ptr<io::DecodedEvent> event;
    bool operator>(const Held& o) const { return t != o.t ? t > o.t : order > o.order; }
  };
  std::priority_queue<Held, std::vector<Held>, std::greater<Held>> held_;

  // Deferred `when` firings keep their triggering event.
  struct Deferred {
    uint32_t rule = 0;
    uint32_t body = 0;
    io::DecodedEvent event;
    bool live = false;
  };
  std::vector<Deferred> deferred_;
  std::vector<uint32_t> freeDeferred_;

  // Per event type: what an event of that type touches, in declaration order.
  struct WhenRef {
    uint32_t rule;
    uint32_t body;
  };
  std::vector<std::vector<uint32_t>> streamsByEvent_;
  std::vector<std::vector<uint32_t>> enterByEvent_;    // journeys
  std::vector<std::vector<uint32_t>> anchorsByEvent_;  // after rules (first/last/any)
  std::vector<std::vector<WhenRef>> whenByEvent_;
  std::vector<std::vector<uint32_t>> goalExitByEvent_; // journeys
  std::vector<std::vector<uint32_t>> retentionByEvent_;
  std::vector<std::vector<uint32_t>> enterRules_;      // per journey: `since enter` rules
  std::vector<std::vector<uint32_t>> capsByChannel_;   // per channel: caps covering it (top level and journeys)
  std::vector<uint64_t> idPrefixHash_;                // per rule: fnv1a64("<journey>/<rule>/")
  std::vector<Value> traitDefaults_;
  std::string scratch_;
};

}  // namespace onb::engine
