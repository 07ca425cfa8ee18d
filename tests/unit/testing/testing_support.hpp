// Helpers for the `onb test` tests: a temporary folder holding a program and test files,
// and a small program that exercises every kind of record.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/testing/test_report.hpp"
#include "cli/testing/test_suite.hpp"

namespace onb::journeytest::unit {

// A fresh folder under the system's temporary folder, removed with its files.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("onb_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A journey with a send (consent, quiet hours, a cap), an in-app send, a timer with
// `unless`, a limited hand-off, and a rule that fails at run time when score is 0.
inline const char* const kProgram = R"(user {
  first_name: string?
  plan: enum(free, pro) = free
  email_consent: bool = false
  timezone: string = "UTC"
  score: int = 0
}

event signed_up "Signed Up" { source: string? }
event project_created "Project Created"
event step_failed { step: string, code: int }
event rated { stars: int }

channel email requires user.email_consent
channel in_app requires true
queue csm

cap on email 1 per 1d

journey activation {
  enter when signed_up
  goal project_created within 7d
  quiet 21:00..08:00

  rule welcome {
    when signed_up
    send email "welcome" with { name: user.first_name ?? "there", plan: user.plan }
  }

  rule banner {
    when signed_up
    send in_app "checklist"
  }

  rule nudge {
    after 1d since enter
    unless project_created
    send email "nudge"
  }

  rule stuck {
    when step_failed
    if count(step_failed within 1d) >= 2
    limit 1 per 7d
    handoff csm with { step: event.step }
  }

  rule ratio {
    when rated
    if 10 / user.score > 1
    emit "ratio"
  }
}
)";

// Runs the suite over one test file (and the program above as `journey.onb`).
struct SuiteRun {
  TempDir dir;
  std::string testPath;
  SuiteResult result;
};

inline std::unique_ptr<SuiteRun> runTests(const std::string& onbt, const std::string& program = kProgram,
                                          const std::string& filter = "") {
  auto run = std::make_unique<SuiteRun>();
  run->dir.write("journey.onb", program);
  run->testPath = run->dir.write("journey.onbt", onbt);
  SuiteOptions options;
  options.paths = {run->testPath};
  if (!filter.empty()) options.filter = std::regex(filter);
  run->result = runSuite(options);
  return run;
}

// The first test's result (fails the calling test when there is none).
inline const TestResult& firstTest(const SuiteRun& run) {
  static const TestResult kNone;
  EXPECT_FALSE(run.result.files.empty());
  if (run.result.files.empty() || run.result.files[0].tests.empty()) {
    ADD_FAILURE() << "no test ran; diagnostics:\n"
                  << renderTestDiagnostics(run.result.diagnostics, *run.result.sources);
    return kNone;
  }
  return run.result.files[0].tests[0];
}

inline std::string diagnosticsText(const SuiteRun& run) {
  return renderTestDiagnostics(run.result.diagnostics, *run.result.sources);
}

}  // namespace onb::journeytest::unit
