// Decodes input lines (Segment JSONL) against the program's schema: LANGUAGE.md section 7.
//
//   EventDecoder decoder(program.schema());
//   DecodedEvent event;
//   decoder.decode(line, len, capacity, lineNo, event);   // capacity >= len + kPadding
//
// The whole line is validated (bad JSON anywhere makes it malformed, also inside fields
// nobody reads), then classified: Blank, Malformed, Ignored, Invalid, Track or Identify,
// with a human reason for the last three kinds of rejection. When an object repeats a key
// the first occurrence counts. Strings in the result point into the decoder's buffers and
// stay valid until its next decode(); DecodedEvent::own() detaches them.
//
// JSON limits (documented, tested): containers nested deeper than 1024 levels (the
// top-level object is level 1) and lines of 4 GiB or more are malformed. Numbers follow
// the JSON grammar, not simdjson's number parser: integers past 64 bits and 1e400 are
// valid JSON (an int property given 2^64 is invalid, a float property given 1e400 is
// invalid as out of range; neither makes the line malformed).
//
// How (measured in bench/decode_bench.cpp): simdjson's DOM parser validates the whole
// line fast, then the decoder reads the tape. The DOM parser rejects numbers it cannot
// hold (integers past 64 bits, 1e400); those rare lines are decoded again by an On Demand
// path that validates every value itself and accepts them.
//
// Not thread-safe: one decoder per thread. decode() allocates nothing in the steady state
// (buffers grow to the longest line and the largest event, then stay).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "runtime/bytecode/schema.hpp"
#include "runtime/io/decoded_event.hpp"

namespace onb::io {

// Bytes after a line that decode() may read (their content is irrelevant): simdjson's
// SIMDJSON_PADDING, checked by a static_assert in the implementation.
inline constexpr size_t kPadding = 64;

// Lines longer than this are malformed ("line too long"), unless the limit is changed
// (`onb run --max-line-bytes`, EngineOptions::maxLineBytes): the decoder's buffers grow to
// the longest line it has seen and stay, so the limit bounds its memory.
inline constexpr size_t kDefaultMaxLineBytes = size_t{64} << 20;

class EventDecoder {
 public:
  // Auto: the DOM fast path, falling back to On Demand for numbers the DOM cannot hold.
  // OnDemandOnly: always the On Demand path (slower; tests run every case through both).
  enum class Path : uint8_t { Auto, OnDemandOnly };

  // Precomputes the lookup tables. `schema` must outlive the decoder.
  explicit EventDecoder(const bc::Schema& schema, Path path = Path::Auto);
  ~EventDecoder();
  EventDecoder(const EventDecoder&) = delete;
  EventDecoder& operator=(const EventDecoder&) = delete;
  EventDecoder(EventDecoder&&) noexcept;
  EventDecoder& operator=(EventDecoder&&) noexcept;

  // Decodes `line` (without its '\n'; a trailing '\r' is JSON whitespace) into `out`,
  // reusing out's vectors. Bytes [line, line + capacity) must be readable; when capacity
  // < len + kPadding the line is first copied to a padded buffer (slower, still correct).
  void decode(const char* line, size_t len, size_t capacity, uint64_t lineNo, DecodedEvent& out);

  // Convenience for lines not in a padded buffer (tests, the embedding API): copies.
  void decode(std::string_view line, uint64_t lineNo, DecodedEvent& out);

  // Lines longer than `bytes` are malformed without being parsed (0: no limit below the
  // JSON limit of 4 GiB). Default kDefaultMaxLineBytes.
  void setMaxLineBytes(size_t bytes);
  // What decode() gives for a line of `length` bytes over a limit of `limit` bytes, for
  // readers that skipped such a line without holding it (LineReader::Line::overlong).
  static void decodeOverlong(uint64_t length, size_t limit, uint64_t lineNo, DecodedEvent& out);

  const bc::Schema& schema() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onb::io
