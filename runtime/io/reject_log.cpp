#include "runtime/io/reject_log.hpp"

namespace onb::io {

std::string_view rejectClassName(RejectClass cls) {
  switch (cls) {
    case RejectClass::Malformed: return "malformed";
    case RejectClass::Invalid: return "invalid";
    case RejectClass::Late: return "late";
    case RejectClass::Trait: return "trait";
  }
  return "?";
}

RejectLog::RejectLog(std::FILE* console, uint64_t maxShown) : console_(console), maxShown_(maxShown) {}

RejectLog::~RejectLog() { finish(); }

bool RejectLog::openFile(const std::string& path) {
  std::unique_ptr<RecordWriter> writer = RecordWriter::openFile(path, error_);
  if (!writer) return false;
  setWriter(std::move(writer), path);
  return true;
}

void RejectLog::setWriter(std::unique_ptr<RecordWriter> writer, std::string path) {
  file_ = std::move(writer);
  path_ = std::move(path);
  finished_ = false;
}

void RejectLog::report(uint64_t line, RejectClass cls, std::string_view reason) {
  ++total_;
  ++counts_[static_cast<size_t>(cls)];
  finished_ = false;
  if (file_) {
    RecordWriter& w = *file_;
    w.raw("{\"line\":");
    w.uint64(line);
    w.raw(",\"class\":\"");
    w.raw(rejectClassName(cls));
    w.raw("\",\"reason\":");
    w.jsonString(reason);
    w.raw("}\n");
  }
  if (console_ && total_ <= maxShown_) {
    scratch_.assign("onb: line ").append(std::to_string(line)).append(": ");
    scratch_.append(rejectClassName(cls)).append(": ");
    // Reasons may quote input (an event name): keep the console line one line.
    for (const char c : reason) scratch_.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    scratch_.push_back('\n');
    std::fwrite(scratch_.data(), 1, scratch_.size(), console_);
  }
}

bool RejectLog::finish() {
  if (finished_) return error().empty();
  finished_ = true;
  if (console_ && total_ > maxShown_) {
    const uint64_t rest = total_ - maxShown_;
    std::fprintf(console_, "onb: %llu more rejected line%s not shown%s%s%s\n", static_cast<unsigned long long>(rest),
                 rest == 1 ? "" : "s", file_ ? " (all are in " : "", file_ ? path_.c_str() : "", file_ ? ")" : "");
  }
  if (console_) std::fflush(console_);
  if (file_) file_->flush();
  return error().empty();
}

const std::string& RejectLog::error() const {
  if (error_.empty() && file_ && !file_->ok()) return file_->error();
  return error_;
}

}  // namespace onb::io
