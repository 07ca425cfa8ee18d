#include "cli/testing/pattern_resolver.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace onb::journeytest {

namespace {

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string sourceText(const SourceFile& file, Span span) {
  return std::string(file.text().substr(span.begin, span.end - span.begin));
}

class PatternResolver {
 public:
  PatternResolver(const PatternAst& ast, const PatternContext& context, TestDiagnostics& diagnostics)
      : ast_(ast), c_(context), program_(context.program), diagnostics_(diagnostics) {}

  std::optional<Pattern> run() {
    p_.head = ast_.head;
    p_.span = ast_.span;
    p_.source = sourceText(c_.source, ast_.span);
    p_.user = ast_.user.present() ? ast_.user.text : c_.user;
    p_.holdout = ast_.holdout;
    if (ast_.at) p_.at = absolute(*ast_.at);
    if (ast_.until) p_.until = absolute(*ast_.until);
    if (ast_.message.present()) p_.message = ast_.message.text;
    if (ast_.clause.present()) p_.skipUnless = ast_.clause.text == "unless";
    bool ok = journey() && rule() && reason() && action();
    if (ok && needsRule()) ok = candidates();
    if (!ok) return std::nullopt;
    for (const MapEntry& e : ast_.with) {
      VarExpectation v{e.key, e.value};
      if (v.value.kind == Literal::Kind::Time) v.value.time.ms = absolute(v.value.time);
      v.value.time.relative = false;
      p_.vars.push_back(std::move(v));
    }
    return std::move(p_);
  }

 private:
  int64_t absolute(const TimeRef& t) const { return t.relative ? c_.start + t.ms : t.ms; }

  bool error(Span span, std::string message) {
    diagnostics_.error(span, std::move(message));
    return false;
  }

  bool journey() {
    if (!ast_.journey.present()) return true;
    std::vector<std::string> names;
    for (const bc::Journey& j : program_.journeys) names.push_back(j.name);
    if (std::find(names.begin(), names.end(), ast_.journey.text) == names.end())
      return error(ast_.journey.span, fmt::format("the program has no journey `{}`{}", ast_.journey.text,
                                                  didYouMean(ast_.journey.text, names)));
    p_.journey = ast_.journey.text;
    return true;
  }

  bool rule() {
    if (!ast_.rule.present()) return true;
    if (ast_.ruleJourney.present()) {
      if (p_.journey && *p_.journey != ast_.ruleJourney.text)
        return error(ast_.ruleJourney.span, "the rule's journey differs from the pattern's journey");
      std::vector<std::string> names;
      for (const bc::Journey& j : program_.journeys) names.push_back(j.name);
      if (std::find(names.begin(), names.end(), ast_.ruleJourney.text) == names.end())
        return error(ast_.ruleJourney.span, fmt::format("the program has no journey `{}`{}", ast_.ruleJourney.text,
                                                        didYouMean(ast_.ruleJourney.text, names)));
      p_.journey = ast_.ruleJourney.text;
    }
    const std::string& name = ast_.rule.text;
    // Errors in `enter`, `goal` and `exit` conditions name those as the rule.
    if (ast_.head == PatternHead::Error && (name == "enter" || name == "goal" || name == "exit")) {
      p_.rule = name;
      return true;
    }
    std::vector<std::string> names;
    bool found = false;
    for (const bc::Rule& r : program_.rules) {
      if (p_.journey && program_.journeys[r.journey].name != *p_.journey) continue;
      names.push_back(r.name);
      found = found || r.name == name;
    }
    if (!found)
      return error(ast_.rule.span, fmt::format("{} has no rule `{}`{}", p_.journey ? "journey " + *p_.journey : "the program",
                                               name, didYouMean(name, names)));
    p_.rule = name;
    return true;
  }

  bool reason() {
    if (!ast_.reason.present()) return true;
    const std::string& w = ast_.reason.text;
    if (ast_.head == PatternHead::Exit) {
      p_.exitReason = w == "goal" ? engine::ExitReason::Goal : w == "exit" ? engine::ExitReason::Exit : engine::ExitReason::Expired;
    } else {
      p_.reason = w == "holdout"   ? engine::SuppressReason::Holdout
                  : w == "consent" ? engine::SuppressReason::Consent
                  : w == "limit"   ? engine::SuppressReason::Limit
                                   : engine::SuppressReason::Cap;
    }
    return true;
  }

  static bool isChannel(const bc::Program& program, std::string_view name) {
    return std::any_of(program.channels.begin(), program.channels.end(), [&](const bc::Channel& c) { return c.name == name; });
  }
  static bool isQueue(const bc::Program& program, std::string_view name) {
    return std::find(program.queues.begin(), program.queues.end(), name) != program.queues.end();
  }

