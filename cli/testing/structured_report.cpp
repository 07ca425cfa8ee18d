// The machine formats of `onb test`: JSON for tools, JUnit XML for CI systems.
#include <fmt/format.h>

#include "cli/testing/test_report.hpp"
#include "compiler/render/json_writer.hpp"
#include "compiler/render/located_span.hpp"

namespace onb::journeytest {

namespace {

std::string_view failureKind(Failure::Kind k) {
  switch (k) {
    case Failure::Kind::Missing: return "missing";
    case Failure::Kind::Forbidden: return "forbidden";
    case Failure::Kind::ExactMismatch: return "exact_mismatch";
    case Failure::Kind::ExactMissing: return "exact_missing";
    case Failure::Kind::ExactExtra: return "exact_extra";
    case Failure::Kind::Rejected: return "rejected";
    case Failure::Kind::UnexpectedError: return "unexpected_error";
  }
  return "?";
}

// ---- JSON -------------------------------------------------------------------------------
std::string str(std::string_view s) {
  std::string out;
  render::appendJsonString(out, s);
  return out;
}

// `"file":...,"line":...,"column":...` of a span (nothing when it has no location).
std::string location(const SuiteResult& suite, Span span) {
  render::LocatedSpan at = render::locate(*suite.sources, span);
  if (!at.located()) return "";
  return fmt::format("\"file\":{},\"line\":{},\"column\":{},", str(at.file->path()), at.begin.line, at.begin.column);
}

std::string jsonFailure(const SuiteResult& suite, const Failure& f) {
  std::string out = "{";
  out += location(suite, f.span);
  out += fmt::format("\"kind\":\"{}\",\"message\":{},\"notes\":[", failureKind(f.kind), str(f.summary));
  for (size_t i = 0; i < f.notes.size(); ++i) {
    if (i) out += ',';
    out += str(f.notes[i]);
  }
  out += "]";
  if (f.record) out += fmt::format(",\"record\":{}", *f.record + 1);
  if (f.segmentEnd > f.segmentBegin) out += fmt::format(",\"checked\":[{},{}]", f.segmentBegin + 1, f.segmentEnd);
  return out + "}";
}

std::string jsonTest(const SuiteResult& suite, const FileResult& file, const TestResult& t, const ReportOptions& options) {
  render::LocatedSpan at = render::locate(*suite.sources, t.span);
  std::string out = fmt::format("{{\"file\":{},\"line\":{},\"name\":{},\"status\":\"{}\",\"time_ms\":{:.3f}", str(file.path),
                                at.located() ? at.begin.line : 0, str(t.name), t.passed ? "pass" : "fail", t.seconds * 1000);
  if (t.failure) {
    out += ",\"failure\":";
    out += jsonFailure(suite, *t.failure);
  }
  if (!t.passed || options.verbose) {
    // The records exactly as `onb run` writes them.
    out += ",\"records\":[";
    for (size_t i = 0; i < t.records.size(); ++i) {
      if (i) out += ',';
      out += t.records[i].json;
    }
    out += "]";
  }
  return out + "}";
}

// ---- XML --------------------------------------------------------------------------------
// Escaped for attributes and text; characters XML 1.0 cannot hold become U+FFFD.
std::string xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += "\xEF\xBF\xBD";
        else out += c;
    }
  }
  return out;
}

// Element text keeps its newlines readable.
std::string xmlText(std::string_view s) {
  std::string out = xml(s);
  std::string readable;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 5, "&#10;") == 0) {
      readable += '\n';
      i += 4;
    } else {
      readable += out[i];
    }
  }
  return readable;
}

// `examples/saas/activation.onbt` -> `examples.saas.activation`, as CI tools group classes
// (`./` and leading separators dropped, so `/tmp/a.onbt` gives `tmp.a`).
std::string className(const std::string& path) {
  std::string s = path;
  if (s.size() > 5 && s.ends_with(".onbt")) s.resize(s.size() - 5);
  while (s.starts_with("./")) s.erase(0, 2);
  while (!s.empty() && (s.front() == '/' || s.front() == '\\')) s.erase(0, 1);
  for (char& c : s)
    if (c == '/' || c == '\\') c = '.';
  return s;
}

struct SuiteXml {
  explicit SuiteXml(std::string n) : name(std::move(n)) {}
  std::string name;
  size_t tests = 0, failures = 0, errors = 0;
  double seconds = 0;
  std::string cases;
};

void addCase(SuiteXml& s, const std::string& path, const std::string& name, uint32_t line, double seconds,
             const std::string& inner) {
  ++s.tests;
  s.seconds += seconds;
  s.cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.6f}\"", xml(name),
                         xml(className(path)), xml(path), line, seconds);
  s.cases += inner.empty() ? "/>\n" : ">\n" + inner + "    </testcase>\n";
}

}  // namespace

