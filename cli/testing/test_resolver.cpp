// resolveTests: the timeline of each test (absolute times, never backwards), its input
// lines as Segment JSON, and its checks (patterns resolved in pattern_resolver.cpp).
#include <algorithm>

#include <fmt/format.h>

#include "cli/testing/pattern_resolver.hpp"
#include "cli/testing/test_lexer.hpp"
#include "cli/testing/test_plan.hpp"
#include "compiler/render/json_writer.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::journeytest {

namespace {

std::string typeText(const bc::Schema& schema, const bc::FieldSpec& f) {
  std::string t;
  if (f.type == ValueType::Enum) {
    t = "enum(";
    const auto& members = schema.enums[f.enumIndex].members;
    for (size_t i = 0; i < members.size(); ++i) t += (i ? ", " : "") + members[i];
    t += ")";
  } else {
    t = std::string(valueTypeName(f.type));
  }
  return f.optional ? t + "?" : t;
}

class TestResolver {
 public:
  TestResolver(const TestFile& file, const SourceFile& source, const bc::Program& program, TestDiagnostics& diagnostics)
      : file_(file), source_(source), program_(program), diagnostics_(diagnostics) {}

  // Resolves one test; false when it has errors.
  bool run(const TestCase& test, TestPlan& plan) {
    plan.name = test.name;
    plan.span = test.span;
    plan.start = startOf(test);
    start_ = plan.start;
    clock_ = plan.start;
    clockSpan_ = Span{};
    user_ = kDefaultUser;
    const size_t errorsBefore = diagnostics_.size();
    bool hasCheck = false;
    for (const Statement& s : test.body) {
      hasCheck = hasCheck || s.kind == StatementKind::Expect || s.kind == StatementKind::ExpectNo ||
                 s.kind == StatementKind::ExpectExactly;
      statement(s, plan);
    }
    if (!hasCheck) diagnostics_.error(test.span, "this test expects nothing: add an `expect`");
    return diagnostics_.size() == errorsBefore;
  }

 private:
  // The test's `start`, the file's, the first absolute time of a step, or the default.
  int64_t startOf(const TestCase& test) const {
    for (const Statement& s : test.body)
      if (s.kind == StatementKind::Start) return s.time.ms;
    if (file_.start) return file_.start->ms;
    for (const Statement& s : test.body) {
      if (s.at && !s.at->relative) return s.at->ms;
      if (s.kind == StatementKind::AdvanceUntil && !s.time.relative) return s.time.ms;
    }
    return kDefaultStart;
  }

  int64_t absolute(const TimeRef& t) const { return t.relative ? start_ + t.ms : t.ms; }

  // Moves the clock to `t`; an error when that is earlier than the clock.
  bool moveClock(int64_t t, Span span) {
    if (t < clock_) {
      diagnostics_.error(span, fmt::format("this time ({}) is before the test's clock ({}{}): steps happen in time order",
                                           formatOffset(t - start_), formatOffset(clock_ - start_),
                                           clockSpan_.valid() ? fmt::format(", set on line {}", source_.line(clockSpan_.begin)) : ""));
      return false;
    }
    if (t > civil::kMaxTime) {
      diagnostics_.error(span, "this time is after the year 9999");
      return false;
    }
    clock_ = t;
    clockSpan_ = span;
    return true;
  }

  void statement(const Statement& s, TestPlan& plan) {
    if (s.at && !moveClock(absolute(*s.at), s.at->span)) return;
    switch (s.kind) {
      case StatementKind::Start: return;
      case StatementKind::User:
        user_ = s.name.text;
        if (s.hasMap) return event(plan, s, user_, identifyJson(s, user_));
        if (s.at) return advance(plan, s);
        return;
      case StatementKind::Identify: {
        const std::string user = s.user.present() ? s.user.text : user_;
        return event(plan, s, user, identifyJson(s, user));
      }
      case StatementKind::Track: {
        const std::string user = s.user.present() ? s.user.text : user_;
        return event(plan, s, user, trackJson(s, user));
      }
      case StatementKind::Advance:
        if (moveClock(clock_ + s.durationMs, s.span)) advance(plan, s);
        return;
      case StatementKind::AdvanceUntil:
        if (moveClock(absolute(s.time), s.time.span)) advance(plan, s);
        return;
      case StatementKind::Expect:
      case StatementKind::ExpectNo:
      case StatementKind::ExpectExactly: return check(plan, s);
    }
  }

