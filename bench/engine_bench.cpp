// The engine, per event: state updates (history, anchors, retention, dedup), the rules an
// event triggers, timer scheduling and firing, window counts, caps and limits, and the
// timer heap on its own. Events are decoded before timing; records are only counted
// (record_bench.cpp times writing them).
//
// Each iteration builds a fresh engine and pushes the scenario's setup (untimed: the
// users' identify and, where the scenario needs it, signup), then times the measured
// events, so every iteration sees the same state. items/s is events/s (timers/s for the
// firing benchmark); ns per item = 1e9 / items/s.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/timer_queue.hpp"

namespace {

using namespace onb;
using bench::kDay;
using bench::kHour;
using bench::kStart;

constexpr uint32_t kUsers = 10'000;

std::string userId(uint32_t i) {
  char id[16];
  std::snprintf(id, sizeof id, "u%07u", i);
  return id;
}

// Traits like gen_events.py's: 70% free, 25% pro, 5% enterprise; consent to email.
std::string traits(uint32_t i) {
  const char* plan = i % 20 == 0 ? "enterprise" : i % 4 == 1 ? "pro" : "free";
  return std::string(R"({"plan":")") + plan + R"(","first_name":"Noor","email_consent":true,"sms_consent":)" +
         (i % 3 == 0 ? "true" : "false") + R"(,"timezone":"Europe/Berlin","email":"x@example.com"})";
}

struct Scenario {
  std::shared_ptr<const bc::Program> program;
  std::vector<io::DecodedEvent> setup;     // pushed before timing
  std::vector<io::DecodedEvent> measured;  // timed
  int64_t advanceTo = 0;                   // then, timed: advanceTo(this) when non-zero
};

// kUsers users: identify at the start, then (withSignup) signed up 100 ms later; 300 ms
// between users, so the last signs up after 50 minutes.
std::vector<std::string> setupLines(bool withSignup) {
  std::vector<std::string> lines;
  for (uint32_t i = 0; i < kUsers; ++i) {
    const int64_t t = kStart + i * 300;
    lines.push_back(bench::identifyLine(userId(i), t, traits(i)));
    if (withSignup)
      lines.push_back(bench::trackLine(userId(i), "Signed Up", t + 100, 1'000'000 + i, R"({"source":"ads"})"));
  }
  return lines;
}

// `perUser` events named `event` for every user, round robin, from `from` (default: one
// hour after the start), 20 s apart for a user (so within two hours: no timer of the
// reference is due).
std::vector<std::string> roundRobin(std::string_view event, int perUser, std::string_view props, uint64_t idBase,
                                    int64_t from = kStart + kHour) {
  std::vector<std::string> lines;
  for (int k = 0; k < perUser; ++k)
    for (uint32_t i = 0; i < kUsers; ++i)
      lines.push_back(bench::trackLine(userId(i), event, from + k * 20'000 + i, idBase + k * kUsers + i, props));
  return lines;
}

void run(benchmark::State& state, Scenario& s) {
  uint64_t records = 0, timersFired = 0, duplicates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto sink = std::make_unique<bench::CountingSink>();
    auto engine = std::make_unique<engine::Engine>(*s.program, engine::EngineOptions{}, *sink);
    for (io::DecodedEvent& e : s.setup) engine->push(e);
    const uint64_t setupRecords = sink->count;
    const uint64_t pendingBefore = engine->pendingTimers();
    const uint64_t duplicatesBefore = engine->stats().duplicates;
    state.ResumeTiming();
    for (io::DecodedEvent& e : s.measured) engine->push(e);
    if (s.advanceTo) engine->advanceTo(s.advanceTo);
    state.PauseTiming();
    if (engine->stats().late) {
      state.SkipWithError("a scenario's events are late: fix its timestamps");
      break;  // timing stays paused: Google Benchmark ends the run
    }
    records += sink->count - setupRecords;
    duplicates += engine->stats().duplicates - duplicatesBefore;
    timersFired += pendingBefore - engine->pendingTimers();
    engine.reset();
    sink.reset();
    state.ResumeTiming();
  }
  const auto iterations = static_cast<double>(state.iterations());
  if (s.advanceTo) {
    state.SetItemsProcessed(static_cast<int64_t>(timersFired));
    state.counters["timers"] = static_cast<double>(timersFired) / iterations;
  } else {
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * s.measured.size()));
    state.counters["events"] = static_cast<double>(s.measured.size());
  }
  state.counters["records"] = static_cast<double>(records) / iterations;
  if (duplicates) state.counters["duplicates"] = static_cast<double>(duplicates) / iterations;
}

std::shared_ptr<const bc::Program> reference() {
  static auto p = bench::compileFile(bench::sharedBenchDir() + "/reference_core.onb");
  return p;
}

// ---- reference_core.onb: what one event costs, by event --------------------------------

struct EventCase {
  const char* event;
  int perUser;
  const char* props;
  const char* what;
};
const EventCase kEventCases[] = {
    {"App Opened", 5, "{}", "history, retention, `last any` re-arms gone_quiet"},
    {"Teammate Invited", 5, "{}", "history, `last any` re-arm"},
    {"Step Failed", 5, R"({"step":"verify_email","code":500})", "1d window ring, stuck: count >= 3, limit, handoff"},
    {"Pricing Viewed", 3, "{}", "7d window ring, pricing_intent: plan or count >= 2, once, handoff"},
    {"Project Created", 1, R"({"template":"blank"})", "goal: goal + exit records, timers cancelled"},
    {"Docs Viewed", 5, "{}", "undeclared: ignored (the floor of a line)"},
};

void BM_EnginePushEvent(benchmark::State& state) {
  const EventCase& c = kEventCases[state.range(0)];
  Scenario s;
  s.program = reference();
  s.setup = bench::decodeLines(s.program->schema, setupLines(true));
  s.measured = bench::decodeLines(s.program->schema, roundRobin(c.event, c.perUser, c.props, 1));
  state.SetLabel(std::string(c.event) + ": " + c.what);
  run(state, s);
}
BENCHMARK(BM_EnginePushEvent)->DenseRange(0, std::size(kEventCases) - 1)->Unit(benchmark::kMillisecond);

// App Opened lines whose messageIds were seen a minute earlier (a retry that is not
// late): dedup drops them.
void BM_EnginePushDuplicate(benchmark::State& state) {
  Scenario s;
  s.program = reference();
  std::vector<std::string> setup = setupLines(true), first = roundRobin("App Opened", 1, "{}", 1);
  setup.insert(setup.end(), first.begin(), first.end());
  s.setup = bench::decodeLines(s.program->schema, setup);
  s.measured = bench::decodeLines(s.program->schema, roundRobin("App Opened", 1, "{}", 1, kStart + kHour + 60'000));
  state.SetLabel("App Opened seen before: dedup drops it");
  run(state, s);
}
BENCHMARK(BM_EnginePushDuplicate)->Unit(benchmark::kMillisecond);

// ---- Timers ------------------------------------------------------------------------------

// Scheduling: Signed Up for users known from an identify: entry (holdout hash), four
// timers armed (first_project_nudge 1d, sms_rescue 3d, gone_quiet 3d since last any,
// expiry 30d), welcome fires (consent, cap, send record).
void BM_EngineEnter(benchmark::State& state) {
  Scenario s;
  s.program = reference();
  std::vector<std::string> identifies, signups;
  // Only the signups are timed, so every identify comes first (1 ms apart), then the
  // signups (300 ms apart), later than all of them: none is late.
  for (uint32_t i = 0; i < kUsers; ++i) {
    identifies.push_back(bench::identifyLine(userId(i), kStart + i, traits(i)));
    signups.push_back(bench::trackLine(userId(i), "Signed Up", kStart + kHour + i * 300, i + 1, R"({"source":"ads"})"));
  }
  s.setup = bench::decodeLines(s.program->schema, identifies);
  s.measured = bench::decodeLines(s.program->schema, signups);
  state.SetLabel("Signed Up: enter, arm 4 timers, welcome send");
  run(state, s);
}
BENCHMARK(BM_EngineEnter)->Unit(benchmark::kMillisecond);

// Firing: every timer of kUsers entered users, by advancing to 31 days after the start:
// first_project_nudge (send, cap), sms_rescue (plan check), gone_quiet (send, cap) and
// the journey's expiry (exit record). items/s is timers fired per second.
void BM_EngineFireTimers(benchmark::State& state) {
  Scenario s;
  s.program = reference();
  s.setup = bench::decodeLines(s.program->schema, setupLines(true));
  s.advanceTo = kStart + 31 * kDay;
  state.SetLabel("advanceTo(+31d): nudge, sms_rescue, gone_quiet, expiry");
  run(state, s);
}
BENCHMARK(BM_EngineFireTimers)->Unit(benchmark::kMillisecond);

// A timer structure alone, in steady state at `range(0)` entries: pop the earliest, push a
// replacement due a random 1 to 72 hours later (what re-arming does), so that the due
// times move on as event time does in a run.
template <class Queue>
void popPush(benchmark::State& state) {
  const auto size = static_cast<uint32_t>(state.range(0));
  std::mt19937_64 rng(7);
  Queue queue;
  uint64_t seq = 0;
  for (uint32_t i = 0; i < size; ++i)
    queue.push({kStart + static_cast<int64_t>(rng() % (72 * kHour)), ++seq, i,
                engine::TimerEntry::makeRef(engine::TimerKind::Rule, i % 6)});
  for (auto _ : state) {
    engine::TimerEntry e = queue.pop();
    e.due += kHour + static_cast<int64_t>(rng() % (71 * kHour));
    e.seq = ++seq;
    queue.push(e);
  }
  benchmark::DoNotOptimize(queue.top());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// The 4-ary heap the engine used before, and its calendar queue (timer_queue.hpp).
void BM_TimerHeapPopPush(benchmark::State& state) { popPush<engine::TimerHeap>(state); }
BENCHMARK(BM_TimerHeapPopPush)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
void BM_TimerQueuePopPush(benchmark::State& state) { popPush<engine::TimerQueue>(state); }
BENCHMARK(BM_TimerQueuePopPush)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

// ---- Windows and caps: one rule on App Opened, by clause ---------------------------------

std::string ruleProgram(std::string_view topCap, std::string_view journeyCap, std::string_view clauses) {
  std::string p =
      "user {\n  plan: enum(free, pro, enterprise) = free\n  email_consent: bool = false\n  n: int = 20\n}\n"
      "event signed_up \"Signed Up\" { source: string? }\n"
      "event app_opened \"App Opened\" { platform: string? }\n"
      "channel email requires user.email_consent\n";
  p.append(topCap).append("\njourney j {\n  enter when signed_up\n  ").append(journeyCap);
  p.append("\n  rule r {\n    when app_opened\n    ").append(clauses).append("\n  }\n}\n");
  return p;
}

struct ClauseCase {
  const char* topCap;
  const char* journeyCap;
  const char* clauses;
};
// Windows: the condition varies, the action is an emit (no cap applies).
const ClauseCase kWindowCases[] = {
    {"", "", "emit \"x\""},
    {"", "", "if app_opened within 1h\n    emit \"x\""},
    {"", "", "if count(app_opened within 1d) >= 3\n    emit \"x\""},
    {"", "", "if count(app_opened within 7d) >= 20\n    emit \"x\""},
    {"", "", "if count(app_opened within 7d) >= user.n\n    emit \"x\""},
    {"", "", "if count((app_opened where event.platform == \"ios\") within 7d) >= 3\n    emit \"x\""},
};
// Caps and limits: every event sends an email; the caps suppress most of them.
const ClauseCase kCapCases[] = {
    {"", "", "send email \"x\""},
    {"cap on email 1 per 1d, 4 per 7d", "", "send email \"x\""},
    {"cap on email 1 per 1d, 4 per 7d", "cap on email 2 per 1d", "send email \"x\""},
    {"", "", "limit 1 per 1d\n    send email \"x\""},
    {"", "", "once\n    send email \"x\""},
};

void runClauses(benchmark::State& state, const ClauseCase& c) {
  Scenario s;
  s.program = bench::compileText(ruleProgram(c.topCap, c.journeyCap, c.clauses), "/tmp/bench_rule.onb");
  s.setup = bench::decodeLines(s.program->schema, setupLines(true));
  std::vector<std::string> lines;
  for (int k = 0; k < 10; ++k)
    for (uint32_t i = 0; i < kUsers; ++i)
      lines.push_back(bench::trackLine(userId(i), "App Opened", kStart + kHour + k * 60'000 + i, 1 + k * kUsers + i,
                                       i % 2 ? R"({"platform":"ios"})" : R"({"platform":"android"})"));
  s.measured = bench::decodeLines(s.program->schema, lines);
  std::string label = std::string(c.topCap) + (*c.journeyCap ? std::string(" + journey ") + c.journeyCap : "");
  label += (label.empty() ? "" : "; ") + std::string(c.clauses);
  for (char& ch : label)
    if (ch == '\n') ch = ';';
  state.SetLabel(label);
  run(state, s);
}

void BM_EngineWindow(benchmark::State& state) { runClauses(state, kWindowCases[state.range(0)]); }
BENCHMARK(BM_EngineWindow)->DenseRange(0, std::size(kWindowCases) - 1)->Unit(benchmark::kMillisecond);

void BM_EngineCap(benchmark::State& state) { runClauses(state, kCapCases[state.range(0)]); }
BENCHMARK(BM_EngineCap)->DenseRange(0, std::size(kCapCases) - 1)->Unit(benchmark::kMillisecond);

}  // namespace
