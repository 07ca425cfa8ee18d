// Fuzz target: the engine with a fixed program against a fuzzed event stream.
//
// Input: JSONL lines, optionally preceded by one options line
//   #! [reference|features] [lateness=MS] [dedup=MS] [until=MS] [split=N] [maxline=BYTES]
//      [explain] [metrics]
// (default: the reference program, no lateness, the default dedup window, until the last
// event, a snapshot after half the lines).
//
// Each input runs twice: the way `onb run` does (LineReader, the pipelined StreamRunner),
// and line by line with push(), saving a snapshot after `split` lines and going on in a
// fresh engine restored from it. Properties: nothing crashes, every record is valid JSON
// (so are the metrics), and both runs give the same records, counts and pending timers
// (pipelining and snapshots never change the output; the reader's skipping of over-long
// lines agrees with the decoder's limit). Gzip input is left out (it is not line-based).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"

namespace onb::fuzz {
namespace {

constexpr size_t kMaxLines = 2000;

struct Config {
  std::string_view program = "reference";
  RunOptions run;
  std::optional<size_t> split;
};

bool parseNumber(std::string_view text, int64_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Reads the options line (when there is one) and removes it from `text`.
Config readConfig(std::string_view& text) {
  Config config;
  if (text.substr(0, 2) != "#!") return config;
  const size_t end = text.find('\n');
  std::string_view line = text.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  while (!line.empty()) {
    const size_t space = line.find(' ');
    const std::string_view word = line.substr(0, space);
    line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
    const size_t eq = word.find('=');
    const std::string_view key = word.substr(0, eq);
    int64_t value = 0;
    const bool number = eq != std::string_view::npos && parseNumber(word.substr(eq + 1), value);
    if (key == "reference" || key == "features") config.program = key == "reference" ? "reference" : "features";
    else if (key == "explain") config.run.engine.explain = true;
    else if (key == "metrics") config.run.engine.metrics = true;
    else if (key == "lateness" && number && value >= 0) config.run.engine.latenessMs = value;
    else if (key == "dedup" && number && value >= 0) config.run.engine.dedupWindowMs = value;
    else if (key == "until" && number) config.run.until = value;
    else if (key == "split" && number && value >= 0) config.split = static_cast<size_t>(value);
    else if (key == "maxline" && number && value >= 0) config.run.maxLineBytes = static_cast<size_t>(value);
  }
  return config;
}

}  // namespace
}  // namespace onb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onb::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Config config = readConfig(text);
  if (text.size() >= 2 && text[0] == '\x1f' && text[1] == '\x8b') return 0;
  const std::vector<std::string_view> lines = splitLines(text);
  if (lines.size() > kMaxLines) return 0;
  const onb::bc::Program& program = fixedProgram(config.program);
  const RunResult streamed = runStream(program, text, config.run);
  RunOptions stepwise = config.run;
  stepwise.snapshotAfter = config.split ? *config.split : lines.size() / 2;
  const RunResult pushed = runLines(program, lines, stepwise);
  if (streamed.records != pushed.records)
    fail("records differ between the streamed run and the run through a snapshot",
         streamed.records + "\n---\n" + pushed.records);
  if (streamed.summary != pushed.summary)
    fail("counts differ between the streamed run and the run through a snapshot", streamed.summary + "\n" + pushed.summary);
  if (streamed.metrics != pushed.metrics)
    fail("metrics differ between the streamed run and the run through a snapshot", streamed.metrics + "\n" + pushed.metrics);
  return 0;
}
