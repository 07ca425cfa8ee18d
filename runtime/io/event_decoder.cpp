#include "runtime/io/event_decoder.hpp"

#include <cstring>
#include <string>

#include "runtime/io/dom_path.hpp"
#include "runtime/io/line_scan.hpp"
#include "runtime/io/ondemand_path.hpp"

namespace onb::io {

static_assert(kPadding >= simdjson::SIMDJSON_PADDING, "kPadding must cover simdjson's padding");

namespace {

// Why a line is not one valid JSON object, for reports.
const char* jsonErrorReason(simdjson::error_code e) {
  switch (e) {
    case simdjson::UTF8_ERROR: return "not valid UTF-8";
    case simdjson::INCORRECT_TYPE: return "not a JSON object";
    case simdjson::TRAILING_CONTENT: return "content after the JSON object";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "invalid JSON: unclosed object, or content after it";
    case simdjson::TAPE_ERROR: return "invalid JSON: bad structure (commas, colons, brackets) or content after it";
    case simdjson::UNESCAPED_CHARS: return "invalid JSON: unescaped control character in a string";
    case simdjson::UNCLOSED_STRING: return "invalid JSON: unclosed string";
    case simdjson::STRING_ERROR: return "invalid JSON: bad string escape or unpaired surrogate";
    case simdjson::NUMBER_ERROR: return "invalid JSON: bad number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid JSON: bad literal";
    case simdjson::DEPTH_ERROR: return "invalid JSON: nested deeper than 1024 levels";
    case simdjson::CAPACITY: return "line too long (4 GiB or more)";
    case simdjson::MEMALLOC: return "out of memory";
    default: return "invalid JSON";
  }
}

bool isBlank(const char* line, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    const char c = line[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return false;
  }
  return true;
}

}  // namespace

struct EventDecoder::Impl {
  Impl(const bc::Schema& schema, Path p) : tables(schema), marks(tables.widestObject), path(p) {}

  detail::SchemaTables tables;
  detail::FieldMarks marks;
  Path path;
  detail::DomPath dom;
  detail::OnDemandPath onDemand;
  detail::LineScan scan;          // reused: reset() per line
  std::unique_ptr<char[]> copy;  // a padded copy, for lines given without padding
  size_t copyCapacity = 0;
  size_t maxLineBytes = kDefaultMaxLineBytes;

  void decode(const char* line, size_t len, size_t capacity, uint64_t lineNo, DecodedEvent& out);
};

static void reset(DecodedEvent& out, uint64_t lineNo) {
  out.cls = LineClass::Blank;
  out.line = lineNo;
  out.t = 0;
  out.user = {};
  out.hasMessageId = false;
  out.messageId = {};
  out.event = 0;
  out.props.clear();
  out.traits.clear();
  out.traitErrors.clear();
  out.reason.clear();
}

static void tooLong(uint64_t length, size_t limit, uint64_t lineNo, DecodedEvent& out) {
  reset(out, lineNo);
  out.cls = LineClass::Malformed;
  out.reason = "line too long: " + std::to_string(length) + " bytes, more than the maximum line size of " +
               std::to_string(limit) + " bytes";
}

void EventDecoder::Impl::decode(const char* line, size_t len, size_t capacity, uint64_t lineNo, DecodedEvent& out) {
  // Checked first, so an over-long line costs no buffer growth (not even a blank one).
  if (maxLineBytes && len > maxLineBytes) return tooLong(len, maxLineBytes, lineNo, out);
  reset(out, lineNo);
  if (isBlank(line, len)) return;
  if (capacity < len + kPadding) {
    if (copyCapacity < len + kPadding) {
      copyCapacity = len + kPadding;
      copy.reset(new char[copyCapacity]);
    }
    std::memcpy(copy.get(), line, len);
    std::memset(copy.get() + len, 0, kPadding);
    line = copy.get();
    capacity = copyCapacity;
  }
  scan.reset();
  simdjson::error_code e = simdjson::NUMBER_ERROR;
  if (path == Path::Auto) e = dom.decode(tables, marks, line, len, scan, out);
  if (e == simdjson::NUMBER_ERROR) {  // or a number the DOM cannot hold: ask On Demand
    reset(out, lineNo);
    scan.reset();
    e = onDemand.decode(tables, marks, line, len, capacity, scan, out);
  }
  if (e) {
    reset(out, lineNo);
    out.cls = LineClass::Malformed;
    out.reason.assign(jsonErrorReason(e));
    return;
  }
  detail::classify(tables, scan, out);
  if (out.cls == LineClass::Malformed || out.cls == LineClass::Ignored) {
    out.props.clear();
    out.traits.clear();
    out.traitErrors.clear();
  }
}

EventDecoder::EventDecoder(const bc::Schema& schema, Path path) : impl_(std::make_unique<Impl>(schema, path)) {}
EventDecoder::~EventDecoder() = default;
EventDecoder::EventDecoder(EventDecoder&&) noexcept = default;
EventDecoder& EventDecoder::operator=(EventDecoder&&) noexcept = default;

void EventDecoder::decode(const char* line, size_t len, size_t capacity, uint64_t lineNo, DecodedEvent& out) {
  impl_->decode(line, len, capacity, lineNo, out);
}

void EventDecoder::decode(std::string_view line, uint64_t lineNo, DecodedEvent& out) {
  impl_->decode(line.data(), line.size(), 0, lineNo, out);
}

void EventDecoder::setMaxLineBytes(size_t bytes) { impl_->maxLineBytes = bytes; }

void EventDecoder::decodeOverlong(uint64_t length, size_t limit, uint64_t lineNo, DecodedEvent& out) {
  tooLong(length, limit, lineNo, out);
}

const bc::Schema& EventDecoder::schema() const { return impl_->tables.schema; }

}  // namespace onb::io
