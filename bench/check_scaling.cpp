// bench_check: how `onb check` scales with the size of a program. Generates programs of
// 1,000, 2,000, 5,000 and 10,000 rules (100 rules per journey, program_generator.hpp) in
// a temporary directory, then for each size
//   - times the check in process (compileProgram without codegen, as `onb check` runs
//     it: load and parse every file, names, types, lints): a cold first run (its CPU
//     time is shown), then --reps runs (wall and CPU time), and the same with codegen;
//   - runs `onb check` as a child process and reads its wall time, CPU time and peak
//     resident memory (getrusage of the child).
// Prints the figures and the growth from the smallest to the largest size, in CPU time
// (steadier than wall time on a shared machine; linear growth gives a per-rule ratio of
// 1.0). The goal is under 0.5 s for 10,000 rules. Figures are printed, never asserted:
// machines differ.
//
// Usage: bench_check [--onb PATH] [--reps N] [--keep]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/driver/compilation.hpp"
#include "program_generator.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string onb = ONB_BINARY;
  int reps = 5;
  bool keep = false;
};

struct ChildRun {
  double wallMs = 0;
  double cpuMs = 0;  // user + system
  long peakRssKb = 0;
  int status = -1;
};

// Runs `onb check root` with its output discarded; its wall time and peak RSS.
ChildRun runChild(const std::string& onb, const std::string& root) {
  ChildRun run;
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execl(onb.c_str(), onb.c_str(), "check", root.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid < 0) return run;
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) return run;
  run.wallMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  run.cpuMs =
      (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
  run.peakRssKb = usage.ru_maxrss;  // kilobytes on Linux
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

double cpuNowMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Timings {
  std::vector<double> wallMs;  // the first (cold) run, then the timed ones
  std::vector<double> cpuMs;
};

// compileProgram `reps` + 1 times. Empty (after a message) when the program does not
// check cleanly.
Timings timeCompile(const std::string& root, bool codegen, int reps) {
  onb::CompilationOptions options;
  options.codegen = codegen;
  Timings t;
  for (int i = 0; i <= reps; ++i) {
    const auto start = Clock::now();
    const double cpuStart = cpuNowMs();
    auto c = onb::compileProgram(root, nullptr, options);
    t.cpuMs.push_back(cpuNowMs() - cpuStart);
    t.wallMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (c->rootUnreadable || c->diagnostics.errorCount() > 0 || c->diagnostics.warningCount() > 0) {
      const auto& all = c->diagnostics.diagnostics();
      fmt::print(stderr, "bench_check: {} does not check cleanly ({} diagnostics){}{}\n", root, all.size(),
                 all.empty() ? "" : ": ", all.empty() ? c->rootError : all.front().message);
      return {};
    }
  }
  return t;
}

// The median of the timed runs (all but the first).
double median(std::vector<double> v) {
  v.erase(v.begin());
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

bool parseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--onb" && i + 1 < argc) {
      options.onb = argv[++i];
    } else if (arg == "--reps" && i + 1 < argc) {
      options.reps = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--keep") {
      options.keep = true;
    } else {
      fmt::print(stderr, "usage: bench_check [--onb PATH] [--reps N] [--keep]\n");
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parseOptions(argc, argv, options)) return 2;
  char pattern[] = "/tmp/onb-bench-check-XXXXXX";
  if (!mkdtemp(pattern)) {
    fmt::print(stderr, "bench_check: cannot create a temporary directory: {}\n", std::strerror(errno));
    return 2;
  }
  const std::string dir = pattern;
  const std::vector<uint32_t> sizes = {1000, 2000, 5000, 10000};

  fmt::print("onb check on generated programs ({} rules per journey; medians of {} runs after a cold first run)\n",
             onb::bench::kRulesPerJourney, options.reps);
  fmt::print("in process (compileProgram):           | `onb check` process:\n");
  fmt::print("{:>6} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>8}\n", "rules", "source", "check", "cpu",
             "per rule", "cold cpu", "+codegen", "wall", "cpu", "peak RSS");
  struct Row {
    uint32_t rules;
    double checkCpuMs;
    double checkWallMs;
    double childCpuMs;
  };
  std::vector<Row> rows;
  int status = 0;
  for (uint32_t size : sizes) {
    const std::string sub = dir + "/rules_" + std::to_string(size);
    std::filesystem::create_directories(sub);
    onb::bench::GeneratedProgram program;
    try {
      program = onb::bench::generateProgram(sub, size);
    } catch (const std::exception& e) {
      fmt::print(stderr, "bench_check: {}\n", e.what());
      return 2;
    }
    const Timings check = timeCompile(program.root, false, options.reps);
    const Timings full = timeCompile(program.root, true, options.reps);
    if (check.wallMs.empty() || full.wallMs.empty()) {
      status = 1;
      break;
    }
    const ChildRun child = runChild(options.onb, program.root);
    const Row row{program.rules, median(check.cpuMs), median(check.wallMs), child.cpuMs};
    rows.push_back(row);
    fmt::print(
        "{:>6} {:>4} KB {:>6.1f} ms {:>6.1f} ms {:>6.2f} us {:>6.1f} ms {:>6.1f} ms | {:>6.1f} ms {:>6.1f} ms {:>5.1f} "
        "MB{}\n",
        program.rules, program.bytes / 1024, row.checkWallMs, row.checkCpuMs, row.checkCpuMs * 1000 / program.rules,
        check.cpuMs.front(), median(full.wallMs), child.wallMs, child.cpuMs, child.peakRssKb / 1024.0,
        child.status == 0 ? "" : fmt::format("  (onb check exited {})", child.status));
  }
  if (rows.size() == sizes.size()) {
    const Row& small = rows.front();
    const Row& large = rows.back();
    const double sizeRatio = static_cast<double>(large.rules) / small.rules;
    const double cpuRatio = large.checkCpuMs / small.checkCpuMs;
    const double childRatio = large.childCpuMs / small.childCpuMs;
    fmt::print(
        "growth {} -> {} rules (x{:.0f}): in-process cpu x{:.2f} (per rule x{:.2f}); `onb check` cpu x{:.2f} "
        "(per rule x{:.2f}); 1.00 per rule is linear\n",
        small.rules, large.rules, sizeRatio, cpuRatio, cpuRatio / sizeRatio, childRatio, childRatio / sizeRatio);
    fmt::print("goal, {} rules under 500 ms: in process {:.1f} ms, `onb check` {:.1f} ms cpu: {}\n", large.rules,
               large.checkWallMs, large.childCpuMs,
               std::max(large.checkWallMs, large.childCpuMs) < 500 ? "met" : "NOT met");
  }
  if (options.keep) {
    fmt::print("programs kept in {}\n", dir);
  } else {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return status;
}
