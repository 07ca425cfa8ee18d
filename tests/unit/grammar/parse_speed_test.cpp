// Parsing speed: a generated program of 10,000 rules in 100 journeys, like the rules of
// LANGUAGE.md section 1, parses well under 0.2 s in an optimised build.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

std::string tenThousandRules() {
  std::string text = readFile(ONB_SOURCE_DIR "/../shared/bench/reference.onb");
  text = text.substr(0, text.find("journey activation"));
  static const char* const kRules[] = {
      "  rule welcome_%d {\n    when signed_up\n    send email \"welcome\" with { name: user.first_name ?? \"there\" "
      "}\n  }\n",
      "  rule nudge_%d {\n    after 1d since enter\n    unless project_created\n    send email "
      "\"create-first-project\"\n  }\n",
      "  rule rescue_%d {\n    after 3d since enter\n    unless project_created\n    if user.plan != \"free\"\n"
      "    send sms \"need-a-hand\"\n  }\n",
      "  rule stuck_%d {\n    when step_failed\n    if count(step_failed within 1d) >= 3\n    limit 1 per 7d\n"
      "    handoff csm with { step: event.step, code: event.code }\n  }\n",
      "  rule pricing_%d {\n    when pricing_viewed\n    if user.plan == \"enterprise\" or count(pricing_viewed within "
      "7d) >= 2\n"
      "    once\n    handoff sales\n  }\n",
      "  rule quiet_%d {  # inactivity\n    after 3d since last any\n    unless subscribed\n    send email "
      "\"we-miss-you\"\n  }\n",
  };
  char buffer[512];
  for (int j = 0; j < 100; ++j) {
    text += "journey j" + std::to_string(j) +
            " {\n  enter when signed_up where event.source ?? \"\" != \"spam\"\n  goal project_created within 7d\n"
            "  exit after 30d\n  holdout 10%\n  quiet 21:00..08:00\n  retention app_opened\n";
    for (int r = 0; r < 100; ++r) {
      std::snprintf(buffer, sizeof buffer, kRules[r % 6], r);
      text += buffer;
    }
    text += "}\n";
  }
  return text;
}

TEST(ParseSpeed, TenThousandRules) {
  const std::string text = tenThousandRules();
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    Parsed p = parseText(text);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    ASSERT_EQ(p.errors(), 0u) << p.diagnostics().substr(0, 500);
    ASSERT_EQ(p.module.decls.size(), 114u);
  }
  std::printf("10,000 rules (%zu bytes) parsed in %.3f s\n", text.size(), best);
#ifdef NDEBUG
  EXPECT_LT(best, 0.2);
#endif
}

}  // namespace
}  // namespace onb::test
