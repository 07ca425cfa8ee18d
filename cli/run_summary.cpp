#include "cli/run_summary.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace onb::cli {

void printRunSummary(const engine::EngineStats& s, uint64_t pendingTimers, uint64_t users, size_t blockBytes,
                     size_t userMemoryBytes) {
  fmt::print(stderr, "onb: events read {}, processed {}, ignored {}, invalid {}, late {}, duplicates {}, malformed {}\n",
             s.read, s.processed, s.ignored, s.invalid, s.late, s.duplicates, s.malformed);
  std::string records;
  for (int k = 0; k <= static_cast<int>(engine::RecordKind::Error); ++k)
    records += fmt::format("{}{} {}", k ? ", " : "", engine::recordKindName(static_cast<engine::RecordKind>(k)), s.records[k]);
  fmt::print(stderr, "onb: records {}\n", records);
  fmt::print(stderr, "onb: timers pending {}\n", pendingTimers);
  fmt::print(stderr, "onb: users {}, state {} bytes per user ({} in all with ids and the user table)\n", users,
             blockBytes, users ? userMemoryBytes / users : 0);
}

bool writeMetricsFile(const std::string& path, const bc::Program& program, const engine::MetricsReport& report) {
  std::string json = engine::metricsJson(program, report);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  bool ok = f && std::fwrite(json.data(), 1, json.size(), f) == json.size();
  if (f && std::fclose(f) != 0) ok = false;
  if (!ok) fmt::print(stderr, "onb run: cannot write metrics to {}\n", path);
  return ok;
}

}  // namespace onb::cli
