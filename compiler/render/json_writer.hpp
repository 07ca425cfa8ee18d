// A minimal streaming JSON writer for the JSON and SARIF renderers. It produces valid
// JSON (RFC 8259) and valid UTF-8 whatever the strings hold: invalid UTF-8 becomes U+FFFD.
// It does not check that calls nest properly; the renderers are its only callers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onb::render {

// Appends `text` as a quoted JSON string: `"` `\` and control characters escaped
// (\n \r \t \b \f or \u00XX), invalid UTF-8 replaced by \ufffd.
void appendJsonString(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // indent 0 writes compact JSON with no whitespace; indent n > 0 puts every member and
  // element on its own line, indented n spaces per level, with `": "` after keys.
  explicit JsonWriter(int indent = 0) : indent_(indent) {}

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  // Inside an object: the key of the next value.
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(int64_t value);
  JsonWriter& boolean(bool value);

  // key(name) followed by string(value) / number(value).
  JsonWriter& field(std::string_view name, std::string_view value) { return key(name).string(value); }
  JsonWriter& field(std::string_view name, int64_t value) { return key(name).number(value); }

  const std::string& text() const { return out_; }

 private:
  void beforeValue();  // separator and indentation before a value in an array (or at top level)
  void newline();
  void open(char bracket);
  void close(char bracket);

  std::string out_;
  int indent_;
  std::vector<bool> empty_;  // per open container: nothing written into it yet
  bool afterKey_ = false;
};

}  // namespace onb::render
