// Large, realistic onb programs for the `onb check` benchmark: one schema and journeys of
// 100 rules each, in files of 10 journeys, with the rule shapes onboarding teams write
// (event and timer triggers, `where` filters, conditions over history built-ins, limits,
// `with` maps). Deterministic: the same arguments give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace onb::bench {

inline constexpr uint32_t kRulesPerJourney = 100;
inline constexpr uint32_t kJourneysPerFile = 10;

struct GeneratedProgram {
  std::string root;                // path of the file to check
  std::vector<std::string> files;  // every file written (the root last)
  uint32_t journeys = 0;
  uint32_t rules = 0;
  uint64_t bytes = 0;
};

// Writes into `dir` (which must exist) a program of `rules` rules (rounded up to whole
// journeys): schema.onb, journeys_NNN.onb (10 journeys each) and program_<rules>.onb,
// which imports them. Journey i is the same text in every size. Throws
// std::runtime_error when a file cannot be written.
GeneratedProgram generateProgram(const std::string& dir, uint32_t rules);

// The text of journey `index` (100 rules), as generateProgram writes it.
std::string journeyText(uint32_t index);

// The schema every journey uses.
std::string schemaText();

}  // namespace onb::bench
