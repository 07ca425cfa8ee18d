#include "program_generator.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace onb::bench {

namespace {

constexpr uint32_t kEvents = 40;

// A small deterministic generator (splitmix64): the program must not depend on the
// standard library's distributions.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }

 private:
  uint64_t state_;
};

std::string event(uint32_t i) { return fmt::format("e{:02}", i % kEvents); }

void writeFile(const std::string& path, const std::string& text, GeneratedProgram& out) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) throw std::runtime_error("cannot write " + path);
  out.files.push_back(path);
  out.bytes += text.size();
}

// One rule of journey `j`: a trigger, zero to three conditions, maybe a limit, an action.
std::string ruleText(uint32_t j, uint32_t r, Random& random) {
  std::string text = fmt::format("  rule r{:03} {{\n", r);
  const std::string a = event(random.below(kEvents)), b = event(random.below(kEvents));
  bool timer = false;
  switch (random.below(6)) {
    case 0:
      text += fmt::format("    when {}\n", a);
      break;
    case 1:
      text += fmt::format("    when {} where event.source != \"spam\" and event.value > {}\n", a, random.below(100));
      break;
    case 2:
      text += fmt::format("    when {} | {}\n", a, b);
      break;
    case 3:
      text += fmt::format("    after {}d since enter\n", 1 + random.below(20));
      timer = true;
      break;
    case 4:
      text += fmt::format("    after {}h since first {}\n", 1 + random.below(48), a);
      timer = true;
      break;
    default:
      text += fmt::format("    after {}d since last any\n", 2 + random.below(10));
      timer = true;
      break;
  }
  if (timer) text += fmt::format("    unless {} within {}d\n", b, 1 + random.below(14));
  switch (random.below(5)) {
    case 0:
      text += fmt::format("    if count({} within 7d) >= {}\n", b, 1 + random.below(5));
      break;
    case 1:
      text += fmt::format("    if user.plan == \"pro\" or user.seats > {}\n", random.below(50));
      break;
    case 2:
      text += fmt::format("    if count(({} where event.value >= {}) within 1d) >= 2 and not {}\n", a, random.below(10),
                          event(random.below(kEvents)));
      break;
    case 3:
      text += fmt::format("    if (since({}) ?? 30d) > 2d and len(user.first_name ?? \"\") > 0\n", b);
      break;
    default:
      break;
  }
  if (random.below(3) == 0) text += "    unless user.plan in [\"enterprise\"]\n";
  switch (random.below(4)) {
    case 0:
      text += fmt::format("    limit 1 per {}d\n", 1 + random.below(7));
      break;
    case 1:
      text += "    once\n";
      break;
    default:
      break;
  }
  switch (random.below(5)) {
    case 0:
      text += fmt::format("    handoff csm with {{ journey: \"j{:03}\", company: user.company ?? \"unknown\" }}\n", j);
      break;
    case 1:
      text += fmt::format("    emit \"signal-{:03}-{:03}\"\n", j, r);
      break;
    default:
      text += fmt::format(
          "    send {} \"j{:03}-r{:03}\" with {{ name: user.first_name ?? \"there\", plan: user.plan, seen: "
          "count({}) }}\n",
          random.below(4) == 0 ? "in_app" : "email", j, r, a);
      break;
  }
  text += "  }\n";
  return text;
}

}  // namespace

std::string schemaText() {
  std::string text =
      "# Generated schema for the `onb check` benchmark.\n"
      "user {\n"
      "  first_name: string?\n"
      "  company: string?\n"
      "  plan: enum(free, trial, pro, enterprise) = free\n"
      "  seats: int = 1\n"
      "  email_consent: bool = false\n"
      "  timezone: string = \"UTC\"\n"
      "}\n\n";
  for (uint32_t i = 0; i < kEvents; ++i)
    text += fmt::format("event {} \"Event {}\" {{ source: string?, value: int }}\n", event(i), i);
  text +=
      "\nchannel email requires user.email_consent\n"
      "channel in_app requires true\n\n"
      "queue csm\n\n"
      "cap on email 1 per 1d, 4 per 7d\n";
  return text;
}

std::string journeyText(uint32_t j) {
  Random random(0x6F6E62ull * 1000003 + j);
  std::string text = fmt::format(
      "# onb:allow too-many-messages -- a generated journey\n"
      "journey j{:03} {{\n"
      "  enter when {}\n"
      "  goal {} within {}d\n"
      "  exit after 60d\n"
      "  holdout {}%\n"
      "  quiet 21:00..08:00\n"
      "  retention {}\n",
      j, event(j), event(j + 1), 7 + j % 14, j % 20, event(j + 2));
  for (uint32_t r = 0; r < kRulesPerJourney; ++r) {
    text += '\n';
    text += ruleText(j, r, random);
  }
  text += "}\n";
  return text;
}

GeneratedProgram generateProgram(const std::string& dir, uint32_t rules) {
  GeneratedProgram out;
  out.journeys = (rules + kRulesPerJourney - 1) / kRulesPerJourney;
  out.rules = out.journeys * kRulesPerJourney;
  writeFile(dir + "/schema.onb", schemaText(), out);
  std::string root = "# Generated: " + std::to_string(out.rules) + " rules.\nimport \"schema.onb\"\n";
  for (uint32_t first = 0; first < out.journeys; first += kJourneysPerFile) {
    const std::string name = fmt::format("journeys_{:03}.onb", first / kJourneysPerFile);
    std::string text;
    for (uint32_t j = first; j < std::min(out.journeys, first + kJourneysPerFile); ++j) {
      if (j > first) text += '\n';
      text += journeyText(j);
    }
    writeFile(dir + "/" + name, text, out);
    root += "import \"" + name + "\"\n";
  }
  out.root = dir + "/program_" + std::to_string(out.rules) + ".onb";
  writeFile(out.root, root, out);
  return out;
}

}  // namespace onb::bench
