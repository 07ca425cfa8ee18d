// Top-level declarations: import, user, event, channel, queue, cap (GRAMMAR.md section 2).
#include "grammar/parser/literal_values.hpp"
#include "grammar/parser/parse_state.hpp"
#include "grammar/parser/token_lexer.hpp"

namespace onb::parser {

void ParseState::typeBase(const char* p) {
  const std::string_view name = tokenText(p);
  type = {};
  if (name == "bool")
    type.base = ast::BaseType::Bool;
  else if (name == "int")
    type.base = ast::BaseType::Int;
  else if (name == "float")
    type.base = ast::BaseType::Float;
  else if (name == "string")
    type.base = ast::BaseType::String;
  else if (name == "time")
    type.base = ast::BaseType::Time;
  else
    type.base = ast::BaseType::Duration;
}

void ParseState::typeEnum(const char*) {
  type = {};
  type.base = ast::BaseType::Enum;
}

void ParseState::enumMember(const char* p) { type.enumMembers.push_back(identAt(p)); }

void ParseState::typeOptional(const char*) { type.optional = true; }

void ParseState::finishType(const char* begin, const char* end) { type.span = rangeSpan(begin, end); }

void ParseState::fieldName(const char* p) {
  field = {};
  field.name = identAt(p);
}

void ParseState::fieldDefault() { field.defaultValue = popOperand(); }

void ParseState::annotation(const char* p) {
  const std::string_view text = tokenText(p);
  if (text == "@sensitive") {
    field.annotations.push_back(ast::Ident{text.substr(1), tokenSpan(p)});
    return;
  }
  // Not kept in the tree: nothing downstream knows what it would mean.
  report(DiagKind::UnknownAnnotation, tokenSpan(p),
         "unknown annotation `" + std::string(text) + "`: the only annotation is `@sensitive`");
}

void ParseState::finishField(const char* begin, const char* end) {
  field.type = std::move(type);
  type = {};
  field.span = rangeSpan(begin, end);
  fields.push_back(std::move(field));
  field = {};
}

void ParseState::finishUser(const char* begin, const char* end) {
  ast::UserDecl decl;
  decl.fields = std::move(fields);
  fields.clear();
  decl.span = rangeSpan(begin, end);
  module.decls.emplace_back(std::move(decl));
}

void ParseState::eventName(const char* p) {
  event = {};
  event.name = identAt(p);
  fields.clear();
}

void ParseState::eventWireName(const char* p) {
  event.hasWireName = true;
  event.wireName = stringAt(p);
}

void ParseState::finishEvent(const char* begin, const char* end) {
  event.properties = std::move(fields);
  fields.clear();
  event.span = rangeSpan(begin, end);
  module.decls.emplace_back(std::move(event));
  event = {};
}

void ParseState::finishChannel(const char* begin, const char* end) {
  ast::ChannelDecl decl;
  const char* name = nextToken(begin);
  decl.name = identAt(name);
  const char* next = nextToken(name);
  if (next < end && tokenText(next) == "requires") decl.requirement = popOperand();
  decl.span = rangeSpan(begin, end);
  module.decls.emplace_back(decl);
}

void ParseState::finishQueue(const char* begin, const char* end) {
  module.decls.emplace_back(ast::QueueDecl{identAt(nextToken(begin)), rangeSpan(begin, end)});
}

void ParseState::finishImport(const char* begin, const char* end) {
  const ast::StringLiteral path = stringAt(nextToken(begin));
  module.decls.emplace_back(ast::ImportDecl{path, rangeSpan(begin, end)});
}

void ParseState::beginCap() {
  capChannels.clear();
  pairs.clear();
}

void ParseState::pairCount(const char* p) {
  pair = {};
  const DigitsValue count = parseDigits(tokenText(p));
  pair.count = count.value;
  pair.countOutOfRange = !count.fits || !fitsSigned(count.value, false);
  pair.countSpan = tokenSpan(p);
}

void ParseState::pairWindow(const char* p) {
  pair.window = durationAt(p);
  pairs.push_back(pair);
}

void ParseState::finishCap(const char* begin, const char* end) {
  ast::CapDecl decl;
  decl.channels = std::move(capChannels);
  decl.pairs = std::move(pairs);
  capChannels.clear();
  pairs.clear();
  decl.span = rangeSpan(begin, end);
  if (inJourney)
    journey.items.emplace_back(std::move(decl));
  else
    module.decls.emplace_back(std::move(decl));
}

}  // namespace onb::parser
