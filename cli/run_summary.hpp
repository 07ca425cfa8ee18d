// What `onb run` prints at the end and the metrics file it writes, shared by the
// single-engine run and the threaded one (run_threads.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "runtime/engine/engine.hpp"

namespace onb::cli {

// The summary on stderr: lines by class, records by kind, pending timers, users and state.
void printRunSummary(const engine::EngineStats& stats, uint64_t pendingTimers, uint64_t users, size_t blockBytes,
                     size_t userMemoryBytes);
// Writes the metrics JSON of section 11 to `path`; false (after a message) on failure.
bool writeMetricsFile(const std::string& path, const bc::Program& program, const engine::MetricsReport& report);

}  // namespace onb::cli
