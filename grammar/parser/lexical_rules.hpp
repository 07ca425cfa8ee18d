// PEG building blocks (private to grammar/parser; includes PEGTL): tokens, trivia, and
// the rules that turn a failed expectation into a located SyntaxError.
//
// Tokens follow GRAMMAR.md section 1 exactly because they are recognised by lexToken()
// (maximal munch: `7%2` starts with the PERCENT `7%`, `<=` is never `<`). Raw* rules match
// one token and nothing after it; the unprefixed ones also skip the trivia that follows,
// so every rule starts on a token.
#pragma once

#include <algorithm>
#include <cstring>
#include <string_view>

#include <tao/pegtl.hpp>

#include "grammar/parser/parse_state.hpp"
#include "grammar/parser/token_lexer.hpp"

namespace onb::parser::rules {

namespace pegtl = tao::pegtl;
using pegtl::apply_mode;
using pegtl::rewind_mode;

// A string usable as a template argument: Kw<"when">, Need<"a duration", ...>.
template <size_t N>
struct FixedString {
  char text[N];
  constexpr FixedString(const char (&s)[N]) { std::copy_n(s, N, text); }
  constexpr std::string_view view() const { return std::string_view(text, N - 1); }
};

// Whitespace and comments (recorded in Module::comments). Always succeeds.
struct Ws {
  template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    in.iterator() = st.skipTrivia(in.current());
    return true;
  }
};

// One token of the given kind.
template <TokenKind Kind>
struct RawToken {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const Token t = lexToken(in.current(), in.end());
    if (t.kind != Kind) return false;
    in.bump(t.length);
    return true;
  }
};

// The punctuation token `Text` (and not a longer one that starts like it: `?` is not `??`).
template <FixedString Text>
struct RawPunct {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    constexpr std::string_view text = Text.view();
    if (in.size() < text.size() || std::memcmp(in.current(), text.data(), text.size()) != 0) return false;
    const Token t = lexToken(in.current(), in.end());
    if (t.kind != TokenKind::Punct || t.length != text.size()) return false;
    in.bump(t.length);
    return true;
  }
};

// The keyword `Word`, not followed by a letter or digit.
template <FixedString Word>
struct RawKeyword {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    constexpr std::string_view word = Word.view();
    if (in.size() < word.size() || std::memcmp(in.current(), word.data(), word.size()) != 0) return false;
    if (in.size() > word.size() && isWordChar(in.current()[word.size()])) return false;
    in.bump(word.size());
    return true;
  }
};

// An IDENT (a word that is not a keyword).
using RawIdent = RawToken<TokenKind::Ident>;

// A FieldName: an IDENT or a keyword (GRAMMAR.md section 5).
struct RawFieldName {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const Token t = lexToken(in.current(), in.end());
    if (t.kind != TokenKind::Ident && t.kind != TokenKind::Keyword) return false;
    in.bump(t.length);
    return true;
  }
};

// An IDENT that is one of `Words` (a space-separated list): base types, history functions.
template <FixedString Words>
struct RawIdentIn {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const Token t = lexToken(in.current(), in.end());
    if (t.kind != TokenKind::Ident) return false;
    const std::string_view word(in.current(), t.length);
    std::string_view list = Words.view();
    while (!list.empty()) {
      const size_t space = list.find(' ');
      if (list.substr(0, space) == word) {
        in.bump(t.length);
        return true;
      }
      list = space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
    }
    return false;
  }
};

template <FixedString Word>
struct Kw : pegtl::seq<RawKeyword<Word>, Ws> {};
template <FixedString Text>
struct P : pegtl::seq<RawPunct<Text>, Ws> {};
struct IdentTok : pegtl::seq<RawIdent, Ws> {};

// Matches Rules in sequence or throws "expected What, found ..." at the position where
// they started (see ParseState::expected for the placeholders What may use).
template <FixedString What, typename... Rules>
struct Need {
  template <apply_mode A, rewind_mode M, template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    const char* start = in.current();
    if (pegtl::match<pegtl::seq<Rules...>, A, rewind_mode::required, Action, Control>(in, st)) return true;
    throw st.expected(start, What.view());
  }
};

// Always throws "expected What, found ...": the last alternative of a choice.
template <FixedString What>
struct Fail {
  template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    throw st.expected(in.current(), What.view());
  }
};

// A check that consumes nothing: throws Message (a complete sentence) when Lookahead
// matches here, and succeeds otherwise. Catches a likely mistake with a precise message.
template <FixedString Message, typename Lookahead>
struct Reject {
  template <apply_mode, rewind_mode, template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    if (pegtl::match<pegtl::at<Lookahead>, apply_mode::nothing, rewind_mode::required, Action, Control>(in, st))
      throw st.errorAt(DiagKind::SyntaxExpected, in.current(), Message.view());
    return true;
  }
};

// One level of expression nesting (parentheses, calls, `(E where X)`): Rules in sequence,
// or NestingTooDeep past ParseOptions::maxNesting, before the stack could run out.
template <typename... Rules>
struct Nested {
  template <apply_mode A, rewind_mode M, template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    if (st.nesting >= st.options.maxNesting)
      throw SyntaxError{DiagKind::NestingTooDeep, st.tokenSpan(in.current()),
                        "expression nested too deeply: at most " + std::to_string(st.options.maxNesting) +
                            " levels of parentheses, calls and `(E where X)` are allowed"};
    ++st.nesting;
    const bool ok = pegtl::match<pegtl::seq<Rules...>, A, M, Action, Control>(in, st);
    --st.nesting;  // after an exception, ParseState::resetAfterError resets it
    return ok;
  }
};

}  // namespace onb::parser::rules
