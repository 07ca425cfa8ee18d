// Records as JSON Lines (LANGUAGE.md section 9), written by hand through a RecordWriter.
#pragma once

#include "runtime/engine/record.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb::engine {

class JsonlSink final : public RecordSink {
 public:
  JsonlSink(const bc::Program& program, io::RecordWriter& out) : program_(program), out_(out) {}
  void record(const Record& r) override;

 private:
  void value(const Value& v, const bc::WithKey& key);
  void quoted(std::string_view identifier);

  const bc::Program& program_;
  io::RecordWriter& out_;
};

}  // namespace onb::engine