  void event(TestPlan& plan, const Statement& s, const std::string& user, std::string json) {
    if (json.empty()) return;
    PlanItem item;
    item.step = Step{Step::Kind::Event, clock_, user, std::move(json), s.span};
    plan.items.push_back(std::move(item));
  }

  void advance(TestPlan& plan, const Statement& s) {
    PlanItem item;
    item.step = Step{Step::Kind::Advance, clock_, user_, {}, s.span};
    plan.items.push_back(std::move(item));
  }

  void check(TestPlan& plan, const Statement& s) {
    PlanItem item;
    item.isCheck = true;
    item.check.kind = s.kind == StatementKind::Expect     ? Check::Kind::Expect
                      : s.kind == StatementKind::ExpectNo ? Check::Kind::ExpectNo
                                                          : Check::Kind::Exactly;
    item.check.user = s.user.present() ? s.user.text : user_;
    item.check.span = s.span;
    PatternContext context{program_, source_, start_, item.check.user};
    bool ok = true;
    for (const PatternAst& ast : s.patterns) {
      std::optional<Pattern> p = resolvePattern(ast, context, diagnostics_);
      if (p) item.check.patterns.push_back(std::move(*p));
      else ok = false;
    }
    if (ok) plan.items.push_back(std::move(item));
  }

  // ---- Input lines -------------------------------------------------------------------------
  std::string header(std::string_view type, const std::string& user) const {
    std::string out = fmt::format("{{\"type\":\"{}\",\"userId\":", type);
    render::appendJsonString(out, user);
    out += ",\"timestamp\":\"" + civil::formatIso(clock_) + "\"";
    return out;
  }

  std::string identifyJson(const Statement& s, const std::string& user) {
    std::string out = header("identify", user) + ",\"traits\":{";
    std::vector<std::string> names;
    for (const bc::TraitSpec& t : program_.schema.traits) names.push_back(t.name);
    bool ok = true;
    for (size_t i = 0; i < s.map.size(); ++i) {
      const MapEntry& e = s.map[i];
      auto it = std::find(names.begin(), names.end(), e.key);
      if (it == names.end()) {
        ok = false;
        diagnostics_.error(e.keySpan, e.key == "id" ? "`id` is the user's id (`user NAME`), not a trait"
                                                    : fmt::format("the program's user has no trait `{}`{}", e.key, didYouMean(e.key, names)));
        continue;
      }
      const bc::TraitSpec& trait = program_.schema.traits[static_cast<size_t>(it - names.begin())];
      std::string value;
      // null removes a trait (it then reads as its default or missing).
      if (e.value.kind != Literal::Kind::Null && !fieldValue(trait, "trait", e, value)) {
        ok = false;
        continue;
      }
      if (i) out += ',';
      render::appendJsonString(out, e.key);
      out += ':' + (e.value.kind == Literal::Kind::Null ? std::string("null") : value);
    }
    return ok ? out + "}}" : std::string();
  }

