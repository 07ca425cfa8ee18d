// The layout pass of the verifier: the per-user block holds every slot of the state map
// (state_map.hpp), each 8-aligned, inside the block and disjoint from the others. Runs
// last: the map describes slots by the tables' names, which earlier passes checked.
#include "runtime/bytecode/state_map.hpp"
#include "runtime/bytecode/verifier.hpp"
#include "runtime/bytecode/verifier_internal.hpp"

namespace onb::bc::verify {

bool verifyLayout(Verifier& v) {
  const StateLayout& layout = v.program.layout;
  if (layout.size % 8 != 0) return v.fail("layout: {} bytes per user is not a multiple of 8", layout.size);
  if (layout.size > kMaxStateBytes)
    return v.fail("layout: {} bytes per user exceeds the limit of {}", layout.size, kMaxStateBytes);
  std::vector<StateSlot> slots = stateSlots(v.program);
  auto what = [&](const StateSlot& slot) { return slotText(v.program, slot); };
  const StateSlot* furthest = nullptr;  // of the slots so far, the one ending last
  for (const StateSlot& slot : slots) {
    if (slot.offset == kNone) return v.fail("layout: {} has no offset", what(slot));
    if (slot.offset % 8 != 0) return v.fail("layout: {} at offset {} is not 8-aligned", what(slot), slot.offset);
    if (slot.offset + slot.size > layout.size)
      return v.fail("layout: {} at [{}, {}) is outside the {}-byte block", what(slot), slot.offset,
                    slot.offset + slot.size, layout.size);
    // Sorted by offset: a slot overlaps an earlier one iff it starts before the furthest end.
    if (furthest && slot.offset < furthest->offset + furthest->size)
      return v.fail("layout: {} at [{}, {}) overlaps {} at [{}, {})", what(slot), slot.offset, slot.offset + slot.size,
                    what(*furthest), furthest->offset, furthest->offset + furthest->size);
    if (!furthest || slot.offset + slot.size > furthest->offset + furthest->size) furthest = &slot;
  }
  return true;
}

}  // namespace onb::bc::verify
