// The map of the per-user state block: every slot a program's layout allocates, with its
// offset, size and what it holds. The verifier checks it (alignment, bounds, no overlap);
// the disassembler prints it. Sizes follow the contracts in program.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"

namespace onb::bc {

// Bytes of each kind of slot (program.hpp states what they hold).
inline constexpr uint64_t kTraitSlotBytes = 16;
inline constexpr uint64_t kStreamErrorBytes = 16;
inline constexpr uint64_t kJourneyStateBytes = 16;
inline constexpr uint64_t kRuleTimerBytes = 32;
inline constexpr uint64_t kFlagSlotBytes = 8;  // a rule's armed or once flag
// A ring of n int64 times plus its uint32 count and head.
constexpr uint64_t ringBytes(uint64_t entries) { return 8 * entries + 8; }
uint64_t historySlotBytes(const HistorySlot& slot);

// What a slot belongs to; `StateSlot::index` indexes the table named here.
enum class SlotOwner : uint8_t {
  Trait,         // Schema::traits
  History,       // Program::historySlots
  StreamErrors,
  EventLog,      // a stream filtered at query time: pointer to its event log  // Program::streams: a filtered stream's error count and time
  Journey,       // Program::journeys: the journey state
  RuleTimer,     // Program::rules
  RuleArmed,
  RuleLimit,  // the limit ring, or the `once` flag
  Cap,        // Program::caps: the cap's ring
};

struct StateSlot {
  uint64_t offset = 0;  // kNone when a required slot was given none (the verifier refuses it)
  uint64_t size = 0;
  SlotOwner owner = SlotOwner::Trait;
  uint32_t index = 0;
};

// Every slot of `program`'s layout, sorted by offset (ties in the order the tables list
// them). Optional slots set to kNone (an unstored trait, a rule without timer) are left
// out; required ones are always listed. Safe on an unverified program.
std::vector<StateSlot> stateSlots(const Program& program);

// What `slot` holds: "trait plan", "history count(project_created)", "rule
// activation.stuck limit ring[1]", "cap 0 on email, sms ring[4]".
std::string slotText(const Program& program, const StateSlot& slot);

}  // namespace onb::bc
