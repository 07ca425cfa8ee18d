// Decoding input lines: EventDecoder (full validation, LANGUAGE.md section 7) against a
// plain simdjson On Demand pass that reads the same fields and validates nothing else
// (what the hand-written baseline does), and simdjson's DOM parser (validates everything
// but rejects integers past 64 bits, so it cannot be used as is). Same lines, same run:
// quote the ratios.
//
// The lines come from `gen_events.py --users 2000 --seed 7` (../shared/bench, through
// bench_support), about 20k lines; without Python or the script, similar lines are
// synthesised here.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/record_writer.hpp"

namespace {

using onb::ValueType;
using namespace onb;

// The schema of shared/bench/reference.onb.
const bc::Schema& referenceSchema() {
  static const bc::Schema schema = [] {
    auto field = [](std::string name, ValueType type, bool optional, uint32_t enumIndex = 0) {
      bc::FieldSpec f;
      f.name = std::move(name);
      f.type = type;
      f.optional = optional;
      f.enumIndex = enumIndex;
      return f;
    };
    auto trait = [&](std::string name, ValueType type, bool optional, uint32_t enumIndex = 0) {
      bc::TraitSpec t;
      static_cast<bc::FieldSpec&>(t) = field(std::move(name), type, optional, enumIndex);
      return t;
    };
    bc::Schema s;
    s.enums.push_back(bc::EnumSpec{{"free", "pro", "enterprise"}});
    s.enums.push_back(bc::EnumSpec{{"admin", "developer", "marketer", "analyst"}});
    s.traits = {trait("first_name", ValueType::String, true), trait("plan", ValueType::Enum, false, 0),
                trait("role", ValueType::Enum, true, 1),      trait("email_consent", ValueType::Bool, false),
                trait("sms_consent", ValueType::Bool, false), trait("timezone", ValueType::String, false),
                trait("birthday", ValueType::Time, true)};
    s.events = {
        {"signed_up", "Signed Up", {field("source", ValueType::String, true)}},
        {"app_opened", "App Opened", {}},
        {"project_created", "Project Created", {field("template", ValueType::String, true)}},
        {"teammate_invited", "Teammate Invited", {}},
        {"pricing_viewed", "Pricing Viewed", {}},
        {"step_failed", "Step Failed", {field("step", ValueType::String, false), field("code", ValueType::Int, false)}},
        {"subscribed", "Subscribed", {field("plan", ValueType::String, false)}},
    };
    return s;
  }();
  return schema;
}

// Lines like gen_events.py's, when it cannot run.
std::string synthesisedLines() {
  static const char* const kEvents[] = {"App Opened", "App Opened", "App Opened", "App Opened", "Signed Up",
                                        "Step Failed", "Project Created", "Teammate Invited", "Pricing Viewed",
                                        "Docs Viewed"};
  std::string out;
  uint64_t x = 7;
  auto next = [&] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL; };
  char line[1024];
  for (int i = 0; i < 20000; ++i) {
    const unsigned user = static_cast<unsigned>(next() >> 40) % 2000;
    const unsigned sec = static_cast<unsigned>(i * 97 % 86400);
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "2025-03-%02uT%02u:%02u:%02u.%03uZ", 1 + i % 28, sec / 3600, sec / 60 % 60,
                  sec % 60, static_cast<unsigned>(next() >> 50) % 1000);
    if (i % 9 == 0) {
      std::snprintf(line, sizeof line,
                    R"({"type":"identify","userId":"u%07u","timestamp":"%s","messageId":"%016llx-%04x","traits":{"plan":"free","role":"admin","first_name":"Noor","email":"u%07u@example.com","email_consent":true,"sms_consent":false,"timezone":"America/New_York","created_at":"%s"},"context":{"library":{"name":"analytics-node","version":"6.2.0"}}})",
                    user, stamp, static_cast<unsigned long long>(next()), i & 0xffff, user, stamp);
    } else {
      const char* event = kEvents[next() % 10];
      const char* props = std::string_view(event) == "Step Failed" ? R"({"step":"verify_email","code":500})"
                                                                   : R"({"platform":"android"})";
      std::snprintf(line, sizeof line,
                    R"({"type":"track","userId":"u%07u","event":"%s","timestamp":"%s","messageId":"%016llx-%04x","properties":%s,"context":{"library":{"name":"analytics-node","version":"6.2.0"}}})",
                    user, event, stamp, static_cast<unsigned long long>(next()), i & 0xffff, props);
    }
    out += line;
    out += '\n';
  }
  return out;
}

// The input as LineReader hands it out: one buffer, lines split on '\n', padding after.
struct Input {
  std::string buffer;
  std::vector<std::pair<size_t, size_t>> lines;  // offset, length
  size_t bytes = 0;
};