  std::string trackJson(const Statement& s, const std::string& user) {
    const bc::EventSpec* spec = nullptr;
    std::vector<std::string> names;
    for (const bc::EventSpec& e : program_.schema.events) {
      names.push_back(e.name);
      if (e.name == s.name.text || e.wireName == s.name.text) spec = spec ? spec : &e;
    }
    if (!spec) {
      diagnostics_.error(s.name.span, fmt::format("the program declares no event `{}`{}", s.name.text, didYouMean(s.name.text, names)));
      return "";
    }
    std::string out = header("track", user) + ",\"event\":";
    render::appendJsonString(out, spec->wireName);
    out += ",\"properties\":{";
    bool ok = true;
    size_t written = 0;
    for (const MapEntry& e : s.map) {
      auto it = std::find_if(spec->properties.begin(), spec->properties.end(), [&](const bc::FieldSpec& f) { return f.name == e.key; });
      if (it == spec->properties.end()) {
        std::vector<std::string> props;
        for (const bc::FieldSpec& f : spec->properties) props.push_back(f.name);
        diagnostics_.error(e.keySpan, props.empty() ? fmt::format("event {} has no properties", spec->name)
                                                    : fmt::format("event {} has no property `{}`{}", spec->name, e.key, didYouMean(e.key, props)));
        ok = false;
        continue;
      }
      if (e.value.kind == Literal::Kind::Null) continue;  // missing: fine when optional (checked below)
      std::string value;
      if (!fieldValue(*it, "property", e, value)) {
        ok = false;
        continue;
      }
      out += written++ ? "," : "";
      render::appendJsonString(out, e.key);
      out += ':' + value;
    }
    for (const bc::FieldSpec& f : spec->properties) {
      if (f.optional) continue;
      auto given = std::find_if(s.map.begin(), s.map.end(), [&](const MapEntry& e) { return e.key == f.name; });
      if (given == s.map.end() || given->value.kind == Literal::Kind::Null) {
        diagnostics_.error(s.name.span, fmt::format("event {} needs property `{}` ({})", spec->name, f.name, typeText(program_.schema, f)));
        ok = false;
      }
    }
    return ok ? out + "}}" : std::string();
  }

  // The JSON of `e.value` for a field of type `f`; false (reported) when it does not fit.
  bool fieldValue(const bc::FieldSpec& f, std::string_view what, const MapEntry& e, std::string& out) {
    using K = Literal::Kind;
    const Literal& v = e.value;
    bool fits = false;
    switch (f.type) {
      case ValueType::Bool:
        fits = v.kind == K::Bool;
        out = v.b ? "true" : "false";
        break;
      case ValueType::Int:
        fits = v.kind == K::Int;
        out = v.s;
        break;
      case ValueType::Float:
        fits = v.kind == K::Int || v.kind == K::Float;
        out = v.s;
        break;
      case ValueType::String:
        fits = v.kind == K::String;
        render::appendJsonString(out, v.s);
        break;
      case ValueType::Enum: {
        const auto& members = program_.schema.enums[f.enumIndex].members;
        if (v.kind == K::String && std::find(members.begin(), members.end(), v.s) == members.end()) {
          diagnostics_.error(v.span, fmt::format("\"{}\" is not a member of {} `{}` ({}){}", v.s, what, f.name,
                                                 typeText(program_.schema, f), didYouMean(v.s, members)));
          return false;
        }
        fits = v.kind == K::String;
        render::appendJsonString(out, v.s);
        break;
      }
      case ValueType::Time: {
        int64_t t = 0;
        if (v.kind == K::Time) {
          t = absolute(v.time);
          fits = true;
        } else if (v.kind == K::String) {
          fits = civil::parseIso(v.s, t) == civil::IsoError::None;
        }
        if (fits && (t < civil::kMinTime || t > civil::kMaxTime)) fits = false;
        if (fits) out = fmt::format("\"{}\"", civil::formatIso(t));
        break;
      }
      case ValueType::Duration:
        fits = v.kind == K::Duration || v.kind == K::Int;
        out = fmt::format("{}", v.i);
        break;
    }
    if (!fits) {
      const std::string type = typeText(program_.schema, f);
      const bool vowel = type[0] == 'i' || type[0] == 'e';
      diagnostics_.error(v.span, fmt::format("{} `{}` is {} {}; this value does not fit", what, f.name, vowel ? "an" : "a", type));
    }
    return fits;
  }

  const TestFile& file_;
  const SourceFile& source_;
  const bc::Program& program_;
  TestDiagnostics& diagnostics_;
  int64_t start_ = kDefaultStart;
  int64_t clock_ = kDefaultStart;
  Span clockSpan_;  // the statement that last moved the clock
  std::string user_;
};

}  // namespace

std::vector<TestPlan> resolveTests(const TestFile& file, const SourceFile& source, const bc::Program& program,
                                   TestDiagnostics& diagnostics) {
  std::vector<TestPlan> plans;
  TestResolver resolver(file, source, program, diagnostics);
  for (const TestCase& test : file.tests) {
    TestPlan plan;
    if (resolver.run(test, plan)) plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace onb::journeytest
