// Runs a program over an event stream on several threads (`onb run --threads N`).
//
// Users are spread over N engines by a hash of their id; each engine owns its users'
// whole state, so each user's records come out exactly as a single engine writes them.
// The input goes through in chunks of lines:
//
//   worker k mod N               reads chunk k from the LineReader (the workers take
//                                turns, in chunk order) and decodes it (every line, once)
//   every worker                 walks chunk k in line order: pushes the lines of its
//                                own users into its engine and lets the others advance
//                                its watermark (Engine::observeTime), so that lateness
//                                and held events are judged against the whole stream
//   writer (the calling thread)  appends each worker's records of chunk k, in worker
//                                order, and the chunk's rejects in line order
//
// The output is deterministic for a given N: within a chunk, worker 0's records come
// first. Only the interleaving of different users' records differs from one engine's
// output; rejects, metrics and the summary are the same (docs/cli.md, "Threads").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/engine/engine.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::engine {

class ParallelRunner {
 public:
  ParallelRunner(const bc::Program& program, const EngineOptions& options, unsigned threads);
  ~ParallelRunner();
  ParallelRunner(const ParallelRunner&) = delete;
  ParallelRunner& operator=(const ParallelRunner&) = delete;

  // Reads `reader` to its end, then finishes every engine at `until` (default: the
  // largest timestamp of any well-formed line). Records go to `out`, rejects to
  // `rejects` (may be null), in line order. `onChunk(lines)` runs after each chunk is
  // read (progress), on the worker that read it: one call at a time, lines increasing.
  // False when the reader failed.
  bool run(io::LineReader& reader, io::RecordWriter& out, RejectSink* rejects, std::optional<int64_t> until,
           const std::function<void(uint64_t lines)>& onChunk = {});

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }
  const Engine& engine(unsigned i) const;
  // Summed over the engines.
  EngineStats stats() const;
  uint64_t pendingTimers() const;
  uint64_t users() const;
  size_t userMemoryBytes() const;
  // Every engine saw every line's timestamp: they agree on the watermark.
  bool hasWatermark() const { return engine(0).hasWatermark(); }
  int64_t maxTimestamp() const { return engine(0).maxTimestamp(); }
  // The engines' metrics, merged (counts summed, time-to-value samples pooled).
  MetricsReport metricsReport(int64_t until) const;

 private:
  struct Chunk;
  struct Worker;
  struct Shared;

  void work(unsigned w, std::optional<int64_t> until);
  bool fill(Chunk& chunk);
  void decode(Worker& worker, Chunk& chunk);
  void process(unsigned w, Worker& worker, Chunk& chunk);
  void write(Chunk& chunk, io::RecordWriter& out, RejectSink* rejects);

  const bc::Program& program_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Shared> shared_;
  size_t maxLineBytes_ = 0;
};

}  // namespace onb::engine
