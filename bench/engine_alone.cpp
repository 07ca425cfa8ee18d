// bench_engine: the engine alone, events already decoded. Decodes the benchmark stream
// (shared/bench/gen_events.py) once, then times pushing every event into a fresh
// engine::Engine and finishing the run (the timers due by the last event fire), on
// reference.onb and reference_core.onb. The target is 5 million events per second per
// core (docs/performance.md); events/s counts every input line, as `onb run`, the
// reference and the peers do.
//
//   bench_engine [--events FILE] [--users N] [--reps N] [--program PATH]...
//
// Without --events it reads BUILD/bench/data/events-1M.jsonl (what bench/e2e.py caches),
// generating it first (gen_events.py --users 100000 --seed 1, about 2 minutes) when it is
// missing; --users N uses a stream of N users generated in memory instead.
//
// Per program it prints the median of --reps runs (default 5) of:
//   push        Engine::push per event, then finish(); records only counted;
//   pipelined   the same with the lookahead that `onb run` uses (user and dedup slots
//               prefetched two events ahead);
//   + jsonl     pipelined, with records written as JSON Lines to /dev/null (JsonlSink);
//   decode      EventDecoder over the same lines (no engine), for the split of `onb run`;
//   both        decoding and pushing line by line, pipelined as StreamRunner does: `onb
//               run` without reading the file or writing records.
// Times are the thread's CPU time (what a core spends: steady on a shared machine) and
// wall time.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/record_writer.hpp"

namespace {

using namespace onb;

struct Times {
  double cpu = 0;   // seconds
  double wall = 0;  // seconds
};

double clockSeconds(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Times timeIt(const std::function<void()>& body) {
  const double c0 = clockSeconds(CLOCK_THREAD_CPUTIME_ID), w0 = clockSeconds(CLOCK_MONOTONIC);
  body();
  return {clockSeconds(CLOCK_THREAD_CPUTIME_ID) - c0, clockSeconds(CLOCK_MONOTONIC) - w0};
}

Times median(std::vector<Times> runs) {
  auto mid = [&](auto key) {
    std::vector<double> v;
    for (const Times& t : runs) v.push_back(key(t));
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  return {mid([](const Times& t) { return t.cpu; }), mid([](const Times& t) { return t.wall; })};
}

// Pushes every event as StreamRunner does: lookahead1 on event k, lookahead2 on k-1, push k-2.
void pushPipelined(engine::Engine& engine, std::vector<io::DecodedEvent>& events) {
  engine::Engine::Lookahead ahead[3];
  const size_t n = events.size();
  for (size_t i = 0; i < n + 2; ++i) {
    if (i < n) engine.lookahead1(events[i], ahead[i % 3]);
    if (i >= 1 && i - 1 < n) engine.lookahead2(events[i - 1], ahead[(i - 1) % 3]);
    if (i >= 2) engine.push(events[i - 2], &ahead[(i - 2) % 3]);
  }
}

// Decodes and pushes line by line as StreamRunner does (three decoders: line k decoded
// while k-1 is prefetched and k-2 pushed): `onb run` without reading the file.
void decodeAndPush(engine::Engine& engine, const bc::Schema& schema, const std::string& text) {
  struct Slot {
    io::EventDecoder decoder;
    io::DecodedEvent event;
    engine::Engine::Lookahead ahead;
  };
  Slot slots[3] = {
      {io::EventDecoder(schema), {}, {}}, {io::EventDecoder(schema), {}, {}}, {io::EventDecoder(schema), {}, {}}};
  uint64_t decoded = 0, pushed = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    Slot& s = slots[decoded % 3];
    s.decoder.decode(text.data() + pos, end - pos, text.size() - pos, decoded + 1, s.event);
    engine.lookahead1(s.event, s.ahead);
    ++decoded;
    if (decoded - pushed >= 2) engine.lookahead2(slots[(decoded - 2) % 3].event, slots[(decoded - 2) % 3].ahead);
    if (decoded - pushed == 3) {
      engine.push(slots[pushed % 3].event, &slots[pushed % 3].ahead);
      ++pushed;
    }
    pos = end + 1;
  }
  for (; pushed < decoded; ++pushed) engine.push(slots[pushed % 3].event, &slots[pushed % 3].ahead);
}

struct Args {
  std::string events;
  uint32_t users = 0;
  int reps = 5;
  std::vector<std::string> programs;
  std::string only;  // --only MODE: just that mode (and pipelined, which the summary needs)
};

Args parseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--events" && hasValue)
      a.events = argv[++i];
    else if (arg == "--users" && hasValue)
      a.users = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    else if (arg == "--reps" && hasValue)
      a.reps = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--only" && hasValue)
      a.only = argv[++i];
    else if (arg == "--program" && hasValue)
      a.programs.push_back(argv[++i]);
    else {
      std::fprintf(stderr, "usage: bench_engine [--events FILE] [--users N] [--reps N] [--program PATH]... [--only MODE]\n");
      std::exit(2);
    }
  }
  if (!a.only.empty() && a.only != "push" && a.only != "pipelined" && a.only != "jsonl" && a.only != "decode" &&
      a.only != "both") {
    std::fprintf(stderr, "bench_engine: --only takes push, pipelined, jsonl, decode or both\n");
    std::exit(2);
  }
  if (a.programs.empty())
    a.programs = {bench::sharedBenchDir() + "/reference.onb", bench::sharedBenchDir() + "/reference_core.onb"};
  return a;
}

