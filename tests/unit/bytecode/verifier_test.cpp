// The verifier: it accepts the sample program, and each targeted corruption is refused
// with a message naming what is wrong.
#include <gtest/gtest.h>

#include <functional>

#include <fmt/format.h>

#include "runtime/bytecode/verifier.hpp"
#include "sample_program.hpp"
#include "stdlib/builtins.hpp"

namespace onb::bc::testing {
namespace {

// The verifier's message for the sample program after `mutate`, or "" when it passes.
std::string rejection(const std::function<void(Program&)>& mutate) {
  Program p = sampleProgram();
  mutate(p);
  return verifyProgram(p).value_or("");
}

#define EXPECT_REJECTED(mutation, expected) EXPECT_EQ(rejection([](Program& p) { mutation; }), expected)

TEST(Verifier, AcceptsTheSample) { EXPECT_EQ(verifyProgram(sampleProgram()), std::nullopt); }

TEST(Verifier, AcceptsAnEmptyProgram) { EXPECT_EQ(verifyProgram(Program{}), std::nullopt); }

// ---- instructions -----------------------------------------------------------------------

TEST(Verifier, RefusesRegistersOutOfRange) {
  EXPECT_REJECTED(insnOf(p, kStuckWith, 1).a = 2,
                  "fn 10 insn 0001 (event): register a = 2 out of range (fn has 2 registers)");
  EXPECT_REJECTED(insnOf(p, kPlanNotFree, 2).c = 3,
                  "fn 8 insn 0002 (ne.i): register c = 3 out of range (fn has 3 registers)");
  EXPECT_REJECTED(insnOf(p, kPlanNotFree, 2).c = -1,
                  "fn 8 insn 0002 (ne.i): register c = -1 out of range (fn has 3 registers)");
  EXPECT_REJECTED(insnOf(p, kStuckWith, 2).a = 1,
                  "fn 10 insn 0002 (ret): results r1..r3 out of range (fn has 2 registers)");
  // A builtin's arguments are registers b .. b+arity-1.
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 54).b = 33,
                  "fn 15 insn 0054 (call): register b = 34 out of range (fn has 34 registers)");
}

TEST(Verifier, RefusesBadOperands) {
  EXPECT_REJECTED(insnOf(p, kWelcomeWith, 2).c = 99,
                  "fn 6 insn 0002 (load.k): constant k99 out of range (10 constants)");
  EXPECT_REJECTED(insnOf(p, kEmailRequires, 0).b = 7, "fn 0 insn 0000 (trait): trait 7 out of range (7 traits)");
  EXPECT_REJECTED(insnOf(p, kEmailRequires, 0).b = 6,
                  "fn 0 insn 0000 (trait): trait birthday has no slot in the state layout");
  EXPECT_REJECTED(insnOf(p, kStuckWith, 1).b = 2,
                  "fn 10 insn 0001 (event): property 2 out of range (event step_failed has 2)");
  EXPECT_REJECTED(p.functions[kStuckWith].event = kNone; p.rules[kStuck].bodies[0].withFn = kStuckWith,
                                                         "fn 10 insn 0000 (event): the fn has no event to read");
  EXPECT_REJECTED(insnOf(p, kUnlessProject, 0).b = 7,
                  "fn 7 insn 0000 (hist.ever): history slot h7 out of range (7 slots)");
  EXPECT_REJECTED(insnOf(p, kBillingFilter, 1).c = static_cast<int32_t>(stdlib::Overload::kCount),
                  "fn 2 insn 0001 (call): builtin overload 17 out of range (17 overloads)");
  EXPECT_REJECTED(insnOf(p, kEmailRequires, 0).op = Op::kCount,
                  fmt::format("fn 0 insn 0000: invalid opcode {}", static_cast<int>(Op::kCount)));
}

TEST(Verifier, RefusesHistorySlotsOfTheWrongKind) {
  EXPECT_REJECTED(insnOf(p, kStuckCondition, 0).b = 0,
                  "fn 9 insn 0000 (hist.atleast): history slot h0 is a count slot, hist.atleast needs a ring slot");
  EXPECT_REJECTED(insnOf(p, kPricingCondition, 5).b = 1,
                  "fn 11 insn 0005 (hist.count.within): history slot h1 is a ring slot, hist.count.within needs a "
                  "log slot");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 1).b = 5,
                  "fn 15 insn 0001 (hist.first): history slot h5 is a last slot, hist.first needs a first slot");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 0).b = 4,
                  "fn 15 insn 0000 (hist.since): history slot h4 is a first slot, hist.since needs a last slot");
  EXPECT_REJECTED(insnOf(p, kUnlessSubscribed, 0).b = 5,
                  "fn 13 insn 0000 (hist.count): history slot h5 is a last slot, hist.count needs a count slot");
}

