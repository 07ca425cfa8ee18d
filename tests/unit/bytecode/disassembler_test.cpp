// The disassembler: the sample program's listing matches its golden file, which can be
// regenerated with ONB_UPDATE_GOLDEN=1 and reviewed in the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "runtime/bytecode/disassembler.hpp"
#include "sample_program.hpp"

namespace onb::bc::testing {
namespace {

const char* const kGolden = ONB_SOURCE_DIR "/tests/unit/bytecode/sample_program.disasm";

std::string readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(Disassembler, MatchesTheGoldenListing) {
  std::string listing = disassemble(sampleProgram());
  if (const char* update = std::getenv("ONB_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(kGolden, std::ios::binary) << listing;
    GTEST_SKIP() << "wrote " << kGolden;
  }
  EXPECT_EQ(listing, readFile(kGolden)) << "regenerate with ONB_UPDATE_GOLDEN=1 and review the diff";
}

// The sample is the listing's test bed: it must keep using every opcode and format.
TEST(Disassembler, SampleUsesEveryOpcodeAndFormat) {
  Program p = sampleProgram();
  std::set<Op> ops;
  std::set<OpFormat> formats;
  for (const Insn& x : p.code) {
    ops.insert(x.op);
    formats.insert(opInfo(x.op).format);
  }
  for (size_t op = 0; op < static_cast<size_t>(Op::kCount); ++op)
    EXPECT_TRUE(ops.count(static_cast<Op>(op))) << "the sample does not use " << opInfo(static_cast<Op>(op)).mnemonic;
  EXPECT_EQ(formats.size(), static_cast<size_t>(OpFormat::RET) + 1);
}

TEST(Disassembler, ListsFunctionsWithTheirRolesAndOperands) {
  std::string listing = disassemble(sampleProgram());
  EXPECT_NE(listing.find("fn 6 (rule activation.welcome, with, no event, 2 regs, 1 result)"), std::string::npos);
  EXPECT_NE(listing.find("load.k             r1, k0 (\"there\")"), std::string::npos);
  EXPECT_NE(listing.find("jump.present       r0, -> 0004"), std::string::npos);
  EXPECT_NE(listing.find("hist.atleast       r0, h1 (ring last 3 step_failed within 1d)"), std::string::npos);
  EXPECT_NE(listing.find("call               r1, lower(r0)"), std::string::npos);
  EXPECT_NE(listing.find("event              r0, event.step"), std::string::npos);
  EXPECT_NE(listing.find("trait              r0, user.plan"), std::string::npos);
}

TEST(Disassembler, DescribesEveryStateSlot) {
  std::string listing = disassemble(sampleProgram());
  for (const char* slot : {"trait plan", "history count(project_created)", "history ring last 3 step_failed within 1d",
                           "journey activation state", "rule activation.stuck limit ring[1]",
                           "rule activation.pricing_intent once flag", "rule activation.first_open_followup armed flag",
                           "cap 0 on email, sms ring[4]", "filter errors of step_failed where fn 2"})
    EXPECT_NE(listing.find(slot), std::string::npos) << slot;
}

TEST(Disassembler, ShowsConstantsWithTheirTypes) {
  Program p;
  for (double f : {2.0, 0.1, -1e300}) {
    Constant k;
    k.type = ValueType::Float;
    k.f = f;
    p.constants.push_back(k);
  }
  Constant ms;
  ms.type = ValueType::Duration;
  ms.i = 90'000;
  p.constants.push_back(ms);
  std::string listing = disassemble(p);
  EXPECT_NE(listing.find("k0    float     2.0\n"), std::string::npos) << listing;
  EXPECT_NE(listing.find("k1    float     0.1\n"), std::string::npos);
  EXPECT_NE(listing.find("k2    float     -1e+300\n"), std::string::npos);
  EXPECT_NE(listing.find("k3    duration  90s\n"), std::string::npos);
}

// A program that fails verification can still be listed (indexes print as #N?).
TEST(Disassembler, ListsAnInvalidProgramWithoutCrashing) {
  Program p = sampleProgram();
  for (Insn& x : p.code) {
    x.b = 999;
    x.c = 999;
  }
  p.rules[0].journey = 7;
  p.rules[0].destination = 99;
  p.historySlots[0].stream = 42;
  p.functions[0].codeEnd = 100000;
  p.lines.clear();
  std::string listing = disassemble(p);
  EXPECT_NE(listing.find("#999?"), std::string::npos);
  EXPECT_NE(listing.find("stream#42?"), std::string::npos);
}

}  // namespace
}  // namespace onb::bc::testing
