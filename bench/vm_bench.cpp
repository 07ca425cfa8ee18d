// The VM: nanoseconds per evaluation of the reference program's own functions (its
// conditions, `with` values and channel requirements) against a realistic user, and the
// dispatch loop's cost per instruction on a long straight-line expression.
//
// The user's state block is built by running the events a user of the benchmark stream
// has (identify, signup, three failures, two pricing views) through an engine, so every
// slot the functions read (traits, history rings, has-had counts) holds what it would.
#include <benchmark/benchmark.h>

#include <iterator>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/vm/vm.hpp"

namespace {

using namespace onb;
using bench::kHour;
using bench::kStart;

// An engine that has seen one user's first hours: the state the functions run against.
struct UserFixture {
  std::shared_ptr<const bc::Program> program;
  bench::CountingSink sink;
  std::unique_ptr<engine::Engine> engine;
  std::vector<io::DecodedEvent> stepFailed;  // the last event, for `with { step: event.step, ... }`
  int64_t now = 0;

  explicit UserFixture(std::shared_ptr<const bc::Program> p) : program(std::move(p)) {
    engine = std::make_unique<engine::Engine>(*program, engine::EngineOptions{}, sink);
    const std::string u = "u0001846";
    std::vector<std::string> lines = {
        bench::identifyLine(u, kStart,
                            R"({"plan":"pro","role":"developer","first_name":"Noor","email_consent":true,)"
                            R"("sms_consent":false,"timezone":"Europe/Berlin","email":"noor@example.com"})"),
        bench::trackLine(u, "Signed Up", kStart + 400, 1, R"({"source":"ads"})"),
        bench::trackLine(u, "App Opened", kStart + kHour, 2),
        bench::trackLine(u, "Pricing Viewed", kStart + 2 * kHour, 3),
    };
    for (int i = 0; i < 3; ++i)
      lines.push_back(bench::trackLine(u, "Step Failed", kStart + 3 * kHour + i * 60'000, 10 + i,
                                       R"({"step":"verify_email","code":500})"));
    lines.push_back(bench::trackLine(u, "Pricing Viewed", kStart + 4 * kHour, 20));
    std::vector<io::DecodedEvent> events = bench::decodeLines(program->schema, lines);
    for (io::DecodedEvent& e : events) engine->push(e);
    stepFailed.push_back(events[6]);
    now = kStart + 4 * kHour + 1000;
  }
  vm::Frame frame(const Value* event) const {
    return vm::Frame{engine->users().block(0), event, now, kStart + 400, engine->users().id(0)};
  }
};

UserFixture& referenceUser() {
  static UserFixture f(bench::compileFile(bench::sharedBenchDir() + "/reference_core.onb"));
  return f;
}

enum class FnKind { Condition, With, Requires };
struct FnCase {
  const char* owner;  // rule or channel
  FnKind kind;
  const char* source;
};
// Every function of reference_core.onb that the engine evaluates per firing.
const FnCase kCases[] = {
    {"sms_rescue", FnKind::Condition, "unless project_created"},
    {"sms_rescue", FnKind::Condition, "if user.plan != \"free\""},
    {"stuck", FnKind::Condition, "if count(step_failed within 1d) >= 3"},
    {"pricing_intent", FnKind::Condition, "if user.plan == \"enterprise\" or count(pricing_viewed within 7d) >= 2"},
    {"gone_quiet", FnKind::Condition, "unless subscribed"},
    {"welcome", FnKind::With, "with { name: user.first_name ?? \"there\" }"},
    {"stuck", FnKind::With, "with { step: event.step, code: event.code }"},
    {"email", FnKind::Requires, "channel email requires user.email_consent"},
};

// The function of a case (for conditions: the first of the rule's clauses matching the
// text's kind, in order: sms_rescue's unless, then its if).
int32_t caseFunction(const bc::Program& p, const FnCase& c, int ordinal) {
  if (c.kind == FnKind::Requires) {
    for (const bc::Channel& ch : p.channels)
      if (ch.name == c.owner) return ch.requiresFn;
    return bc::kNoFn;
  }
  for (const bc::Rule& r : p.rules) {
    if (r.name != c.owner) continue;
    if (c.kind == FnKind::With) return r.bodies[0].withFn;
    return r.bodies[0].conditionFns[static_cast<size_t>(ordinal)];
  }
  return bc::kNoFn;
}

void BM_VmReferenceFunction(benchmark::State& state) {
  UserFixture& f = referenceUser();
  const FnCase& c = kCases[state.range(0)];
  int ordinal = 0;  // which clause of the rule
  for (int64_t i = 0; i < state.range(0); ++i) ordinal += kCases[i].owner == std::string_view(c.owner);
  const int32_t fn = caseFunction(*f.program, c, c.kind == FnKind::Condition ? ordinal : 0);
  if (fn == bc::kNoFn) {
    state.SkipWithError("function not found");
    return;
  }
  const bc::Function& func = f.program->functions[static_cast<size_t>(fn)];
  const Value* event = func.event == bc::kNone ? nullptr : f.stepFailed[0].props.data();
  vm::Vm vm(*f.program);
  const vm::Frame frame = f.frame(event);
  bool ok = true;
  for (auto _ : state) {
    ok &= vm.run(fn, frame);
    benchmark::DoNotOptimize(vm.results());
    vm.resetScratch();
  }
  if (!ok) state.SkipWithError(vm.error());
  state.SetLabel(std::string(c.source) + " (" + std::to_string(func.codeEnd - func.codeBegin) + " insns)");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_VmReferenceFunction)->DenseRange(0, std::size(kCases) - 1);

// Dispatch: one condition of `terms` integer terms over a trait and an event property,
// (a*3 + b*5 - a%7 + b*11 - ...) > 0, compiled to straight-line code (no jumps), so
// items/s is instructions/s.
std::string dispatchProgram(int terms) {
  std::string expr;
  for (int i = 0; i < terms; ++i) {
    const char* operand = i % 2 ? "user.n" : "event.x";
    const char* op = i % 3 == 2 ? " % " : " * ";
    if (i) expr += i % 2 ? " - " : " + ";
    expr += std::string(operand) + op + std::to_string(3 + 2 * i);
  }
  std::string program =
      "user { n: int = 9 }\n"
      "event tick \"Tick\" { x: int }\n"
      "journey j {\n"
      "  enter when tick\n"
      "  rule r {\n"
      "    when tick\n";
  program += "    if " + expr + " > 0\n";
  program += "    emit \"fired\"\n  }\n}\n";
  return program;
}

void BM_VmDispatch(benchmark::State& state) {
  auto program = bench::compileText(dispatchProgram(static_cast<int>(state.range(0))), "/tmp/dispatch.onb");
  bench::CountingSink sink;
  engine::Engine engine(*program, {}, sink);
  std::vector<io::DecodedEvent> events = bench::decodeLines(
      program->schema,
      {bench::identifyLine("u1", kStart, R"({"n":9})"), bench::trackLine("u1", "Tick", kStart + 1, 1, R"({"x":5})")});
  for (io::DecodedEvent& e : events) engine.push(e);
  const int32_t fn = program->rules[0].bodies[0].conditionFns[0];
  const bc::Function& func = program->functions[static_cast<size_t>(fn)];
  vm::Vm vm(*program);
  const vm::Frame frame{engine.users().block(0), events[1].props.data(), kStart + 2, kStart + 1, "u1"};
  bool ok = true;
  for (auto _ : state) {
    ok &= vm.run(fn, frame);
    benchmark::DoNotOptimize(vm.results());
  }
  if (!ok) state.SkipWithError(vm.error());
  const int64_t insns = func.codeEnd - func.codeBegin;
  state.SetLabel(std::to_string(insns) + " insns; items/s = instructions/s");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * insns);
}
BENCHMARK(BM_VmDispatch)->Arg(8)->Arg(64);

}  // namespace