TEST(Verifier, RefusesBackwardAndOutOfRangeJumps) {
  EXPECT_REJECTED(insnOf(p, kWelcomeWith, 3).c = 1,
                  "fn 6 insn 0003 (jump): jump target 1 is not after the jump and inside the fn (0..5)");
  EXPECT_REJECTED(insnOf(p, kWelcomeWith, 3).c = 3,
                  "fn 6 insn 0003 (jump): jump target 3 is not after the jump and inside the fn (0..5)");
  EXPECT_REJECTED(insnOf(p, kWelcomeWith, 1).c = 6,
                  "fn 6 insn 0001 (jump.present): jump target 6 is not after the jump and inside the fn (0..5)");
}

TEST(Verifier, RefusesFallingOffTheEnd) {
  EXPECT_REJECTED(insnOf(p, kEmailRequires, 1) = insn(Op::LoadNow, 0),
                  "fn 0: falls off its end (last insn 0001 is now, not ret)");
  EXPECT_REJECTED(p.functions[kEmailRequires].codeEnd = p.functions[kEmailRequires].codeBegin,
                  fmt::format("fn 0: code [0, 0) is empty or outside the {} instructions", sampleProgram().code.size()));
}

TEST(Verifier, RefusesAWrongResultCount) {
  EXPECT_REJECTED(insnOf(p, kStuckWith, 2).b = 1, "fn 10 insn 0002 (ret): returns 1 values, the fn returns 2");
}

// ---- dataflow ---------------------------------------------------------------------------

TEST(Verifier, RefusesTypeConfusion) {
  // concat r6, r21, r29 where r21 holds hist.count's int.
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 23).b = 21, "fn 15 insn 0023 (concat): r21 is int, concat needs string");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 15).c = 22, "fn 15 insn 0015 (add.f): r22 is int, add.f needs float");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 26).b = 25, "fn 15 insn 0026 (eq.i): r25 is float, eq.i needs int");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 20).b = 23, "fn 15 insn 0020 (neg.f): r23 is int, neg.f needs float");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 38).c = 27, "fn 15 insn 0038 (eq.s): r27 is float, eq.s needs string");
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 45).a = 28,
                  "fn 15 insn 0045 (jump.false): r28 is string, jump.false needs int");
  EXPECT_REJECTED(insnOf(p, kPricingOpenedWhere, 0).c = 0,
                  "fn 12 insn 0001 (hist.within): r0 is string, hist.within needs int");
  // len(string) given an int.
  EXPECT_REJECTED(insnOf(p, kKitchenSinkWith, 55).b = 21, "fn 15 insn 0055 (call): r21 is int, call needs string");
  // The schema types the loads: `plan` is an enum (int), `step` a string.
  EXPECT_REJECTED(insnOf(p, kBillingFilter, 0).b = 1, "fn 2 insn 0001 (call): r0 is int, call needs string");
}

TEST(Verifier, RefusesReadsBeforeWrites) {
  EXPECT_REJECTED(insnOf(p, kPlanNotFree, 2).b = 2, "fn 8 insn 0002 (ne.i): r2 may be read before it is written");
  // r4 is written only on the path that does not jump.
  EXPECT_REJECTED(insnOf(p, kPricingCondition, 8).a = 4, "fn 11 insn 0008 (ret): r4 may be read before it is written");
}

TEST(Verifier, RefusesRegistersOfDifferentTypesAtAJoin) {
  // r1 is a string on one path and a duration on the other.
  EXPECT_REJECTED(insnOf(p, kWelcomeWith, 2).c = 1,
                  "fn 6 insn 0005 (ret): r1 holds different types on different paths");
}

TEST(Verifier, AcceptsMissingWhereverAValueFits) {
  Program p = sampleProgram();
  // Replace the `"there"` load by load.none: a missing value joins a string.
  insnOf(p, kWelcomeWith, 2) = insn(Op::LoadMissing, 1);
  EXPECT_EQ(verifyProgram(p), std::nullopt);
}

TEST(Verifier, IgnoresUnreachableCode) {
  Program p = sampleProgram();
  // Skipped by the jump: reads an unwritten register, but never runs.
  insnOf(p, kWelcomeWith, 4) = insn(Op::Move, 1, 1);
  insnOf(p, kWelcomeWith, 1) = insn(Op::Jump, 0, 0, 2);
  insnOf(p, kWelcomeWith, 3) = insn(Op::Ret, 1, 1);
  EXPECT_EQ(verifyProgram(p), std::nullopt);
}

