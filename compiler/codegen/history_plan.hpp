// Internal: which history each user must keep, derived from the history built-ins the
// program's expressions use. A stream is the events of one type (optionally filtered by
// `(E where X)`); each stream keeps only the slots some expression reads.
#pragma once

#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "compiler/check/checked_program.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb::codegen {

// Hands out 8-aligned offsets in the per-user state block.
class StateAllocator {
 public:
  uint32_t alloc(uint32_t bytes) {
    uint32_t offset = size_;
    size_ += (bytes + 7) & ~7u;
    return offset;
  }
  uint32_t size() const { return size_; }

 private:
  uint32_t size_ = 0;
};

class HistoryPlan {
 public:
  // The stream of `event` with the filter at `filter` (invalid: unfiltered); `filterFn` is
  // only used when the stream is new.
  // `lazy`: the filter reads more than the event, so it runs at query time (see
  // bc::HistoryStream); `lazy` and `filterFn` are only used when the stream is new.
  uint32_t stream(uint32_t event, sema::ExprRef filter, int32_t filterFn, bool lazy = false);
  bool hasStream(uint32_t event, sema::ExprRef filter) const;
  bool isLazy(uint32_t stream) const { return streams_[stream].lazy; }
  // A query of a lazy stream: how far back it looks (nullopt: the whole history).
  void lazyQuery(uint32_t stream, std::optional<int64_t> windowMs);
  uint32_t countSlot(uint32_t stream) { return slot(stream, bc::HistKind::Count, 0, 0); }
  uint32_t firstSlot(uint32_t stream) { return slot(stream, bc::HistKind::First, 0, 0); }
  uint32_t lastSlot(uint32_t stream) { return slot(stream, bc::HistKind::Last, 0, 0); }
  uint32_t ringSlot(uint32_t stream, uint32_t k, int64_t windowMs) { return slot(stream, bc::HistKind::Ring, k, windowMs); }
  // A log of times kept for `windowMs` (nullopt: a window only known at run time, so
  // every time is kept).
  uint32_t logSlot(uint32_t stream, std::optional<int64_t> windowMs);

  // Assigns every slot its offset and moves streams and slots into the program.
  void finish(StateAllocator& state, bc::Program& program);

 private:
  uint32_t slot(uint32_t stream, bc::HistKind kind, uint32_t k, int64_t windowMs);

  std::vector<bc::HistoryStream> streams_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, uint32_t> streamIndex_;  // (event, module, expr)
  std::vector<bc::HistorySlot> slots_;
  std::map<std::tuple<uint32_t, int, uint32_t, int64_t>, uint32_t> slotIndex_;
  std::vector<bool> logUnbounded_;  // per slot
  std::vector<bool> lazyForever_;   // per stream: some query reads its whole history
};

}  // namespace onb::codegen
