// Embedding onb in a C++ service: compile a journey once, feed it events as they arrive
// (typed, or as the Segment JSON your pipeline already has), move the clock forward, and
// act on the records.
//
//   embed_demo [PROGRAM.onb]     (default: onboarding.onb next to this file)
#include <cstdio>
#include <string>

#include <onb/onb.hpp>

namespace {

constexpr int64_t kJan1At9 = 1735722000000;  // 2025-01-01T09:00:00Z
constexpr int64_t kHour = 3'600'000;

void print(const onb::PushResult& r) {
  if (r.accepted()) return;
  std::printf("line %llu %s: %s\n", static_cast<unsigned long long>(r.line), onb::pushStatusName(r.status),
              r.reason.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "onboarding.onb";
  onb::Result<onb::Program> compiled = onb::Program::compileFile(path);
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s", compiled.error().rendered.empty() ? (compiled.error().message + "\n").c_str()
                                                                  : compiled.error().rendered.c_str());
    return 1;
  }
  const onb::Program& program = compiled.value();
  std::printf("program %s: %zu journey(s), %zu event(s)\n", program.sourceHash().c_str(), program.journeys().size(),
              program.events().size());

  onb::Engine engine(program);
  // Records could also be streamed with setRecordHandler; here they are drained in batches.
  auto drain = [&engine](const char* when) {
    for (const onb::Record& r : engine.takeRecords())
      std::printf("%s %-10s %s\n", when, onb::recordKindName(r.kind), r.json.c_str());
  };

  // A profile update and a signup, typed.
  print(engine.push(onb::Event::identify("u1", kJan1At9 - kHour,
                                         {{"first_name", "Ann"}, {"plan", "pro"}, {"email_consent", true}})));
  print(engine.push(onb::Event::track("u1", "Signed Up", kJan1At9, {{"source", "ads"}})));
  // The same kind of call, as the JSON line a Segment pipeline delivers.
  print(engine.push(R"({"type":"track","userId":"u2","event":"Signed Up","timestamp":"2025-01-01T09:30:00Z"})"));
  onb::Event created = onb::Event::track("u1", "Project Created", kJan1At9 + 3 * kHour, {{"template", "kanban"}});
  created.messageId = "m-42";
  print(engine.push(created));
  print(engine.push(created));  // redelivered: dropped as a duplicate
  // Bad input is a value, never an exception.
  print(engine.push("not json"));
  print(engine.push(onb::Event::track("u3", "Project Created", kJan1At9, {{"template", 7}})));
  drain("events");

  // No events for a while: move event time on so the one-day nudge fires.
  engine.advanceTo(kJan1At9 + 25 * kHour);
  drain("clock ");
  engine.finish();
  drain("finish");

  const onb::Stats s = engine.stats();
  std::printf("read %llu, processed %llu, duplicates %llu, invalid %llu, malformed %llu, timers pending %llu\n",
              static_cast<unsigned long long>(s.read), static_cast<unsigned long long>(s.processed),
              static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.invalid),
              static_cast<unsigned long long>(s.malformed), static_cast<unsigned long long>(s.pendingTimers));
  return 0;
}
