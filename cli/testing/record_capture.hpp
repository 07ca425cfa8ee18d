// A RecordSink that keeps every record of a test run as an ActualRecord (with its JSON
// line, exactly as `onb run` writes it).
#pragma once

#include <string>
#include <vector>

#include "cli/testing/record_pattern.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::journeytest {

class RecordCapture final : public engine::RecordSink {
 public:
  explicit RecordCapture(const bc::Program& program);
  void record(const engine::Record& r) override;

  const std::vector<ActualRecord>& records() const { return records_; }

 private:
  VarValue var(const Value& v, const bc::WithKey& key) const;

  const bc::Program& program_;
  std::string json_;
  io::RecordWriter writer_;
  engine::JsonlSink jsonl_;
  std::vector<ActualRecord> records_;
};

}  // namespace onb::journeytest
