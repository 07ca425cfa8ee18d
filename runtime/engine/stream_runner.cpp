#include "runtime/engine/stream_runner.hpp"

namespace onb::engine {

StreamRunner::StreamRunner(Engine& engine, const bc::Schema& schema)
    : engine_(engine),
      slots_{{io::EventDecoder(schema), {}, {}}, {io::EventDecoder(schema), {}, {}}, {io::EventDecoder(schema), {}, {}}} {}

void StreamRunner::drain() {
  while (pushed_ < decoded_) {
    Slot& s = slots_[pushed_ % kDepth];
    engine_.push(s.event, &s.ahead);
    ++pushed_;
  }
}

bool StreamRunner::run(io::LineReader& reader, uint64_t pauseEvery, const Pause& pause) {
  io::LineReader::Line line;
  uint64_t sincePause = 0;
  for (Slot& s : slots_) s.decoder.setMaxLineBytes(reader.maxLineBytes());
  while (reader.next(line)) {
    Slot& s = slots_[decoded_ % kDepth];
    if (line.overlong) [[unlikely]]
      io::EventDecoder::decodeOverlong(line.overlong, reader.maxLineBytes(), line.number, s.event);
    else
      s.decoder.decode(line.data, line.len, line.capacity, line.number, s.event);
    engine_.lookahead1(s.event, s.ahead);
    ++decoded_;
    if (decoded_ - pushed_ >= 2) {
      Slot& mid = slots_[(decoded_ - 2) % kDepth];
      engine_.lookahead2(mid.event, mid.ahead);
    }
    if (decoded_ - pushed_ == kDepth) {
      Slot& oldest = slots_[pushed_ % kDepth];
      engine_.push(oldest.event, &oldest.ahead);
      ++pushed_;
    }
    if (pauseEvery && ++sincePause >= pauseEvery) {
      sincePause = 0;
      drain();
      if (!pause(pushed_)) return false;
    }
  }
  drain();
  return true;
}

}  // namespace onb::engine
