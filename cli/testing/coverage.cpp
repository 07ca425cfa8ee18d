#include "cli/testing/coverage.hpp"

#include <filesystem>
#include <set>

namespace onb::journeytest {

namespace {

std::string ruleKey(std::string_view journey, std::string_view rule) {
  return std::string(journey) + '\0' + std::string(rule);
}

}  // namespace

size_t Coverage::addProgram(const Compilation& c) {
  namespace fs = std::filesystem;
  std::map<std::string, size_t> local;
  for (const sema::JourneyInfo& j : c.checked.journeys) {
    for (const sema::RuleInfo& r : j.rules) {
      const SourceFile& file = c.sources->file(r.span.file);
      std::error_code ec;
      fs::path canonical = fs::weakly_canonical(file.path(), ec);
      if (ec) canonical = fs::path(file.path()).lexically_normal();
      const std::string key = canonical.string() + '\0' + ruleKey(j.name, r.name);
      auto [it, added] = byKey_.emplace(key, rules_.size());
      if (added) {
        RuleCoverage rc;
        rc.journey = j.name;
        rc.rule = r.name;
        // Relative to the working directory when the file is below it, else absolute.
        fs::path shown = fs::proximate(canonical, ec);
        const bool below = !ec && !shown.empty() && *shown.begin() != "..";
        rc.file = below ? shown.string() : canonical.string();
        rc.line = file.line(r.span.begin);
        rules_.push_back(std::move(rc));
      }
      local[ruleKey(j.name, r.name)] = it->second;
    }
  }
  programs_.push_back(std::move(local));
  return programs_.size() - 1;
}

void Coverage::addTest(size_t program, const std::vector<ActualRecord>& records) {
  using RK = engine::RecordKind;
  // Each test counts once per rule and column, however many records it wrote.
  std::set<std::pair<size_t, RK>> seen;
  for (const ActualRecord& r : records) {
    auto it = programs_[program].find(ruleKey(r.journey, r.rule));
    if (it == programs_[program].end()) continue;  // enter/goal/exit errors name no rule
    if (!seen.insert({it->second, r.kind}).second) continue;
    RuleCoverage& rc = rules_[it->second];
    switch (r.kind) {
      case RK::Send:
      case RK::Handoff:
      case RK::Emit: ++rc.fired; break;
      case RK::Suppressed: ++rc.suppressed; break;
      case RK::Deferred: ++rc.deferred; break;
      case RK::Skip: ++rc.skipped; break;
      case RK::Error: ++rc.errors; break;
      case RK::Enter:
      case RK::Goal:
      case RK::Exit: break;
    }
  }
}

size_t Coverage::neverFired() const {
  size_t n = 0;
  for (const RuleCoverage& r : rules_) n += r.fired == 0;
  return n;
}

}  // namespace onb::journeytest
