// Error recovery: after a syntax error the parser reports it and skips to a token that
// plausibly starts the next declaration (top level) or the next journey item, so one run
// reports several independent errors without cascades.
#pragma once

#include <cstdint>

#include <tao/pegtl.hpp>

#include "grammar/parser/parse_state.hpp"

namespace onb::parser {

struct SkipResult {
  uint32_t offset = 0;       // where parsing resumes (a token start, or the end of the file)
  bool leftJourney = false;  // the skip reached a top-level declaration or the end of file
};

// Where to resume after an error at `errorOffset` in the item that began at `itemStart`.
// Braces are balanced from the item's start, so a `rule { ... }` or `with { ... }` that
// failed is skipped whole. Resynchronisation points (keywords used as field names, after
// `.` or before `:`/`.`, do not count):
// - top level: `import`, `channel`, `queue`, `journey` anywhere; `user`, `event`, `cap`
//   outside braces;
// - journey item: `rule` anywhere; `enter`, `goal`, `exit`, `holdout`, `quiet`,
//   `retention`, `cap` or the journey's `}` outside braces; a top-level keyword (as above)
//   or the end of file leaves the journey.
// Comments passed over are recorded. Always makes progress past `itemStart`.
SkipResult skipAfterError(ParseState& st, uint32_t itemStart, uint32_t errorOffset, bool topLevel);

namespace rules {

// Matches Rule as one declaration (kTopLevel) or journey item; a SyntaxError thrown inside
// is reported, the half-built state is dropped, and parsing resumes after skipAfterError.
template <typename Rule, bool kTopLevel>
struct Recover {
  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput>
  static bool match(ParseInput& in, ParseState& st) {
    const uint32_t outerStart = st.itemStart;
    const uint32_t start = st.offset(in.current());
    st.itemStart = start;
    try {
      const bool ok = tao::pegtl::match<Rule, A, M, Action, Control>(in, st);
      st.itemStart = outerStart;
      return ok;
    } catch (const SyntaxError& error) {
      st.report(error);
      st.resetAfterError(kTopLevel);
      const uint32_t at = error.span.begin > start ? error.span.begin : start;
      const SkipResult skip = skipAfterError(st, start, at, kTopLevel);
      in.iterator() = st.textBegin() + skip.offset;
      if (!kTopLevel && skip.leftJourney) st.journeyAbandoned = true;
      st.itemStart = outerStart;
      return true;
    }
  }
};

}  // namespace rules
}  // namespace onb::parser
