#include "tests/fuzz/fuzz_support.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <simdjson.h>

#include "compiler/driver/compilation.hpp"
#include "compiler/render/render.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/engine/snapshot.hpp"
#include "runtime/engine/stream_runner.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::fuzz {

void fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "\n==== fuzz property violated: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  std::fflush(stderr);
  __builtin_trap();
}

namespace {

// The fixed programs live until the process ends; fuzzed ones do not (and a new one may
// reuse a freed one's address), so only the fixed ones share decoders.
std::map<const bc::Program*, std::unique_ptr<io::EventDecoder>>& sharedDecoders() {
  static std::map<const bc::Program*, std::unique_ptr<io::EventDecoder>> decoders;
  return decoders;
}

}  // namespace

std::string programsDir() { return ONB_FUZZ_PROGRAMS_DIR; }

const bc::Program& fixedProgram(std::string_view name) {
  static std::map<std::string, std::unique_ptr<Compilation>, std::less<>> compiled;
  auto it = compiled.find(name);
  if (it != compiled.end()) return *it->second->program;
  CompilationOptions options;
  options.lints = false;
  auto c = compileProgram(programsDir() + "/" + std::string(name) + ".onb", nullptr, options);
  if (!c->program) fail("a fixed program does not compile", renderDiagnostics(c->diagnostics.diagnostics(), *c->sources, {}));
  const bc::Program& program = *compiled.emplace(std::string(name), std::move(c)).first->second->program;
  sharedDecoders()[&program] = std::make_unique<io::EventDecoder>(program.schema);
  return program;
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

void checkJson(std::string_view json, std::string_view what) {
  static simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  if (parser.parse(padded).error() != simdjson::SUCCESS) fail(fmt::format("{} is not valid JSON", what), json);
}

void checkJsonLines(std::string_view jsonl, std::string_view what) {
  for (std::string_view line : splitLines(jsonl)) checkJson(line, what);
}

EngineRun::EngineRun(const bc::Program& program, const engine::EngineOptions& options)
    : writer(std::make_unique<io::RecordWriter>(&records)),
      sink(std::make_unique<engine::JsonlSink>(program, *writer)),
      engine(std::make_unique<engine::Engine>(program, options, *sink)) {
  auto shared = sharedDecoders().find(&program);
  if (shared == sharedDecoders().end()) {
    ownDecoder = std::make_unique<io::EventDecoder>(program.schema);
    decoder = ownDecoder.get();
  } else {
    decoder = shared->second.get();
  }
  decoder->setMaxLineBytes(io::kDefaultMaxLineBytes);
}

EngineRun::~EngineRun() = default;

void EngineRun::push(std::string_view line, uint64_t number) {
  decoder->decode(line, number, event);
  engine->push(event);
}

namespace {

std::string summaryOf(const engine::Engine& e) {
  const engine::EngineStats& s = e.stats();
  std::string out = fmt::format("read {} processed {} ignored {} invalid {} late {} duplicates {} malformed {} traits {}",
                                s.read, s.processed, s.ignored, s.invalid, s.late, s.duplicates, s.malformed,
                                s.traitErrors);
  for (uint64_t n : s.records) out += fmt::format(" {}", n);
  out += fmt::format(" pending {} users {} watermark {}", e.pendingTimers(), e.users().size(),
                     e.hasWatermark() ? e.maxTimestamp() : 0);
  return out;
}

}  // namespace

RunResult finishRun(EngineRun& run, const bc::Program& program, const RunOptions& options) {
  run.engine->finish(options.until);
  run.writer->flush();
  if (options.checkRecords) checkJsonLines(run.records, "a record");
  RunResult result{std::move(run.records), summaryOf(*run.engine), {}};
  if (options.engine.metrics) {
    const int64_t end = options.until ? *options.until : run.engine->maxTimestamp();
    result.metrics = engine::metricsJson(program, run.engine->metricsReport(end));
    checkJson(result.metrics, "the metrics");
  }
  return result;
}

RunResult runLines(const bc::Program& program, const std::vector<std::string_view>& lines, const RunOptions& options) {
  auto first = std::make_unique<EngineRun>(program, options.engine);
  first->decoder->setMaxLineBytes(options.maxLineBytes);
  std::unique_ptr<EngineRun> second;
  EngineRun* current = first.get();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (options.snapshotAfter && i == *options.snapshotAfter) {
      const std::string snapshot = engine::writeSnapshot(*current->engine);
      second = std::make_unique<EngineRun>(program, options.engine);
      second->decoder->setMaxLineBytes(options.maxLineBytes);
      std::string error;
      if (!engine::restoreSnapshot(*second->engine, snapshot, error)) fail("a fresh snapshot does not restore", error);
      current->writer->flush();
      second->records = std::move(current->records);
      current = second.get();
    }
    current->push(lines[i], i + 1);
  }
  return finishRun(*current, program, options);
}