std::string loadEvents(const Args& args) {
  if (args.users) {
    std::fprintf(stderr, "generating %u users (gen_events.py --seed 1)...\n", args.users);
    return bench::generateEvents(args.users, 1);
  }
  std::string path = args.events;
  if (path.empty()) {
    path = std::string(ONB_BENCH_DATA_DIR) + "/events-1M.jsonl";
    if (bench::readFile(path).empty()) {
      std::fprintf(stderr, "generating %s (gen_events.py --users 100000 --seed 1, about 2 minutes)...\n", path.c_str());
      const std::string command = "mkdir -p " + std::string(ONB_BENCH_DATA_DIR) + " && python3 " +
                                  bench::sharedBenchDir() + "/gen_events.py --users 100000 --seed 1 > " + path +
                                  ".tmp && mv " + path + ".tmp " + path;
      if (std::system(command.c_str()) != 0) return {};
    }
  }
  std::fprintf(stderr, "reading %s\n", path.c_str());
  return bench::readFile(path);
}

void report(const char* what, const Times& t, size_t lines) {
  std::printf("  %-10s %8.1f ms cpu %8.1f ms wall   %6.2f M events/s (cpu)  %6.2f M events/s (wall)  %6.1f ns/event\n",
              what, t.cpu * 1e3, t.wall * 1e3, static_cast<double>(lines) / t.cpu * 1e-6,
              static_cast<double>(lines) / t.wall * 1e-6, t.cpu * 1e9 / static_cast<double>(lines));
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parseArgs(argc, argv);
  const std::string text = loadEvents(args);
  if (text.empty()) {
    std::fprintf(stderr, "bench_engine: no events (python3 and gen_events.py are needed, or --events FILE)\n");
    return 2;
  }
  for (const std::string& path : args.programs) {
    std::shared_ptr<const bc::Program> program = bench::compileFile(path);
    bench::DecodedStream stream = bench::decodeAll(program->schema, text);
    const size_t lines = stream.events.size();
    std::printf("%s: %zu lines (%.1f MB), decoded up front\n", path.substr(path.rfind('/') + 1).c_str(), lines,
                static_cast<double>(stream.bytes) / 1e6);

    std::vector<Times> push, pipelined, jsonl, decode, both;
    bench::CountingSink last;
    uint64_t users = 0, blockBytes = 0, memoryBytes = 0, pending = 0;
    auto want = [&](const char* mode) { return args.only.empty() || args.only == mode; };
    for (int rep = 0; rep < args.reps; ++rep) {
      if (want("push")) {
        bench::CountingSink sink;
        engine::Engine engine(*program, {}, sink);
        push.push_back(timeIt([&] {
          for (io::DecodedEvent& e : stream.events) engine.push(e);
          engine.finish();
        }));
      }
      {
        bench::CountingSink sink;
        engine::Engine engine(*program, {}, sink);
        pipelined.push_back(timeIt([&] {
          pushPipelined(engine, stream.events);
          engine.finish();
        }));
        last = sink;
        users = engine.users().size();
        blockBytes = engine.users().blockBytes();
        memoryBytes = engine.users().memoryBytes();
        pending = engine.pendingTimers();
      }
      if (want("jsonl")) {
        std::FILE* devNull = std::fopen("/dev/null", "w");
        {
          io::RecordWriter writer(devNull);
          engine::JsonlSink sink(*program, writer);
          engine::Engine engine(*program, {}, sink);
          jsonl.push_back(timeIt([&] {
            pushPipelined(engine, stream.events);
            engine.finish();
            writer.flush();
          }));
        }
        std::fclose(devNull);
      }
      if (want("decode")) {
        io::EventDecoder decoder(program->schema);
        io::DecodedEvent event;
        uint64_t tracks = 0;
        decode.push_back(timeIt([&] {
          uint64_t lineNo = 0;
          for (size_t pos = 0; pos < text.size();) {
            size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            // Lines of a file are decoded in place with padding after them; here the
            // decoder copies lines near the end of the text into its padded buffer.
            decoder.decode(text.data() + pos, end - pos, text.size() - pos, ++lineNo, event);
            tracks += event.cls == io::LineClass::Track;
            pos = end + 1;
          }
        }));
        if (tracks == 0) std::fprintf(stderr, "bench_engine: no track events decoded\n");
      }
      if (want("both")) {
        bench::CountingSink sink;
        engine::Engine engine(*program, {}, sink);
        both.push_back(timeIt([&] {
          decodeAndPush(engine, program->schema, text);
          engine.finish();
        }));
        if (sink.count != last.count) std::fprintf(stderr, "bench_engine: decode+push gave other records\n");
      }
    }
    if (want("push")) report("push", median(push), lines);
    report("pipelined", median(pipelined), lines);
    if (want("jsonl")) report("+ jsonl", median(jsonl), lines);
    if (want("decode")) report("decode", median(decode), lines);
    if (want("both")) report("both", median(both), lines);
    std::printf(
        "  records %llu (enter %llu, send %llu, handoff %llu, suppressed %llu, deferred %llu, goal %llu, "
        "exit %llu, error %llu); timers pending %llu\n",
        static_cast<unsigned long long>(last.count), static_cast<unsigned long long>(last.byKind[0]),
        static_cast<unsigned long long>(last.byKind[1]), static_cast<unsigned long long>(last.byKind[2]),
        static_cast<unsigned long long>(last.byKind[4]), static_cast<unsigned long long>(last.byKind[5]),
        static_cast<unsigned long long>(last.byKind[6]), static_cast<unsigned long long>(last.byKind[7]),
        static_cast<unsigned long long>(last.byKind[8]), static_cast<unsigned long long>(pending));
    std::printf("  users %llu, state %llu bytes per user (%llu with ids and the user table)\n\n",
                static_cast<unsigned long long>(users), static_cast<unsigned long long>(blockBytes),
                static_cast<unsigned long long>(users ? memoryBytes / users : 0));
    std::fflush(stdout);
  }
  return 0;
}
