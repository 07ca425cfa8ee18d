// `onb run --threads N` with N > 1: the run on engine::ParallelRunner, with the same
// inputs, files and summary as the single-engine run (cmd_run.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/engine/engine.hpp"

namespace onb::cli {

struct ThreadedRun {
  unsigned threads = 2;
  engine::EngineOptions options;
  std::optional<int64_t> until;
  std::string events;   // path, or "-" for stdin
  std::string out;      // path, or empty / "-" for stdout
  std::string rejects;  // path or empty
  std::string metrics;  // path or empty
  bool progress = false;
};

// The exit status of `onb run`.
int runThreaded(const bc::Program& program, const ThreadedRun& run);

}  // namespace onb::cli
