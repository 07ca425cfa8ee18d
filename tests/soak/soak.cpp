// onb_soak: pushes a long, deterministic event stream through the embedding API (onb.hpp
// only) with a fixed population of users cycling, and prints the resident memory every
// so many events, to show that memory stays flat once the windows (dedup, history, goal)
// have filled. docs/reliability.md, "Soak and leaks", has the figures.
//
//   onb_soak [--events N] [--users U] [--every M] [--days D] [--program FILE]
//            [--max-growth-mb G]
//
// Defaults: 10,000,000 events, 50,000 users, a sample every 1,000,000 events, spread over
// 60 days of event time, the reference program. Exits 1 when the resident size grew by
// more than G MB (default 64) between the end of the warm-up (the first 30% of events) and
// the end.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "onb/onb.hpp"

namespace {

struct Args {
  uint64_t events = 10'000'000;
  uint64_t users = 50'000;
  uint64_t every = 1'000'000;
  uint64_t days = 60;
  uint64_t maxGrowthMb = 64;
  std::string program = ONB_SOAK_DEFAULT_PROGRAM;
};

bool parseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (flag == "--program") {
      args.program = value;
      continue;
    }
    char* end = nullptr;
    const uint64_t n = std::strtoull(value, &end, 10);
    if (!end || *end || n == 0) return false;
    if (flag == "--events") args.events = n;
    else if (flag == "--users") args.users = n;
    else if (flag == "--every") args.every = n;
    else if (flag == "--days") args.days = n;
    else if (flag == "--max-growth-mb") args.maxGrowthMb = n;
    else return false;
  }
  return true;
}

uint64_t residentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return n == 2 ? uint64_t{resident} * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// A small deterministic generator (xorshift64*), so every run pushes the same stream.
struct Random {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  }
  uint64_t below(uint64_t n) { return next() % n; }
};

// The k-th line of the stream, for the reference program's schema (LANGUAGE.md section 1).
// Each user's first line is an identify and the second its Signed Up; after that, a mix
// of product events, trait updates, undeclared events and repeated messageIds.
void makeLine(uint64_t k, const Args& args, int64_t start, int64_t stepMs, Random& rng, std::string& line) {
  static const char* const kPlans[] = {"free", "pro", "enterprise"};
  static const char* const kZones[] = {"UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo"};
  const uint64_t user = k % args.users;
  const uint64_t round = k / args.users;
  const int64_t t = start + static_cast<int64_t>(k) * stepMs;
  line = R"({"userId":"user-)" + std::to_string(user) + R"(","timestamp":)" + std::to_string(t);
  const uint64_t pick = rng.below(100);
  if (round == 0 || pick < 4) {
    line += R"(,"type":"identify","traits":{"plan":")" + std::string(kPlans[rng.below(3)]) +
            R"(","email_consent":true,"sms_consent":)" + (rng.below(2) ? "true" : "false") + R"(,"timezone":")" +
            kZones[user % 4] + R"(","first_name":"U)" + std::to_string(user) + R"("}})";
    return;
  }
  // A repeated messageId now and then (a duplicate within the dedup window).
  const uint64_t id = pick < 5 && k > args.users ? k - args.users : k;
  line += R"(,"type":"track","messageId":"m-)" + std::to_string(id) + '"';
  if (round == 1) line += R"(,"event":"Signed Up","properties":{"source":"ads"}})";
  else if (pick < 45) line += R"(,"event":"App Opened"})";
  else if (pick < 55) line += R"(,"event":"Project Created","properties":{"template":"blank"}})";
  else if (pick < 60) line += R"(,"event":"Teammate Invited"})";
  else if (pick < 70) line += R"(,"event":"Pricing Viewed"})";
  else if (pick < 90) line += R"(,"event":"Step Failed","properties":{"step":"import","code":)" + std::to_string(400 + rng.below(3)) + "}}";
  else if (pick < 95) line += R"(,"event":"Subscribed","properties":{"plan":"pro"}})";
  else line += R"(,"event":"Undeclared Thing"})";
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, args)) {
    std::fprintf(stderr, "usage: %s [--events N] [--users U] [--every M] [--days D] [--program FILE] [--max-growth-mb G]\n",
                 argv[0]);
    return 2;
  }
  onb::Result<onb::Program> program = onb::Program::compileFile(args.program);
  if (!program.ok()) {
    std::fprintf(stderr, "%s\n%s", program.error().message.c_str(), program.error().rendered.c_str());
    return 2;
  }
  onb::Engine engine(program.value());
  uint64_t records = 0;
  engine.setRecordHandler([&](const onb::Record&) { ++records; });
  const int64_t start = 1'735'689'600'000;  // 2025-01-01T00:00:00Z
  const int64_t stepMs = static_cast<int64_t>(args.days * 86'400'000ull / args.events);
  Random rng;
  std::string line;
  const uint64_t warmUp = args.events * 3 / 10;
  uint64_t warmRss = 0;
  const auto began = std::chrono::steady_clock::now();
  std::printf("%12s %10s %10s %10s %12s %12s\n", "events", "seconds", "rss_mb", "users", "records", "timers");
  for (uint64_t k = 0; k < args.events; ++k) {
    makeLine(k, args, start, stepMs, rng, line);
    engine.push(line);
    const uint64_t done = k + 1;
    if (done == warmUp) warmRss = residentBytes();
    if (done % args.every == 0 || done == args.events) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      const onb::Stats s = engine.stats();
      std::printf("%12llu %10.1f %10.1f %10llu %12llu %12llu\n", static_cast<unsigned long long>(done), seconds,
                  residentBytes() / 1048576.0, static_cast<unsigned long long>(std::min(done, args.users)),
                  static_cast<unsigned long long>(records), static_cast<unsigned long long>(s.pendingTimers));
      std::fflush(stdout);
    }
  }
  engine.finish();
  const onb::Stats s = engine.stats();
  const uint64_t endRss = residentBytes();
  const double growthMb = endRss > warmRss ? (endRss - warmRss) / 1048576.0 : 0.0;
  std::printf("processed %llu, duplicates %llu, ignored %llu, records %llu\n", static_cast<unsigned long long>(s.processed),
              static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.ignored),
              static_cast<unsigned long long>(records));
  std::printf("resident size after warm-up (%llu events) %.1f MB, at the end %.1f MB: growth %.1f MB (limit %llu)\n",
              static_cast<unsigned long long>(warmUp), warmRss / 1048576.0, endRss / 1048576.0, growthMb,
              static_cast<unsigned long long>(args.maxGrowthMb));
  return growthMb > static_cast<double>(args.maxGrowthMb) ? 1 : 0;
}
