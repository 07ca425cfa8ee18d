// Records as JSON Lines (LANGUAGE.md section 9), written by hand through a RecordWriter.
// The parts of a record fixed by the program (journey, kind, rule, channel, template,
// reason) are rendered once per rule and journey when the sink is made, so writing a
// record is a handful of appends.
#pragma once

#include <string>
#include <vector>

#include "runtime/engine/record.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::engine {

class JsonlSink final : public RecordSink {
 public:
  JsonlSink(const bc::Program& program, io::RecordWriter& out);
  void record(const Record& r) override;

 private:
  void value(const Value& v, const bc::WithKey& key);
  void vars(const bc::Rule& rule, const Value* values);

  struct JourneyText {
    std::string enter[2];  // holdout false, true: the whole tail from `,"journey"`
    std::string goal;      // up to `"ttv_ms":`
    std::string exit[3];   // by ExitReason: the whole tail
    std::string error;     // up to `"rule":`
    std::string skip;      // up to `"kind":"skip"`
  };
  struct RuleText {
    std::string delivered;       // `,"journey":..,"kind":"send","rule":..,"channel":..,"template":..`
    std::string suppressed[4];   // by SuppressReason: the whole tail without explain details
    std::string suppressedHead;  // up to the reason, for --explain records
    std::string deferred;        // up to `"until":`
    std::string skip;            // up to `"clause":`
  };

  const bc::Program& program_;
  io::RecordWriter& out_;
  std::vector<JourneyText> journeys_;
  std::vector<RuleText> rules_;
};

}  // namespace onb::engine