TEST(Verifier, BoundsTheCostOfTheDataflowPass) {
  Program p = sampleProgram();
  std::vector<Insn> code;
  for (int i = 0; i < 300; ++i) code.push_back(insn(Op::Jump, 0, 0, 300));
  code.push_back(insn(Op::Ret, 0, 0));
  Function f{static_cast<uint32_t>(p.code.size()), static_cast<uint32_t>(p.code.size() + code.size()), 65535, 0};
  for (const Insn& x : code) {
    p.code.push_back(x);
    p.lines.push_back(1);
  }
  p.functions.push_back(f);
  p.maxRegisters = 65535;
  EXPECT_EQ(verifyProgram(p).value_or(""),
            fmt::format("fn {}: verification cost exceeds the limit (registers x jumps summed over fns > 16777216)",
                        p.functions.size() - 1));
}

// ---- functions and their places ---------------------------------------------------------

TEST(Verifier, RefusesBadFunctionReferences) {
  EXPECT_REJECTED(p.rules[kWelcome].bodies[0].withFn = 99,
                  "rule activation.welcome body 0 with: function 99 out of range (20 functions)");
  EXPECT_REJECTED(p.channels[0].requiresFn = -2, "channel email requires: function -2 out of range (20 functions)");
  EXPECT_REJECTED(p.rules[kStuck].bodies[0].conditionFns[0] = kNoFn,
                  "rule activation.stuck body 0 condition 0: no function");
  EXPECT_REJECTED(p.rules[kStuck].bodies[0].withFn = kNoFn, "rule activation.stuck body 0 with: no function");
}

TEST(Verifier, RefusesFunctionsThatDoNotFitTheirPlace) {
  EXPECT_REJECTED(p.rules[kWelcome].bodies[0].withFn = kStuckWith,
                  "rule activation.welcome body 0 with: fn 10 returns 2 values, 1 expected");
  EXPECT_REJECTED(p.rules[kStuck].with[1].type = ValueType::String,
                  "rule activation.stuck body 0 with: fn 10 result 1 is int, string expected");
  EXPECT_REJECTED(p.channels[0].requiresFn = kWelcomeWith,
                  "channel email requires: fn 6 result 0 is string, int expected");
  EXPECT_REJECTED(p.rules[kWelcome].bodies[0].whereFn = kSubscribedWhere,
                  "rule activation.welcome body 0 where: fn 16 reads event subscribed but runs on event signed_up");
  EXPECT_REJECTED(p.rules[kGoneQuiet].bodies[0].conditionFns[0] = kSubscribedWhere,
                  "rule activation.gone_quiet body 0 condition 0: fn 16 reads event subscribed but runs on no event");
}

TEST(Verifier, RefusesBadCodeRanges) {
  EXPECT_REJECTED(p.functions[1].codeBegin = 1, "fn 1 code [1, 4) overlaps fn 0 code [0, 2)");
  EXPECT_REJECTED(p.functions[19].codeEnd = 148, "fn 19: code [140, 148) is empty or outside the 147 instructions");
  EXPECT_REJECTED(p.lines.pop_back(), "146 line entries for 147 instructions");
  EXPECT_REJECTED(p.maxRegisters = 9, "fn 15: 34 registers, more than maxRegisters 9");
  EXPECT_REJECTED(p.maxRegisters = 70000, "maxRegisters 70000 exceeds the limit of 65535");
  EXPECT_REJECTED(p.functions[3].file = 1, "fn 3: file 1 out of range (1 files)");
}

// ---- tables -----------------------------------------------------------------------------

TEST(Verifier, RefusesBadJourneyRuleRanges) {
  EXPECT_REJECTED(p.journeys[1].ruleBegin = 7,
                  "journey upgrade: rules [7, 9) are not the next range of the 9 rules (expected to start at 8)");
  EXPECT_REJECTED(p.journeys[1].ruleEnd = 8, "rules [8, 9) belong to no journey");
  EXPECT_REJECTED(p.rules[kThanks].journey = 0, "rule 8 (thanks): names journey activation, whose rules are [0, 8)");
  EXPECT_REJECTED(p.rules[kThanks].journey = 2, "rule 8 (thanks): journey 2 out of range (2 journeys)");
}

