// Typed events become the Segment JSON line they stand for, which the engine then decodes
// like any other line: the typed path cannot drift from the JSON rules (LANGUAGE.md 7).
#include "api/src/event_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace onb {

namespace {

// A JSON string. Bytes at or above 0x80 are copied as they are: invalid UTF-8 makes the
// line malformed, exactly as it would in a file.
void appendString(std::string_view s, std::string& out) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
          out += esc;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

template <typename Number>
void appendNumber(Number v, std::string& out) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

// A double is always a JSON float token (3.0, never 3), so it never passes for an int.
// JSON has no infinities or NaN: they become 1e400 / -1e400, valid JSON that no property
// type accepts.
void appendDouble(double v, std::string& out) {
  if (!std::isfinite(v)) {
    out += std::signbit(v) && !std::isnan(v) ? "-1e400" : "1e400";
    return;
  }
  const size_t start = out.size();
  appendNumber(v, out);
  if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
}

void appendValue(const FieldValue& v, std::string& out) {
  switch (v.kind()) {
    case FieldValue::Kind::Null: out += "null"; return;
    case FieldValue::Kind::Bool: out += v.asBool() ? "true" : "false"; return;
    case FieldValue::Kind::Int: appendNumber(v.asInt(), out); return;
    case FieldValue::Kind::Double: appendDouble(v.asDouble(), out); return;
    case FieldValue::Kind::String: appendString(v.asString(), out); return;
  }
}

void appendObject(const std::vector<std::pair<std::string, FieldValue>>& fields, std::string& out) {
  out += '{';
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    appendString(fields[i].first, out);
    out += ':';
    appendValue(fields[i].second, out);
  }
  out += '}';
}

}  // namespace

void appendJsonLine(const Event& event, std::string& out) {
  const bool track = event.type == Event::Type::Track;
  out += track ? "{\"type\":\"track\"" : "{\"type\":\"identify\"";
  if (!event.userId.empty()) {
    out += ",\"userId\":";
    appendString(event.userId, out);
  }
  if (!event.anonymousId.empty()) {
    out += ",\"anonymousId\":";
    appendString(event.anonymousId, out);
  }
  if (track) {
    out += ",\"event\":";
    appendString(event.event, out);
  }
  out += ",\"timestamp\":";
  appendNumber(event.timestamp, out);
  if (event.messageId) {
    out += ",\"messageId\":";
    appendString(*event.messageId, out);
  }
  if (track) {
    if (!event.properties.empty()) {
      out += ",\"properties\":";
      appendObject(event.properties, out);
    }
  } else {
    // An identify always carries a traits object (without one it would be invalid).
    out += ",\"traits\":";
    appendObject(event.traits, out);
  }
  out += '}';
}

std::string toJsonLine(const Event& event) {
  std::string line;
  appendJsonLine(event, line);
  return line;
}

}  // namespace onb