const Input& input() {
  static const Input in = [] {
    Input r;
    r.buffer = bench::generateEvents(2000, 7);
    if (r.buffer.empty()) r.buffer = synthesisedLines();
    r.bytes = r.buffer.size();
    for (size_t pos = 0; pos < r.buffer.size();) {
      size_t end = r.buffer.find('\n', pos);
      if (end == std::string::npos) end = r.buffer.size();
      r.lines.emplace_back(pos, end - pos);
      pos = end + 1;
    }
    r.buffer.append(onb::io::kPadding, '\0');
    return r;
  }();
  return in;
}

// state.range(0): 0 = EventDecoder::Path::Auto (DOM fast path), 1 = OnDemandOnly (the
// fallback for numbers past 64 bits, used alone).
void BM_EventDecoder(benchmark::State& state) {
  const Input& in = input();
  io::EventDecoder decoder(referenceSchema(),
                           state.range(0) ? io::EventDecoder::Path::OnDemandOnly : io::EventDecoder::Path::Auto);
  io::DecodedEvent event;
  uint64_t tracks = 0;
  for (auto _ : state) {
    uint64_t lineNo = 0;
    for (const auto& [offset, len] : in.lines) {
      decoder.decode(in.buffer.data() + offset, len, in.buffer.size() - offset, ++lineNo, event);
      tracks += event.cls == io::LineClass::Track;
    }
  }
  benchmark::DoNotOptimize(tracks);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.lines.size()));
}
BENCHMARK(BM_EventDecoder)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// What the baseline does: read the known top-level fields and the properties/traits
// values, skip everything else without validating it.
void BM_PlainOnDemand(benchmark::State& state) {
  namespace od = simdjson::ondemand;
  const Input& in = input();
  od::parser parser;
  uint64_t sink = 0;
  for (auto _ : state) {
    for (const auto& [offset, len] : in.lines) {
      od::document doc;
      if (parser.iterate(in.buffer.data() + offset, len, in.buffer.size() - offset).get(doc)) continue;
      od::object object;
      if (doc.get_object().get(object)) continue;
      for (auto result : object) {
        od::field field;
        if (std::move(result).get(field)) break;
        const std::string_view key = field.key().raw() ? std::string_view(field.key().raw(), 4) : "";
        od::value v = field.value();
        if (key == "prop" || key == "trai") {  // properties, traits: read each value
          od::object inner;
          if (v.get_object().get(inner)) continue;
          for (auto r2 : inner) {
            od::field f2;
            if (std::move(r2).get(f2)) break;
            od::value v2 = f2.value();
            std::string_view s;
            int64_t i;
            if (!v2.get_string().get(s)) sink += s.size();
            else if (!v2.get_int64().get(i)) sink += static_cast<uint64_t>(i);
          }
        } else if (key == "type" || key == "user" || key == "even" || key == "time" || key == "mess") {
          std::string_view s;
          if (!v.get_string().get(s)) sink += s.size();
        }
      }
      sink += doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.lines.size()));
}
BENCHMARK(BM_PlainOnDemand)->Unit(benchmark::kMillisecond);

// simdjson's DOM parser: validates everything (runtime-dispatched SIMD kernels), builds a tape.
void BM_DomParse(benchmark::State& state) {
  const Input& in = input();
  simdjson::dom::parser parser;
  uint64_t ok = 0;
  for (auto _ : state) {
    for (const auto& [offset, len] : in.lines) {
      simdjson::dom::element root;
      ok += !parser.parse(in.buffer.data() + offset, len, false).get(root);
    }
  }
  benchmark::DoNotOptimize(ok);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.lines.size()));
}
BENCHMARK(BM_DomParse)->Unit(benchmark::kMillisecond);

// Writing a typical emit record (to /dev/null through the 1 MiB buffer).
void BM_RecordWriter(benchmark::State& state) {
  std::FILE* devNull = std::fopen("/dev/null", "w");
  uint64_t bytes = 0;
  {
    io::RecordWriter out(devNull);
    int64_t t = 1740787200000;
    for (auto _ : state) {
      const uint64_t before = out.bytesWritten();
      out.raw("{\"t\":");
      out.time(t += 1234);
      out.raw(",\"user\":");
      out.jsonString("u0001846");
      out.raw(",\"journey\":\"activation\",\"kind\":\"handoff\",\"rule\":\"stuck\",\"queue\":\"csm\",\"vars\":{");
      out.key("step");
      out.jsonString("verify_email");
      out.raw(",");
      out.key("code");
      out.int64(500);
      out.raw(",");
      out.key("score");
      out.float64(0.75);
      out.raw("},\"id\":\"");
      out.uint64(0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(t));
      out.raw("\"}\n");
      bytes += out.bytesWritten() - before;
    }
  }
  std::fclose(devNull);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_RecordWriter);

}  // namespace