TEST(Verifier, RefusesBadDestinations) {
  EXPECT_REJECTED(p.rules[kStuck].destination = 2, "rule activation.stuck: handoff to queue 2 out of range (2 queues)");
  EXPECT_REJECTED(p.rules[kWelcome].destination = 3,
                  "rule activation.welcome: send to channel 3 out of range (3 channels)");
  EXPECT_REJECTED(p.rules[kSubscribedEmit].destination = 0,
                  "rule activation.subscribed_emit: an emit has no destination");
  EXPECT_REJECTED(p.rules[kStuck].action = Action::Send;
                  p.rules[kStuck].destination = 3,
                  "rule activation.stuck: send to channel 3 out of range (3 channels)");
}

TEST(Verifier, RefusesBadRuleShapes) {
  EXPECT_REJECTED(p.rules[kPricingIntent].bodies.pop_back(),
                  "rule activation.pricing_intent: 1 bodies for 2 when events");
  EXPECT_REJECTED(p.rules[kPricingIntent].bodies[1].event = 3,
                  "rule activation.pricing_intent: body 1 is for event pricing_viewed, its when event is app_opened");
  EXPECT_REJECTED(p.rules[kStuck].whenEvents[0] = 6, "rule activation.stuck when: event 6 out of range (6 events)");
  EXPECT_REJECTED(p.rules[kStuck].bodies[0].conditionFns.clear(),
                  "rule activation.stuck body 0: 0 condition fns for 1 conditions");
  EXPECT_REJECTED(p.rules[kFirstOpenFollowup].anchorWhereFn.pop_back(),
                  "rule activation.first_open_followup: 5 anchor filters for 6 events");
  EXPECT_REJECTED(p.rules[kFirstOpenFollowup].anchorWhereFn[2] = kAnchorWhere;
                  p.functions[kAnchorWhere].event = 1,
                  "rule activation.first_open_followup anchor where (project_created): fn 14 reads event app_opened "
                  "but runs on event project_created");
  EXPECT_REJECTED(p.rules[kFirstOpenFollowup].armedOffset = kNone,
                  "rule activation.first_open_followup: a first anchor needs an armed flag slot");
  EXPECT_REJECTED(p.rules[kGoneQuiet].timerOffset = kNone,
                  "rule activation.gone_quiet: an after rule needs a timer slot");
  EXPECT_REJECTED(p.rules[kPricingIntent].limits.push_back((Pair{1, 1})),
                  "rule activation.pricing_intent: both once and limit");
  EXPECT_REJECTED(p.rules[kStuck].limits[0].count = 2, "rule activation.stuck limit: 2 per window but a ring of 1");
  EXPECT_REJECTED(p.rules[kWelcome].with[0].type = ValueType::Enum;
                  p.rules[kWelcome].with[0].enumIndex = 1,
                  "rule activation.welcome: with key name: enum index 1 out of range (1 enums)");
}

TEST(Verifier, RefusesBadJourneysAndCaps) {
  EXPECT_REJECTED(p.journeys[0].caps.clear(), "cap 1: journey activation does not list it");
  EXPECT_REJECTED(p.journeys[1].caps = {0}, "journey upgrade: lists cap 0, which belongs to (top level)");
  EXPECT_REJECTED(p.caps[0].channels.push_back(3), "cap 0: channel 3 out of range (3 channels)");
  EXPECT_REJECTED(p.caps[0].ringSize = 3, "cap 0: 4 per window but a ring of 3");
  EXPECT_REJECTED(p.caps[0].ringSize = 1025, "cap 0: ring of 1025 entries (must be 1..1024)");
  EXPECT_REJECTED(p.caps[1].ringSize = 0; p.caps[1].pairs[0].count = 0, "cap 1: ring of 0 entries (must be 1..1024)");
  EXPECT_REJECTED(p.journeys[0].holdoutHundredths = 10001,
                  "journey activation: holdout 10001 hundredths of a percent (at most 10000)");
  EXPECT_REJECTED(p.journeys[0].quietEnd = 1440, "journey activation: quiet hours 1260..1440 are not minutes of a day");
  EXPECT_REJECTED(p.journeys[0].goalEvent = 6, "journey activation goal: event 6 out of range (6 events)");
  EXPECT_REJECTED(p.journeys[0].enterIfFn = kGoalWhere,
                  "journey activation enter if: fn 4 reads event project_created but runs on event signed_up");
  EXPECT_REJECTED(p.layout.traitOffset[4] = kNone,
                  "journey activation: quiet hours read the timezone trait, which has no slot");
}

