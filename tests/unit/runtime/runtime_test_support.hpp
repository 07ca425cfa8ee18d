// Helpers for runtime tests: compile a program, run it over JSONL text, get the records.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/compilation.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::testing {

inline std::shared_ptr<const bc::Program> compileOrDie(const std::string& source, const std::string& path = "test.onb") {
  auto c = compileProgram(path, &source);
  std::string errors;
  for (const auto& d : c->diagnostics.diagnostics())
    if (d.severity == Severity::Error) errors += d.message + "\n";
  EXPECT_TRUE(c->program.has_value()) << errors;
  if (!c->program) return nullptr;
  return std::make_shared<const bc::Program>(std::move(*c->program));
}

inline std::shared_ptr<const bc::Program> compileFileOrDie(const std::string& path) {
  auto c = compileProgram(path);
  EXPECT_TRUE(c->program.has_value()) << path;
  if (!c->program) return nullptr;
  return std::make_shared<const bc::Program>(std::move(*c->program));
}

inline std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// An engine writing JSONL into a string.
struct Harness {
  explicit Harness(const bc::Program& p, engine::EngineOptions options = {})
      : program(p), writer(&out), sink(p, writer), engine(p, options, sink), decoder(p.schema) {}

  void push(const std::string& line, uint64_t number) {
    decoder.decode(line, number, event);
    engine.push(event);
  }
  std::string finish(std::optional<int64_t> until = std::nullopt) {
    engine.finish(until);
    writer.flush();
    return out;
  }

  const bc::Program& program;
  std::string out;
  io::RecordWriter writer;
  engine::JsonlSink sink;
  engine::Engine engine;
  io::EventDecoder decoder;
  io::DecodedEvent event;
};

inline std::string runAll(const bc::Program& p, const std::vector<std::string>& lines, engine::EngineOptions options = {},
                          std::optional<int64_t> until = std::nullopt) {
  Harness h(p, options);
  for (size_t i = 0; i < lines.size(); ++i) h.push(lines[i], i + 1);
  return h.finish(until);
}

inline std::string readCommand(const std::string& command) {
  std::string out;
  FILE* f = popen(command.c_str(), "r");
  if (!f) return out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

}  // namespace onb::testing
