// What the fuzz targets share: the fixed programs, running a program over event lines
// through the engine (as `onb run` does), a smoke stream derived from any schema, and the
// one way a target reports a broken property (a trap, which libFuzzer and the replay
// driver both report as a crash with the input that caused it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::fuzz {

// Prints `what` (and `detail`) to stderr and traps: a property of the code under test was
// violated by the current input.
[[noreturn]] void fail(std::string_view what, std::string_view detail = {});

// The programs of tests/fuzz/programs (compiled once, on first use; a compile error
// fails): "reference" (LANGUAGE.md section 1) and "features" (every feature).
const bc::Program& fixedProgram(std::string_view name);

// The folder holding the files fuzzed programs may import (tests/fuzz/programs).
std::string programsDir();

// Splits `text` into lines on '\n' (a last line without one included).
std::vector<std::string_view> splitLines(std::string_view text);

// One engine for a program, with its decoder and a JSONL sink writing records to a string.
struct EngineRun {
  EngineRun(const bc::Program& program, const engine::EngineOptions& options);
  ~EngineRun();
  void push(std::string_view line, uint64_t number);

  std::string records;
  std::unique_ptr<io::RecordWriter> writer;
  std::unique_ptr<engine::JsonlSink> sink;
  // For the fixed programs, one decoder per program, shared (making one is much of a small
  // run's time under the sanitizers); for others, ownDecoder.
  io::EventDecoder* decoder;
  std::unique_ptr<io::EventDecoder> ownDecoder;
  io::DecodedEvent event;
  std::unique_ptr<engine::Engine> engine;
};

struct RunResult {
  std::string records;  // JSONL, as `onb run` writes it
  std::string summary;  // counts, pending timers, the watermark
  std::string metrics;  // the metrics JSON, when EngineOptions::metrics
};

struct RunOptions {
  engine::EngineOptions engine;
  std::optional<int64_t> until;
  // When set, the run stops after this many lines, saves a snapshot, restores it into a
  // fresh engine and goes on there (the records must not change).
  std::optional<size_t> snapshotAfter;
  // Checks that every record line is valid JSON (fails otherwise).
  bool checkRecords = true;
  // The maximum line size, of the LineReader (runStream) or the decoder (runLines).
  size_t maxLineBytes = io::kDefaultMaxLineBytes;
};

// finish(), then the records, counts and metrics of `run` (records and metrics are checked
// to be valid JSON unless options.checkRecords is false).
RunResult finishRun(EngineRun& run, const bc::Program& program, const RunOptions& options);

// Pushes `lines` through a fresh engine for `program`, then finish().
RunResult runLines(const bc::Program& program, const std::vector<std::string_view>& lines, const RunOptions& options);

// Runs `text` through a fresh engine the way `onb run` does (a LineReader over the bytes,
// the pipelined StreamRunner), then finish(). `snapshotAfter` is ignored.
RunResult runStream(const bc::Program& program, std::string_view text, const RunOptions& options);

// A few dozen lines exercising every event and trait of `program`'s schema with ordinary
// and extreme values (for fuzzed programs: whatever they compile or load to must run).
std::vector<std::string> smokeLines(const bc::Program& program);

// Validates each line of `jsonl` as JSON; fails on the first bad one.
void checkJsonLines(std::string_view jsonl, std::string_view what);

// Validates `json` as one JSON document; fails when it is not.
void checkJson(std::string_view json, std::string_view what);

}  // namespace onb::fuzz
