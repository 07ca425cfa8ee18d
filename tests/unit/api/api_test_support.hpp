// Helpers for the embedding API tests: files, and the reference run — the pipeline of
// `onb run` (cli/cmd_run.cpp) built from the internal libraries, which the API must match
// byte for byte.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/compilation.hpp"
#include "onb/onb.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::apitest {

inline const std::string kSourceDir = ONB_SOURCE_DIR;
inline const std::string kExampleProgram = kSourceDir + "/examples/embed/onboarding.onb";
inline const std::string kConformanceDir = kSourceDir + "/../shared/conformance/cases";

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Lines as `onb run` reads them: split on '\n'; a final '\n' does not start a line.
inline std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

using RejectRow = std::tuple<uint64_t, std::string, std::string>;  // line, class, reason

struct RunOutput {
  std::string records;  // JSONL
  std::vector<RejectRow> rejects;
  Stats stats;  // the public Stats, filled from the engine's
  std::string metrics;
};

// `onb run PROGRAM EVENTS` with the given options, through the internal libraries.
inline RunOutput referenceRun(const std::string& programPath, const std::string& eventsPath,
                              const EngineOptions& options, std::optional<int64_t> until) {
  struct Rejects final : engine::RejectSink {
    void reject(uint64_t line, io::RejectClass cls, std::string_view reason) override {
      rows.emplace_back(line, std::string(io::rejectClassName(cls)), std::string(reason));
    }
    std::vector<RejectRow> rows;
  };
  RunOutput out;
  auto c = compileProgram(programPath);
  if (!c->program) {
    ADD_FAILURE() << "reference compile failed: " << programPath;
    return out;
  }
  const bc::Program& program = *c->program;
  engine::EngineOptions o;
  o.latenessMs = options.latenessMs;
  o.dedupWindowMs = options.dedupWindowMs;
  o.explain = options.explain;
  o.metrics = options.metrics;
  Rejects rejects;
  {
    io::RecordWriter writer(&out.records);
    engine::JsonlSink sink(program, writer);
    engine::Engine e(program, o, sink, &rejects);
    io::EventDecoder decoder(program.schema);
    io::DecodedEvent event;
    io::LineReader reader;
    EXPECT_TRUE(reader.open(eventsPath)) << reader.error();
    io::LineReader::Line line;
    while (reader.next(line)) {
      decoder.decode(line.data, line.len, line.capacity, line.number, event);
      e.push(event);
    }
    e.finish(until);
    writer.flush();
    const engine::EngineStats& s = e.stats();
    out.stats.read = s.read;
    out.stats.processed = s.processed;
    out.stats.ignored = s.ignored;
    out.stats.invalid = s.invalid;
    out.stats.late = s.late;
    out.stats.duplicates = s.duplicates;
    out.stats.malformed = s.malformed;
    out.stats.traitErrors = s.traitErrors;
    for (size_t p = 0; p < kRecordKindCount; ++p)  // matched by name, not by position
      for (size_t k = 0; k < kRecordKindCount; ++k)
        if (engine::recordKindName(static_cast<engine::RecordKind>(k)) == recordKindName(static_cast<RecordKind>(p)))
          out.stats.records[p] = s.records[k];
    out.stats.pendingTimers = e.pendingTimers();
    if (options.metrics) out.metrics = engine::metricsJson(program, e.metricsReport(until ? *until : e.maxTimestamp()));
  }
  out.rejects = std::move(rejects.rows);
  return out;
}

// The same run through the public API, one push per line.
inline RunOutput apiRun(const Program& program, const std::vector<std::string>& lines, const EngineOptions& options,
                        std::optional<int64_t> until) {
  RunOutput out;
  Engine engine(program, options);
  engine.setRejectHandler([&](const Reject& r) { out.rejects.emplace_back(r.line, rejectKindName(r.kind), r.reason); });
  for (const std::string& line : lines) engine.push(line);
  engine.finish(until);
  for (const Record& r : engine.takeRecords()) out.records += r.json + "\n";
  out.stats = engine.stats();
  out.metrics = engine.metricsJson(until);
  return out;
}

inline void expectSameStats(const Stats& a, const Stats& b) {
  EXPECT_EQ(a.read, b.read);
  EXPECT_EQ(a.processed, b.processed);
  EXPECT_EQ(a.ignored, b.ignored);
  EXPECT_EQ(a.invalid, b.invalid);
  EXPECT_EQ(a.late, b.late);
  EXPECT_EQ(a.duplicates, b.duplicates);
  EXPECT_EQ(a.malformed, b.malformed);
  EXPECT_EQ(a.traitErrors, b.traitErrors);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.pendingTimers, b.pendingTimers);
}

// Events for the example program (examples/embed/onboarding.onb): entry, consent, a
// handoff, a goal, a timer, and every kind of bad line.
inline const char* const kExampleEvents = R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T08:00:00Z","traits":{"first_name":"Ann","plan":"pro","email_consent":true}}
{"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z","messageId":"s1","properties":{"source":"ads"}}
{"type":"track","userId":"u2","event":"Signed Up","timestamp":"2025-01-01T09:30:00Z"}

{"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:40:00Z","messageId":"s1"}
{"type":"page","userId":"u1","timestamp":"2025-01-01T09:41:00Z"}
{"type":"track","userId":"u1","event":"Nope","timestamp":"2025-01-01T09:42:00Z"}
{"type":"track","userId":"u3","event":"Project Created","timestamp":"2025-01-01T09:43:00Z","properties":{"template":7}}
{"type":"identify","userId":"u3","timestamp":"2025-01-01T09:44:00Z","traits":{"plan":"gold","first_name":"Bo"}}
not json
{"type":"track","userId":"u1","event":"Project Created","timestamp":"2025-01-01T12:00:00Z","properties":{"template":"kanban"}}
{"type":"track","userId":"u4","event":"Signed Up","timestamp":"2025-01-01T11:00:00Z"}
{"type":"track","userId":"u5","event":"Signed Up","timestamp":"2025-01-02T08:00:00Z"}
{"type":"identify","userId":"u5","timestamp":"2025-01-02T08:00:00Z","traits":{"email_consent":true}}
)";

}  // namespace onb::apitest
