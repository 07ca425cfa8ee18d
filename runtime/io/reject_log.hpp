// Reports rejected lines: to the console (stderr; the first kDefaultShown in full, then
// one line counting the rest) as
//
//   onb: line 12: invalid: property `code`: expected int, got string
//
// and, when a rejects file is opened, every one of them as JSONL:
//
//   {"line":12,"class":"invalid","reason":"property `code`: expected int, got string"}
//
// The engine reports malformed and invalid lines (EventDecoder's reasons), late events
// and identify traits of the wrong type. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/io/record_writer.hpp"

namespace onb::io {

enum class RejectClass : uint8_t { Malformed, Invalid, Late, Trait };
inline constexpr size_t kRejectClassCount = 4;

// "malformed", "invalid", "late", "trait": the `class` of a rejects record.
std::string_view rejectClassName(RejectClass cls);

class RejectLog {
 public:
  static constexpr uint64_t kDefaultShown = 20;

  // `console` may be null (nothing shown there).
  explicit RejectLog(std::FILE* console = stderr, uint64_t maxShown = kDefaultShown);
  ~RejectLog();  // finish()
  RejectLog(const RejectLog&) = delete;
  RejectLog& operator=(const RejectLog&) = delete;

  // Writes every later report to `path` (created or truncated). False (and error()) on failure.
  bool openFile(const std::string& path);
  // Or to a writer the caller made (an in-memory one in tests).
  void setWriter(std::unique_ptr<RecordWriter> writer, std::string path);

  void report(uint64_t line, RejectClass cls, std::string_view reason);

  // Prints how many reports were not shown and flushes the file. Idempotent.
  // False when writing the rejects file failed (error() says why).
  bool finish();

  uint64_t count() const { return total_; }
  uint64_t count(RejectClass cls) const { return counts_[static_cast<size_t>(cls)]; }
  const std::string& error() const;

 private:
  std::FILE* console_;
  uint64_t maxShown_;
  uint64_t total_ = 0;
  std::array<uint64_t, kRejectClassCount> counts_{};
  std::unique_ptr<RecordWriter> file_;
  std::string path_;
  std::string error_;
  std::string scratch_;  // the console line being built
  bool finished_ = false;
};

}  // namespace onb::io
