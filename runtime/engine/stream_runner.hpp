// Runs an engine over every line of a LineReader. Three lines are in flight: line k is
// decoded (and its user's hash computed) while line k-1's user state is prefetched and
// line k-2 is processed, so the cache misses of looking users up overlap with decoding
// instead of stalling it (the same records as pushing lines one by one).
#pragma once

#include <cstdint>
#include <functional>

#include "runtime/engine/engine.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/line_reader.hpp"

namespace onb::engine {

class StreamRunner {
 public:
  StreamRunner(Engine& engine, const bc::Schema& schema);

  // Called with every line pushed so far drained into the engine (the engine's state then
  // covers exactly the input up to reader.bytesConsumed()); return false to stop.
  using Pause = std::function<bool(uint64_t linesPushed)>;

  // Processes lines until the reader is exhausted (true) or `pause` returns false
  // (false). `pauseEvery` lines between calls to pause (0: never). The decoders take the
  // reader's maximum line size; a line the reader skipped as longer is malformed.
  bool run(io::LineReader& reader, uint64_t pauseEvery = 0, const Pause& pause = {});

  uint64_t linesPushed() const { return pushed_; }

 private:
  static constexpr int kDepth = 3;
  struct Slot {
    io::EventDecoder decoder;
    io::DecodedEvent event;
    Engine::Lookahead ahead;
  };
  void drain();

  Engine& engine_;
  Slot slots_[kDepth];
  uint64_t decoded_ = 0;  // lines decoded (slot decoded_ % kDepth is next)
  uint64_t pushed_ = 0;   // lines pushed into the engine
};

}  // namespace onb::engine