TEST(Verifier, RefusesBadHistoryTables) {
  EXPECT_REJECTED(p.historySlots[1].k = 0, "history slot h1: ring of 0 entries (must be 1..1024)");
  EXPECT_REJECTED(p.historySlots[1].k = 1025, "history slot h1: ring of 1025 entries (must be 1..1024)");
  EXPECT_REJECTED(p.historySlots[0].stream = 1, "stream 0: lists history slot h0, which belongs to stream 1");
  EXPECT_REJECTED(p.streams[0].slots.clear(), "history slot h0 is not listed by its stream 0");
  EXPECT_REJECTED(p.streams[3].errorOffset = kNone, "stream 3: a filtered stream needs an error slot");
  EXPECT_REJECTED(p.streams[3].filterFn = kStuckWith, "stream 3 filter: fn 10 returns 2 values, 1 expected");
  EXPECT_REJECTED(p.streams[3].filterFn = kSubscribedWhere,
                  "stream 3 filter: fn 16 reads event subscribed but runs on event step_failed");
}

// ---- schema and constants ---------------------------------------------------------------

TEST(Verifier, RefusesBadSchemaAndConstants) {
  EXPECT_REJECTED(p.schema.traits[1].defaultValue.i = 3, "trait plan: enum default 3 out of range (3 members)");
  EXPECT_REJECTED(p.schema.events[5].properties[1].enumIndex = 1,
                  "event subscribed property tier: enum index 1 out of range (1 enums)");
  EXPECT_REJECTED(p.schema.timezoneTrait = 1, "schema: timezone trait plan is not a string");
  EXPECT_REJECTED(p.constants[0].stringLength = 100, "constant k0: string [0, 100) outside the 13-byte string pool");
  EXPECT_REJECTED(p.constants[7].i = 2, "constant k7: bool 2 is not 0 or 1");
  EXPECT_REJECTED(p.layout.traitOffset.pop_back(), "layout: 6 trait offsets for 7 traits");
}

// ---- state layout -----------------------------------------------------------------------

TEST(Verifier, RefusesOverlappingSlots) {
  EXPECT_REJECTED(p.rules[kGoneQuiet].timerOffset = p.layout.traitOffset[1],
                  "layout: rule activation.gone_quiet timer at [16, 48) overlaps trait plan at [16, 32)");
  EXPECT_REJECTED(p.historySlots[1].offset = 8,
                  "layout: history ring last 3 step_failed within 1d at [8, 40) overlaps trait first_name at [0, 16)");
}

// Streams filtered at query time: they keep an event log and no slots, are queried only by
// the filter.* instructions, and their filters must not query their way back to themselves
// (the VM would recurse without end).
TEST(Verifier, RefusesBadQueryTimeStreams) {
  EXPECT_REJECTED(p.streams[6].logOffset = kNone, "stream 6: a stream filtered at query time needs an event log");
  EXPECT_REJECTED(p.streams[6].filterFn = kNoFn, "stream 6: a stream filtered at query time needs a filter");
  EXPECT_REJECTED(p.streams[6].slots.push_back(0), "stream 6: a stream filtered at query time keeps no slots");
  EXPECT_REJECTED(p.streams[0].logOffset = 8, "stream 0: only streams filtered at query time keep an event log");
  EXPECT_REJECTED(insnOf(p, kThanksCondition, 0).b = 3,
                  "fn 19 insn 0000 (filter.count): stream 3 is filtered when events arrive; filter.count needs a "
                  "stream filtered at query time");
  EXPECT_REJECTED(insnOf(p, kLateFailureFilter, 1) = insn(Op::FilterCount, 1, 6),
                  "stream 6: its filter queries stream 6, which leads back to it");
}

TEST(Verifier, RefusesSlotsOutsideTheBlockOrMisaligned) {
  EXPECT_REJECTED(p.historySlots[0].offset += 4,
                  "layout: history count(project_created) at offset 100 is not 8-aligned");
  EXPECT_REJECTED(p.layout.size -= 8,
                  "layout: cap 1 (journey activation) on in_app ring[2] at [464, 488) is outside the 480-byte block");
  EXPECT_REJECTED(p.layout.size += 4, "layout: 492 bytes per user is not a multiple of 8");
  EXPECT_REJECTED(p.layout.size = kMaxStateBytes + 8, "layout: 1048584 bytes per user exceeds the limit of 1048576");
  EXPECT_REJECTED(p.journeys[1].stateOffset = kNone, "layout: journey upgrade state has no offset");
}

}  // namespace
}  // namespace onb::bc::testing