std::string jsonReport(const SuiteResult& suite, const ReportOptions& options) {
  std::string out = "{\"tests\":[";
  bool first = true;
  for (const FileResult& file : suite.files) {
    for (size_t i = 0; i < file.testNames.size(); ++i) {
      render::LocatedSpan at = render::locate(*suite.sources, file.testSpans[i]);
      out += fmt::format("{}{{\"file\":{},\"line\":{},\"name\":{},\"status\":\"error\",\"message\":{}}}", first ? "" : ",",
                         str(file.path), at.located() ? at.begin.line : 0, str(file.testNames[i]),
                         str("the imported program has errors:\n" + file.programErrors));
      first = false;
    }
    for (const TestResult& t : file.tests) {
      if (!first) out += ',';
      out += jsonTest(suite, file, t, options);
      first = false;
    }
  }
  out += "],\"errors\":[";
  for (size_t i = 0; i < suite.diagnostics.size(); ++i)
    out += fmt::format("{}{{{}\"message\":{}}}", i ? "," : "", location(suite, suite.diagnostics[i].span), str(suite.diagnostics[i].message));
  for (size_t i = 0; i < suite.ioErrors.size(); ++i)
    out += fmt::format("{}{{\"message\":{}}}", i || !suite.diagnostics.empty() ? "," : "", str(suite.ioErrors[i]));
  out += fmt::format("],\"summary\":{{\"tests\":{},\"passed\":{},\"failed\":{},\"not_run\":{}}}",
                     suite.passed() + suite.failed() + suite.programErrors(), suite.passed(), suite.failed(), suite.programErrors());
  if (options.coverage) {
    out += ",\"coverage\":{\"rules\":[";
    const auto& rules = suite.coverage.rules();
    for (size_t i = 0; i < rules.size(); ++i) {
      const RuleCoverage& r = rules[i];
      out += fmt::format("{}{{\"journey\":{},\"rule\":{},\"file\":{},\"line\":{},\"fired\":{},\"suppressed\":{},"
                         "\"deferred\":{},\"skipped\":{},\"errors\":{}}}",
                         i ? "," : "", str(r.journey), str(r.rule), str(r.file), r.line, r.fired, r.suppressed, r.deferred,
                         r.skipped, r.errors);
    }
    out += "],\"never_fired\":[";
    bool firstName = true;
    for (const RuleCoverage& r : rules) {
      if (r.fired) continue;
      if (!firstName) out += ',';
      out += str(r.journey + "." + r.rule);
      firstName = false;
    }
    out += "]}";
  }
  return out + "}\n";
}

std::string junitReport(const SuiteResult& suite) {
  std::vector<SuiteXml> suites;
  for (const FileResult& file : suite.files) {
    SuiteXml s(file.path);
    for (size_t i = 0; i < file.testNames.size(); ++i) {
      ++s.errors;
      render::LocatedSpan at = render::locate(*suite.sources, file.testSpans[i]);
      addCase(s, file.path, file.testNames[i], at.located() ? at.begin.line : 0, 0,
              fmt::format("      <error message=\"the imported program has errors\" type=\"program_error\">{}</error>\n",
                          xmlText(file.programErrors)));
    }
    for (const TestResult& t : file.tests) {
      render::LocatedSpan at = render::locate(*suite.sources, t.span);
      std::string inner;
      if (t.failure) {
        ++s.failures;
        inner = fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml(t.failure->summary),
                            failureKind(t.failure->kind), xmlText(failureText(suite, t)));
      }
      addCase(s, file.path, t.name, at.located() ? at.begin.line : 0, t.seconds, inner);
    }
    suites.push_back(std::move(s));
  }
  // Errors in test files and I/O errors: one erroring test case each, so CI shows them.
  for (const TestDiagnostic& d : suite.diagnostics) {
    render::LocatedSpan at = render::locate(*suite.sources, d.span);
    const std::string path = at.located() ? at.file->path() : "onb test";
    if (suites.empty() || suites.back().name != path) suites.emplace_back(path);
    ++suites.back().errors;
    addCase(suites.back(), path, fmt::format("{}:{}: test file error", path, at.located() ? at.begin.line : 0),
            at.located() ? at.begin.line : 0, 0,
            fmt::format("      <error message=\"{}\" type=\"test_file_error\"/>\n", xml(d.message)));
  }
  for (const std::string& e : suite.ioErrors) {
    if (suites.empty() || suites.back().name != "onb test") suites.emplace_back("onb test");
    ++suites.back().errors;
    addCase(suites.back(), "onb test", e, 0, 0, fmt::format("      <error message=\"{}\" type=\"io_error\"/>\n", xml(e)));
  }
  size_t tests = 0, failures = 0, errors = 0;
  double seconds = 0;
  for (const SuiteXml& s : suites) tests += s.tests, failures += s.failures, errors += s.errors, seconds += s.seconds;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"onb test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.6f}\">\n", tests,
                     failures, errors, seconds);
  for (const SuiteXml& s : suites) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.6f}\">\n",
                       xml(s.name), s.tests, s.failures, s.errors, s.seconds);
    out += s.cases + "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace onb::journeytest
