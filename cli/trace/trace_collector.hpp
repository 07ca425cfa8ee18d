// Builds one user's timeline while the engine runs: it is the engine's record sink (run
// with EngineOptions::explain, so skips and suppression details are there) and its
// observer (events, timers). Records and events of other users cost one string compare.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/trace/trace_entry.hpp"
#include "runtime/engine/observer.hpp"
#include "runtime/engine/record.hpp"

namespace onb::trace {

class TraceCollector final : public engine::RecordSink, public engine::EngineObserver {
 public:
  TraceCollector(const bc::Program& program, std::string user, TraceWriter& out);

  void record(const engine::Record& r) override;
  void onEvent(std::string_view user, const io::DecodedEvent& event, engine::EventOutcome outcome) override;
  void onTimerArmed(std::string_view user, uint32_t rule, int64_t due, int64_t t) override;
  void onTimerFired(std::string_view user, uint32_t rule, uint32_t journey, int64_t due) override;

  // After the engine finished at `end`: the user's timers still pending, as entries.
  void finish(int64_t end);
  // Input lines of this user (malformed lines that name them included).
  uint64_t linesSeen() const { return lines_; }

 private:
  TraceEntry entry(TraceKind kind, int64_t t, uint32_t journey) const;
  TraceEntry ruleEntry(TraceKind kind, int64_t t, uint32_t rule) const;
  std::string valueJson(const Value& v, ValueType type, uint32_t enumIndex) const;
  // Lines of the source file of function `fn` (empty when it cannot be read).
  const std::vector<std::string>& sourceLines(int32_t fn);
  std::string clauseText(const bc::Rule& rule, bool isUnless, uint32_t line);
  std::string consentText(uint32_t channel);  // the channel's `requires` expression
  void forgetJourney(uint32_t journey);

  const bc::Program& program_;
  std::string user_;
  TraceWriter& out_;
  uint64_t lines_ = 0;
  int64_t lastEventT_ = 0;
  uint32_t lastEvent_ = UINT32_MAX;                    // the last processed track event (exit when)
  struct PendingTimer {
    int64_t due = 0;
    bool deferral = false;  // a firing deferred by quiet hours
  };
  std::map<uint32_t, PendingTimer> pendingRules_;      // `after` rules (one timer each)
  std::multiset<std::pair<uint32_t, int64_t>> pendingDeferred_;  // `when` sends deferred: (rule, until)
  std::map<uint32_t, int64_t> pendingExpiry_;          // journey -> `exit after` due
  std::pair<uint32_t, int64_t> lastDeferral_{UINT32_MAX, 0};     // (rule, until) of the last deferred record
  std::unordered_map<std::string, std::vector<std::string>> sources_;  // source file -> lines (skip text)
};

}  // namespace onb::trace
