// The renderers' building blocks: UTF-8 decoding, cell widths, the JSON writer.
#include <gtest/gtest.h>

#include "compiler/render/json_writer.hpp"
#include "compiler/render/unicode.hpp"

namespace onb::render {
namespace {

std::u32string decodeAll(std::string_view text) {
  std::u32string out;
  size_t pos = 0;
  while (pos < text.size()) out += decodeUtf8(text, pos);
  return out;
}

TEST(Unicode, DecodesValidUtf8) { EXPECT_EQ(decodeAll("aé日🎉"), U"aé日🎉"); }

TEST(Unicode, InvalidSequencesBecomeReplacementCharacters) {
  constexpr char32_t r = kReplacementChar;
  EXPECT_EQ(decodeAll("\xC0\xAF"), (std::u32string{r, r}));                // overlong '/'
  EXPECT_EQ(decodeAll("\xED\xA0\x80"), (std::u32string{r, r, r}));         // a surrogate
  EXPECT_EQ(decodeAll("\xF4\x90\x80\x80"), (std::u32string{r, r, r, r}));  // above U+10FFFF
  EXPECT_EQ(decodeAll("\xE2\x82x"), (std::u32string{r, r, U'x'}));         // truncated
  EXPECT_EQ(decodeAll("\x80"), (std::u32string{r}));                       // stray continuation
}

TEST(Unicode, CellWidths) {
  EXPECT_EQ(cellWidth(U'a'), 1);
  EXPECT_EQ(cellWidth(U'é'), 1);
  EXPECT_EQ(cellWidth(0x0301), 0);  // combining acute accent
  EXPECT_EQ(cellWidth(U'日'), 2);
  EXPECT_EQ(cellWidth(0x1F389), 2);  // 🎉
  EXPECT_TRUE(isUnsafeForTerminal(0x1B));
  EXPECT_TRUE(isUnsafeForTerminal(0x202E));  // right-to-left override
  EXPECT_FALSE(isUnsafeForTerminal(U'é'));
}

TEST(JsonWriter, Compact) {
  JsonWriter json;
  json.beginObject().field("a", 1).key("b").beginArray().string("x").boolean(true).number(-2).endArray();
  json.key("c").beginObject().endObject().key("d").beginArray().endArray().endObject();
  EXPECT_EQ(json.text(), R"({"a":1,"b":["x",true,-2],"c":{},"d":[]})");
}

TEST(JsonWriter, Pretty) {
  JsonWriter json(2);
  json.beginObject().field("a", "x").key("b").beginArray().number(1).beginObject().field("c", 2).endObject();
  json.endArray().key("e").beginObject().endObject().endObject();
  EXPECT_EQ(json.text(),
            "{\n"
            "  \"a\": \"x\",\n"
            "  \"b\": [\n"
            "    1,\n"
            "    {\n"
            "      \"c\": 2\n"
            "    }\n"
            "  ],\n"
            "  \"e\": {}\n"
            "}");
}

TEST(JsonWriter, EscapesStrings) {
  std::string out;
  appendJsonString(out, "\"\\/\n\x1f\x7f\xE2\x80\xA8\xC3");
  EXPECT_EQ(out, "\"\\\"\\\\/\\n\\u001f\x7f\xE2\x80\xA8\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace onb::render
