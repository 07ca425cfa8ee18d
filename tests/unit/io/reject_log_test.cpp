// RejectLog: the console report (first lines, then a count) and the JSONL rejects file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "runtime/io/reject_log.hpp"

namespace onb::io {
namespace {

std::string slurp(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

TEST(RejectLog, ConsoleShowsTheFirstLinesThenACount) {
  std::FILE* console = std::tmpfile();
  ASSERT_NE(console, nullptr);
  {
    RejectLog log(console, 2);
    log.report(12, RejectClass::Invalid, "property `code`: expected int, got string");
    log.report(13, RejectClass::Malformed, "not valid UTF-8");
    log.report(14, RejectClass::Late, "event at 2025-01-01T09:00:00.000Z is before the watermark");
    log.report(15, RejectClass::Trait, "trait `plan`: expected one of free, pro");
    EXPECT_EQ(log.count(), 4u);
    EXPECT_EQ(log.count(RejectClass::Invalid), 1u);
    EXPECT_EQ(log.count(RejectClass::Trait), 1u);
    EXPECT_TRUE(log.finish());
    EXPECT_TRUE(log.finish());  // idempotent
  }
  EXPECT_EQ(slurp(console),
            "onb: line 12: invalid: property `code`: expected int, got string\n"
            "onb: line 13: malformed: not valid UTF-8\n"
            "onb: 2 more rejected lines not shown\n");
  std::fclose(console);
}

TEST(RejectLog, DefaultShowsTwenty) {
  std::FILE* console = std::tmpfile();
  {
    RejectLog log(console);
    for (uint64_t i = 1; i <= 21; ++i) log.report(i, RejectClass::Malformed, "bad\nline");
  }  // the destructor finishes
  const std::string out = slurp(console);
  EXPECT_NE(out.find("onb: line 20: malformed: bad?line\n"), std::string::npos);  // one line per report
  EXPECT_EQ(out.find("line 21:"), std::string::npos);
  EXPECT_NE(out.find("onb: 1 more rejected line not shown\n"), std::string::npos);
  std::fclose(console);
}

TEST(RejectLog, FileGetsEveryReportAsJsonl) {
  char path[] = "/tmp/onb_rejects_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::FILE* console = std::tmpfile();
  {
    RejectLog log(console, 1);
    ASSERT_TRUE(log.openFile(path)) << log.error();
    log.report(12, RejectClass::Invalid, "property `code`: expected int, got string");
    log.report(13, RejectClass::Malformed, "quote \" and \\ and \x01");
    log.report(14, RejectClass::Late, "late");
    log.report(15, RejectClass::Trait, "trait `plan`: expected one of free, pro");
    EXPECT_TRUE(log.finish());
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(),
            "{\"line\":12,\"class\":\"invalid\",\"reason\":\"property `code`: expected int, got string\"}\n"
            "{\"line\":13,\"class\":\"malformed\",\"reason\":\"quote \\\" and \\\\ and \\u0001\"}\n"
            "{\"line\":14,\"class\":\"late\",\"reason\":\"late\"}\n"
            "{\"line\":15,\"class\":\"trait\",\"reason\":\"trait `plan`: expected one of free, pro\"}\n");
  EXPECT_EQ(slurp(console),
            "onb: line 12: invalid: property `code`: expected int, got string\n"
            "onb: 3 more rejected lines not shown (all are in " +
                std::string(path) + ")\n");
  std::fclose(console);
  unlink(path);
}

TEST(RejectLog, OpenFailureAndNoConsole) {
  RejectLog log(nullptr);
  EXPECT_FALSE(log.openFile("/nonexistent-dir/rejects.jsonl"));
  EXPECT_NE(log.error().find("cannot create"), std::string::npos);
  log.report(1, RejectClass::Malformed, "x");  // nowhere to show it: counted only
  EXPECT_EQ(log.count(), 1u);
  EXPECT_EQ(rejectClassName(RejectClass::Malformed), "malformed");
  EXPECT_EQ(rejectClassName(RejectClass::Invalid), "invalid");
  EXPECT_EQ(rejectClassName(RejectClass::Late), "late");
  EXPECT_EQ(rejectClassName(RejectClass::Trait), "trait");
}

}  // namespace
}  // namespace onb::io
