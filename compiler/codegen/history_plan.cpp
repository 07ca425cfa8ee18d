#include "compiler/codegen/history_plan.hpp"

#include <algorithm>

namespace onb::codegen {

uint32_t HistoryPlan::stream(uint32_t event, sema::ExprRef filter, int32_t filterFn, bool lazy) {
  auto key = std::make_tuple(event, filter.valid() ? filter.module : sema::kNone, filter.valid() ? filter.id : sema::kNone);
  auto [it, fresh] = streamIndex_.emplace(key, static_cast<uint32_t>(streams_.size()));
  if (fresh) {
    bc::HistoryStream s;
    s.event = event;
    s.filterFn = filter.valid() ? filterFn : bc::kNoFn;
    s.lazy = filter.valid() && lazy;
    s.keepMs = -1;  // no query yet
    streams_.push_back(std::move(s));
    lazyForever_.push_back(false);
  }
  return it->second;
}

void HistoryPlan::lazyQuery(uint32_t stream, std::optional<int64_t> windowMs) {
  bc::HistoryStream& s = streams_[stream];
  if (!windowMs || *windowMs <= 0) lazyForever_[stream] = true;
  else s.keepMs = std::max(s.keepMs, *windowMs);
}

bool HistoryPlan::hasStream(uint32_t event, sema::ExprRef filter) const {
  auto key = std::make_tuple(event, filter.valid() ? filter.module : sema::kNone, filter.valid() ? filter.id : sema::kNone);
  return streamIndex_.count(key) != 0;
}

uint32_t HistoryPlan::slot(uint32_t stream, bc::HistKind kind, uint32_t k, int64_t windowMs) {
  auto key = std::make_tuple(stream, static_cast<int>(kind), k, windowMs);
  auto [it, fresh] = slotIndex_.emplace(key, static_cast<uint32_t>(slots_.size()));
  if (fresh) {
    bc::HistorySlot s;
    s.kind = kind;
    s.stream = stream;
    s.k = k;
    s.windowMs = windowMs;
    slots_.push_back(s);
    logUnbounded_.push_back(false);
    streams_[stream].slots.push_back(it->second);
  }
  return it->second;
}

uint32_t HistoryPlan::logSlot(uint32_t stream, std::optional<int64_t> windowMs) {
  // One log per stream, kept for the longest window any query needs.
  uint32_t index = slot(stream, bc::HistKind::Log, 0, -1);
  bc::HistorySlot& s = slots_[index];
  if (!windowMs) logUnbounded_[index] = true;
  else s.windowMs = std::max(s.windowMs, *windowMs);
  return index;
}

void HistoryPlan::finish(StateAllocator& state, bc::Program& program) {
  for (size_t i = 0; i < slots_.size(); ++i) {
    bc::HistorySlot& s = slots_[i];
    switch (s.kind) {
      case bc::HistKind::Count:
      case bc::HistKind::First:
      case bc::HistKind::Last: s.offset = state.alloc(8); break;
      case bc::HistKind::Ring: s.offset = state.alloc(8 * s.k + 8); break;
      case bc::HistKind::Log:
        s.offset = state.alloc(8);
        if (logUnbounded_[i] || s.windowMs < 0) s.windowMs = 0;  // 0: kept forever
        break;
    }
  }
  for (size_t i = 0; i < streams_.size(); ++i) {
    bc::HistoryStream& s = streams_[i];
    if (s.lazy) {
      s.logOffset = state.alloc(8);
      if (lazyForever_[i] || s.keepMs < 0) s.keepMs = 0;  // 0: kept forever
    } else {
      s.keepMs = 0;
      if (s.filterFn != bc::kNoFn) s.errorOffset = state.alloc(16);
    }
  }
  program.streams = std::move(streams_);
  program.historySlots = std::move(slots_);
}

}  // namespace onb::codegen
