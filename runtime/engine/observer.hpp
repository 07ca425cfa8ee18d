// What happens inside the engine beyond the records it writes: events taken for
// processing, timers armed and fired. For tools that explain a run (onb trace, onb test);
// the engine pays one pointer test per call site when no observer is set.
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/io/decoded_event.hpp"

namespace onb::engine {

enum class EventOutcome : uint8_t { Processed, Duplicate, Late, Invalid, Ignored, Malformed, Held };

class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  // Every non-blank line, once it is classified (Held: kept for allowed lateness; it is
  // reported again when it is processed).
  virtual void onEvent(std::string_view user, const io::DecodedEvent& event, EventOutcome outcome) {
    (void)user, (void)event, (void)outcome;
  }
  // An `after` rule's timer armed (or re-armed) at time t to fire at `due`; a deferral
  // by quiet hours re-arms too (for `when` rules: `rule` and `due` of the deferred firing).
  virtual void onTimerArmed(std::string_view user, uint32_t rule, int64_t due, int64_t t) {
    (void)user, (void)rule, (void)due, (void)t;
  }
  // A pending timer fires: an `after` rule or a deferred firing (rule), or a journey's
  // `exit after` expiry (rule == UINT32_MAX, journey set).
  virtual void onTimerFired(std::string_view user, uint32_t rule, uint32_t journey, int64_t due) {
    (void)user, (void)rule, (void)journey, (void)due;
  }
};

}  // namespace onb::engine