  // The action of the rule behind the record, and its destination and text.
  bool action() {
    switch (ast_.head) {
      case PatternHead::Send: p_.action = bc::Action::Send; break;
      case PatternHead::Handoff: p_.action = bc::Action::Handoff; break;
      case PatternHead::Emit: p_.action = bc::Action::Emit; break;
      case PatternHead::Suppressed:
      case PatternHead::Deferred:
        if (ast_.action == PatternHead::Send) p_.action = bc::Action::Send;
        if (ast_.action == PatternHead::Handoff) p_.action = bc::Action::Handoff;
        if (ast_.action == PatternHead::Emit) p_.action = bc::Action::Emit;
        break;
      case PatternHead::Enter:
      case PatternHead::Goal:
      case PatternHead::Exit:
      case PatternHead::Error:
      case PatternHead::Skipped: return true;
    }
    if (ast_.destination.present()) {
      const std::string& d = ast_.destination.text;
      const bool channel = isChannel(program_, d), queue = isQueue(program_, d);
      if (!p_.action) {  // `suppressed cap NAME`: a channel or a queue
        if (!channel && !queue) {
          std::vector<std::string> names(program_.queues);
          for (const bc::Channel& ch : program_.channels) names.push_back(ch.name);
          return error(ast_.destination.span, fmt::format("the program has no channel or queue `{}`{}", d, didYouMean(d, names)));
        }
        p_.action = channel ? bc::Action::Send : bc::Action::Handoff;
      } else if (*p_.action == bc::Action::Send && !channel) {
        std::vector<std::string> names;
        for (const bc::Channel& ch : program_.channels) names.push_back(ch.name);
        return error(ast_.destination.span, fmt::format("the program has no channel `{}`{}{}", d, didYouMean(d, names),
                                                        queue ? " (it is a queue: expect `handoff`)" : ""));
      } else if (*p_.action == bc::Action::Handoff && !queue) {
        return error(ast_.destination.span, fmt::format("the program has no queue `{}`{}{}", d, didYouMean(d, program_.queues),
                                                        channel ? " (it is a channel: expect `send`)" : ""));
      }
      p_.destination = d;
    }
    if (ast_.text.present()) p_.text = ast_.text.text;
    return true;
  }

  bool needsRule() const {
    return ast_.head == PatternHead::Send || ast_.head == PatternHead::Handoff || ast_.head == PatternHead::Emit ||
           ast_.head == PatternHead::Suppressed || ast_.head == PatternHead::Deferred;
  }

  // At least one rule of the program could write the record, and it has every `with` key.
  bool candidates() {
    std::vector<const bc::Rule*> found;
    std::vector<std::string> texts;
    for (const bc::Rule& r : program_.rules) {
      if (p_.journey && program_.journeys[r.journey].name != *p_.journey) continue;
      if (p_.rule && r.name != *p_.rule) continue;
      if (p_.action && r.action != *p_.action) continue;
      if (ast_.head == PatternHead::Deferred && r.action != bc::Action::Send) continue;
      if (p_.destination) {
        const std::string& d = r.action == bc::Action::Send      ? program_.channels[r.destination].name
                                : r.action == bc::Action::Handoff ? program_.queues[r.destination]
                                                                  : std::string();
        if (r.action == bc::Action::Emit || d != *p_.destination) continue;
      }
      if (r.action != bc::Action::Handoff) texts.push_back(r.text);
      if (p_.text && (r.action == bc::Action::Handoff || r.text != *p_.text)) continue;
      found.push_back(&r);
    }
    if (found.empty()) {
      if (p_.text) {
        std::sort(texts.begin(), texts.end());
        texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
        return error(ast_.text.span, fmt::format("no rule {} \"{}\"{}{}",
                                                 p_.action == bc::Action::Emit ? "emits" : "sends", *p_.text,
                                                 p_.destination ? " on " + *p_.destination : std::string(),
                                                 didYouMean(*p_.text, texts)));
      }
      return error(ast_.span, "no rule of the program can write this record (check the journey, rule, channel or queue)");
    }
    for (const MapEntry& e : ast_.with) {
      std::vector<std::string> keys;
      bool known = false;
      for (const bc::Rule* r : found)
        for (const bc::WithKey& k : r->with) {
          keys.push_back(k.key);
          known = known || k.key == e.key;
        }
      if (!known)
        return error(e.keySpan, keys.empty() ? fmt::format("the rules that write this record have no `with` vars")
                                             : fmt::format("the rules that write this record have no var `{}`{}", e.key,
                                                           didYouMean(e.key, keys)));
    }
    return true;
  }

  const PatternAst& ast_;
  const PatternContext& c_;
  const bc::Program& program_;
  TestDiagnostics& diagnostics_;
  Pattern p_;
};

}  // namespace

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  size_t bestDistance = 0;
  for (const std::string& c : candidates) {
    size_t d = editDistance(name, c);
    if (!best || d < bestDistance) best = &c, bestDistance = d;
  }
  if (!best || bestDistance == 0 || bestDistance > std::max<size_t>(2, name.size() / 3)) return "";
  return fmt::format(" (did you mean `{}`?)", *best);
}

std::optional<Pattern> resolvePattern(const PatternAst& ast, const PatternContext& context, TestDiagnostics& diagnostics) {
  return PatternResolver(ast, context, diagnostics).run();
}

}  // namespace onb::journeytest
