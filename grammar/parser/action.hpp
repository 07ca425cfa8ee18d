// The PEGTL action template of the parser: nothing by default; the specializations in
// expression_actions.hpp and declaration_actions.hpp forward a completed rule to one
// ParseState method. Actions only run for text that stays matched (see
// expression_rules.hpp), so they never need undoing.
#pragma once

#include <tao/pegtl.hpp>

#include "grammar/parser/parse_state.hpp"

namespace onb::parser {

template <typename Rule>
struct Action : tao::pegtl::nothing<Rule> {};

// Calls Method with the start of the matched text.
template <void (ParseState::*Method)(const char*)>
struct AtBegin {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    (st.*Method)(in.begin());
  }
};

// Calls Method with the matched text [begin, end) (trailing trivia included; the
// builder trims it from spans).
template <void (ParseState::*Method)(const char*, const char*)>
struct OverRange {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    (st.*Method)(in.begin(), in.end());
  }
};

// Calls Method without looking at the text.
template <void (ParseState::*Method)()>
struct Always {
  static void apply0(ParseState& st) { (st.*Method)(); }
};

}  // namespace onb::parser
