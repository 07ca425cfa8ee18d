// What the fuzz targets share: the fixed programs, running a program over event lines
// through the engine (as `onb run` does), a smoke stream derived from any schema, and the
// one way a target reports a broken property (a trap, which libFuzzer and the replay
// driver both report as a crash with the input that caused it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/engine/engine.hpp"

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

struct RunResult {
  std::string records;  // JSONL, as `onb run` writes it
  std::string summary;  // counts, pending timers, the watermark
};

struct RunOptions {
  engine::EngineOptions engine;
  std::optional<int64_t> until;
  // When set, the run stops after this many lines, saves a snapshot, restores it into a
  // fresh engine and goes on there (the records must not change).
  std::optional<size_t> snapshotAfter;
  // Checks that every record line is valid JSON (fails otherwise).
  bool checkRecords = true;
};

// Pushes `lines` through a fresh engine for `program`, then finish().
RunResult runLines(const bc::Program& program, const std::vector<std::string_view>& lines, const RunOptions& options);

// A few dozen lines exercising every event and trait of `program`'s schema with ordinary
// and extreme values (for fuzzed programs: whatever they compile or load to must run).
std::vector<std::string> smokeLines(const bc::Program& program);

// Validates each line of `jsonl` as JSON; fails on the first bad one.
void checkJsonLines(std::string_view jsonl, std::string_view what);

// Validates `json` as one JSON document; fails when it is not.
void checkJson(std::string_view json, std::string_view what);

}  // namespace onb::fuzz
