// The progress line of `onb run` (cli/progress.hpp); the terminal behaviour is tested end
// to end by progress_test.py.
#include <gtest/gtest.h>

#include "cli/progress.hpp"

namespace onb::cli {
namespace {

TEST(ProgressLine, KnownSizeShowsShareAndEstimate) {
  ProgressSample s;
  s.bytes = 250'000'000;
  s.totalBytes = 1'000'000'000;
  s.lines = 1'500'000;
  s.elapsedSeconds = 10;
  EXPECT_EQ(progressLine(s), "onb: 250.0 MB of 1.0 GB (25%), 150.0k events/s, 0:10 elapsed, ETA 0:30");
}

TEST(ProgressLine, UnknownSizeHasNoEstimate) {
  ProgressSample s;
  s.bytes = 1'234;
  s.lines = 12'000'000;
  s.elapsedSeconds = 4;
  EXPECT_EQ(progressLine(s), "onb: 1.2 KB, 3.00M events/s, 0:04 elapsed");
}

TEST(ProgressLine, CompressedInputCountsFileBytes) {
  ProgressSample s;
  s.bytes = 512;
  s.totalBytes = 1024;
  s.compressed = true;
  s.lines = 10;
  s.elapsedSeconds = 3725;
  EXPECT_EQ(progressLine(s), "onb: 512 B of 1.0 KB (50%) compressed, 0 events/s, 1:02:05 elapsed, ETA 1:02:05");
}

TEST(ProgressLine, ResumedRunEstimatesFromItsOwnProgress) {
  ProgressSample s;
  s.startBytes = 600;  // skipped to the checkpoint
  s.bytes = 700;
  s.totalBytes = 1000;
  s.lines = 100;
  s.elapsedSeconds = 10;
  EXPECT_EQ(progressLine(s), "onb: 700 B of 1.0 KB (70%), 10 events/s, 0:10 elapsed, ETA 0:30");
}

}  // namespace
}  // namespace onb::cli
