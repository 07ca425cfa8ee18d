// What the benchmarks share: compiling the workload's programs (shared/bench/reference.onb
// and reference_core.onb, or source text), generating its event stream with
// shared/bench/gen_events.py, decoding a stream once so that only the engine is timed, and
// a record sink that only counts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/engine/record.hpp"
#include "runtime/io/decoded_event.hpp"

namespace onb::bench {

// The folder holding gen_events.py and the reference programs: $ONB_SHARED_BENCH, else
// ../shared/bench next to the source tree.
std::string sharedBenchDir();

// Compiles a .onb file, or source text standing for one; exits the process with the
// diagnostics' count when the program does not compile (a benchmark cannot go on).
std::shared_ptr<const bc::Program> compileFile(const std::string& path);
std::shared_ptr<const bc::Program> compileText(const std::string& text, const std::string& virtualPath);

// `gen_events.py --users N --seed S` as one string (empty when Python or the script is
// missing).
std::string generateEvents(uint32_t users, uint32_t seed);
// Reads a whole file (empty when it cannot be read).
std::string readFile(const std::string& path);

// A stream decoded up front: every line as the engine receives it, owning its strings.
struct DecodedStream {
  std::vector<io::DecodedEvent> events;
  uint64_t bytes = 0;  // input bytes, newlines included
};
DecodedStream decodeAll(const bc::Schema& schema, std::string_view text);

// Hand-made input for the micro-benchmarks: epoch ms as ISO 8601 UTC with milliseconds,
// and Segment JSON lines (`json` is the properties or traits object).
std::string isoTime(int64_t epochMs);
std::string trackLine(std::string_view user, std::string_view event, int64_t t, uint64_t messageId,
                      std::string_view json = "{}");
std::string identifyLine(std::string_view user, int64_t t, std::string_view json);
// Decodes lines (one per element).
std::vector<io::DecodedEvent> decodeLines(const bc::Schema& schema, const std::vector<std::string>& lines);

// 2025-03-01T00:00:00Z, where the hand-made streams start.
inline constexpr int64_t kStart = 1740787200000;
inline constexpr int64_t kHour = 3'600'000;
inline constexpr int64_t kDay = 24 * kHour;

// Counts records and looks at nothing else: what the engine costs without writing JSON.
class CountingSink final : public engine::RecordSink {
 public:
  void record(const engine::Record& r) override {
    ++count;
    ++byKind[static_cast<size_t>(r.kind)];
  }
  uint64_t count = 0;
  uint64_t byKind[10] = {};
};

}  // namespace onb::bench
