// parse(): checks the encoding, then runs the PEG grammar of journey_rules.hpp with the
// actions that build the module. Errors are reported as they are found; recovery points
// (recovery.hpp) keep parsing after each one, up to ParseOptions::maxErrors.
#include "grammar/parser/parse.hpp"

#include <cstdio>
#include <string>

#include <tao/pegtl.hpp>

#include "grammar/parser/declaration_actions.hpp"
#include "grammar/parser/expression_actions.hpp"
#include "grammar/parser/journey_rules.hpp"
#include "grammar/parser/parse_state.hpp"
#include "grammar/parser/utf8.hpp"

namespace onb {

ast::Module parse(const SourceFile& file, DiagnosticSink& sink, const ParseOptions& options) {
  ast::Module module;
  module.file = file.id();
  const std::string_view text = file.text();
  parser::ParseState st(file, module, sink, options);

  // The whole file is checked first: every later step may assume valid UTF-8.
  if (const auto bad = parser::findInvalidUtf8(text)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
    try {
      st.report(DiagKind::InvalidUtf8, Span{file.id(), *bad, *bad + 1},
                std::string("the file is not valid UTF-8: byte ") + byte + " does not start a valid sequence");
    } catch (const parser::StopParsing&) {
    }
    return module;
  }

  // Growing the node pool by doubling would copy it and touch twice the memory, which is
  // most of the cost of parsing a large file; real programs have fewer nodes than this.
  module.exprs.reserve(text.size() / 8 + 64);
  tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy, tao::pegtl::eol::lf_crlf> in(
      text.data(), text.data() + text.size(), file.path());
  try {
    tao::pegtl::parse<parser::rules::Program, parser::Action>(in, st);
  } catch (const parser::StopParsing&) {
    // The error limit was reached; what was built so far is returned.
  }
  return module;
}

}  // namespace onb
