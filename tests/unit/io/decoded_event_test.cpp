// DecodedEvent: own() and deep copies detach the strings from the decoder's buffers.
#include <gtest/gtest.h>

#include <memory>

#include "test_schema.hpp"

namespace onb::io::test {
namespace {

const std::string kTrack =
    trackLine("Step Failed", R"({"step":"billing","code":7,"ratio":0.5})").insert(1, R"("messageId":"m-1",)");
const std::string kIdentify =
    R"({"type":"identify","userId":"u\u0032","messageId":"m-2","timestamp":1000,"traits":{"first_name":"Ann","plan":"pro","age":3}})";
const std::string kOther =
    trackLine("Step Failed", R"({"step":"XXXXXXXXXXXXXXXXXXXXXXXX","code":9})").insert(1, R"("messageId":"ZZZZZZZZZZ",)");

void expectTrackStrings(const DecodedEvent& e) {
  ASSERT_EQ(e.cls, LineClass::Track) << e.reason;
  EXPECT_EQ(e.user, "u1");
  EXPECT_TRUE(e.hasMessageId);
  EXPECT_EQ(e.messageId, "m-1");
  ASSERT_EQ(e.props.size(), 3u);
  EXPECT_EQ(e.props[0].str(), "billing");
  EXPECT_EQ(e.props[1].i, 7);
  EXPECT_EQ(e.props[2].f, 0.5);
}

bool inside(const void* p, const std::string& buffer) {
  return p >= buffer.data() && p < buffer.data() + buffer.size();
}

TEST(DecodedEvent, OwnSurvivesTheNextDecodeAndTheDecoder) {
  DecodedEvent held;
  {
    auto decoder = std::make_unique<EventDecoder>(testSchema());
    std::string line = kTrack;
    line.resize(line.size() + kPadding);  // decode in place
    decoder->decode(line.data(), kTrack.size(), line.size(), 1, held);
    expectTrackStrings(held);
    held.own();
    std::fill(line.begin(), line.end(), 'X');  // the line buffer is reused
    DecodedEvent other;
    decoder->decode(kOther, 2, other);  // the decoder's buffers are reused
    EXPECT_EQ(other.props[0].str(), "XXXXXXXXXXXXXXXXXXXXXXXX");
  }
  expectTrackStrings(held);
  held.own();  // again: still fine
  expectTrackStrings(held);
}

TEST(DecodedEvent, OwnRebasesTraitStrings) {
  EventDecoder decoder(testSchema());
  DecodedEvent e;
  decoder.decode(kIdentify, 1, e);
  e.own();
  DecodedEvent other;
  decoder.decode(kOther, 2, other);
  ASSERT_EQ(e.cls, LineClass::Identify);
  EXPECT_EQ(e.user, "u2");
  EXPECT_EQ(e.messageId, "m-2");
  ASSERT_EQ(e.traits.size(), 3u);
  EXPECT_EQ(e.traits[0].value.str(), "Ann");
  EXPECT_EQ(e.traits[1].value.i, 1);  // an enum index, not a pointer: left alone
  EXPECT_EQ(e.traits[2].value.i, 3);
}

TEST(DecodedEvent, CopiesOwnTheirStrings) {
  EventDecoder decoder(testSchema());
  DecodedEvent original;
  decoder.decode(kTrack, 1, original);
  DecodedEvent copy(original);
  DecodedEvent assigned;
  assigned = original;
  EXPECT_NE(copy.user.data(), original.user.data());
  EXPECT_NE(copy.props[0].s, original.props[0].s);
  EXPECT_NE(assigned.props[0].s, copy.props[0].s);
  DecodedEvent other;
  decoder.decode(kOther, 2, other);  // overwrites what `original` points to
  expectTrackStrings(copy);
  expectTrackStrings(assigned);

  // A copy of an owned event, then the original destroyed.
  auto owned = std::make_unique<DecodedEvent>(copy);
  DecodedEvent second(*owned);
  owned.reset();
  expectTrackStrings(second);

  // Self-assignment and moves keep the strings.
  DecodedEvent& alias = second;
  second = alias;
  expectTrackStrings(second);
  DecodedEvent moved(std::move(second));
  expectTrackStrings(moved);
  DecodedEvent moveAssigned;
  moveAssigned = std::move(moved);
  expectTrackStrings(moveAssigned);
}

TEST(DecodedEvent, EmptyStringsNeedNoStorage) {
  EventDecoder decoder(testSchema());
  DecodedEvent e;
  decoder.decode(trackLine("Signed Up", R"({"source":""})"), 1, e);
  ASSERT_EQ(e.cls, LineClass::Track);
  e.own();
  EXPECT_EQ(e.props[0].str(), "");
  EXPECT_EQ(e.user, "u1");
}

TEST(DecodedEvent, StringsPointIntoTheDecoderNotTheLine) {
  // The contract: views stay valid until the next decode, even if the caller reuses the
  // line buffer (the reader refills it before the engine is done with the event).
  EventDecoder decoder(testSchema());
  std::string line = kTrack;
  line.resize(line.size() + kPadding);
  DecodedEvent e;
  decoder.decode(line.data(), kTrack.size(), line.size(), 1, e);
  EXPECT_FALSE(inside(e.user.data(), line));
  EXPECT_FALSE(inside(e.props[0].s, line));
  std::fill(line.begin(), line.end(), 'X');
  expectTrackStrings(e);
}

}  // namespace
}  // namespace onb::io::test