RunResult runStream(const bc::Program& program, std::string_view text, const RunOptions& options) {
  // The bytes as a file (in memory) that LineReader opens by path, like `onb run FILE`.
  const int fd = memfd_create("onb-fuzz-events", 0);
  if (fd < 0) fail("memfd_create failed");
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) fail("writing the events failed");
    done += static_cast<size_t>(n);
  }
  io::LineReader reader;
  io::LineReader::Options readerOptions;
  readerOptions.chunkSize = 4096;  // small, so long lines take the buffer-growing path
  readerOptions.maxLineBytes = options.maxLineBytes;
  if (!reader.open("/proc/self/fd/" + std::to_string(fd), readerOptions)) fail("LineReader cannot open", reader.error());
  EngineRun run(program, options.engine);
  engine::StreamRunner runner(*run.engine, program.schema);
  runner.run(reader);
  close(fd);
  if (reader.failed()) fail("LineReader failed", reader.error());
  return finishRun(run, program, options);
}

namespace {

void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// A JSON value of `type` (variant 0: ordinary, 1: extreme, 2: other extremes).
std::string valueFor(const bc::Schema& schema, const bc::FieldSpec& field, int variant) {
  switch (field.type) {
    case ValueType::Bool: return variant == 1 ? "false" : "true";
    case ValueType::Int:
      return variant == 0 ? "3" : variant == 1 ? "9223372036854775807" : "-9223372036854775808";
    case ValueType::Float: return variant == 0 ? "0.5" : variant == 1 ? "1.7976931348623157e308" : "-0.0";
    case ValueType::String: return variant == 0 ? "\"ann\"" : variant == 1 ? "\"\"" : "\"\\u00e9\\ud83d\\ude00\\u0000z\"";
    case ValueType::Time:
      return variant == 0 ? "\"2025-01-02T10:00:00Z\"" : variant == 1 ? "\"9999-12-31T23:59:59.999Z\"" : "-62135596800000";
    case ValueType::Duration: return variant == 0 ? "3600000" : variant == 1 ? "9223372036854775807" : "-86400000";
    case ValueType::Enum: {
      const auto& members = schema.enums.at(field.enumIndex).members;
      if (members.empty()) return "\"\"";
      std::string out;
      appendJsonString(out, variant == 1 ? members.back() : members.front());
      return out;
    }
  }
  return "null";
}

}  // namespace

std::vector<std::string> smokeLines(const bc::Program& program) {
  const bc::Schema& schema = program.schema;
  constexpr int64_t kStart = 1'735'689'600'000;  // 2025-01-01T00:00:00Z
  constexpr int64_t kHour = 3'600'000;
  static const char* const kZones[] = {"America/New_York", "Europe/Berlin", "Nowhere/Invalid"};
  std::vector<std::string> lines;
  for (int round = 0; round < 3; ++round) {
    const std::string user = round == 1 ? "\"userId\":\"u1\"" : "\"userId\":\"\",\"anonymousId\":\"a0\"";
    int64_t t = kStart + round * 72 * kHour;
    std::string traits;
    for (uint32_t k = 0; k < schema.traits.size(); ++k) {
      const bc::TraitSpec& trait = schema.traits[k];
      if (!traits.empty()) traits += ',';
      appendJsonString(traits, trait.name);
      traits += ':';
      if (static_cast<int32_t>(k) == schema.timezoneTrait) traits += fmt::format("\"{}\"", kZones[round]);
      else traits += round == 2 && trait.optional ? "null" : valueFor(schema, trait, round);
    }
    lines.push_back(fmt::format(R"({{"type":"identify",{},"timestamp":{},"traits":{{{}}}}})", user, t, traits));
    for (uint32_t e = 0; e < schema.events.size(); ++e) {
      const bc::EventSpec& event = schema.events[e];
      std::string props;
      for (const bc::FieldSpec& p : event.properties) {
        if (!props.empty()) props += ',';
        appendJsonString(props, p.name);
        props += ':';
        props += valueFor(schema, p, (round + e) % 3);
      }
      std::string name;
      appendJsonString(name, event.wireName);
      t += (e % 4 == 3 ? 26 : 1) * kHour;
      std::string line = fmt::format(R"({{"type":"track",{},"event":{},"timestamp":{},"messageId":"m{}-{}","properties":{{{}}}}})",
                                     user, name, t, round, e, props);
      lines.push_back(line);
      if (e == 0) lines.push_back(line);  // a duplicate
    }
  }
  return lines;
}

}  // namespace onb::fuzz
