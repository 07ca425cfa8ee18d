// The verifier: everything about a Program that must hold before any of it runs, so that
// a corrupted or hostile artifact can never make the VM or the engine read or write out
// of bounds, or reinterpret a value as the wrong type. loadArtifact runs it after
// decoding; tests run it on codegen's output.
//
// It checks, and reports the first violation as one line naming the table entry or the
// function and instruction:
// - tables: every index in range (events, traits, enums, channels, queues, caps,
//   journeys, rules, streams, history slots, functions); journeys' rule ranges contiguous
//   and in order; rules' destinations by action kind; caps and journeys naming each
//   other; a When rule's bodies parallel to its events, an After rule's single body;
//   history slots and streams naming each other; trait defaults valid for their type.
// - functions used by the tables: each `*Fn` is kNoFn or a function that returns what
//   its place needs (conditions, filters, `requires`: one bool; `with`: one value per key,
//   of the key's type) and reads only the event of its place (or none).
// - code: ranges inside `code` and disjoint, `lines` parallel, operands valid for the
//   instruction's format (opcodes.def), history slots of the kind the instruction reads,
//   jumps strictly forward inside the function, a `ret` at the end with the function's
//   result count; and a typed dataflow pass: every register read was written on every
//   path, with the machine type the instruction needs (int-like, float or string).
// - state layout: every slot 8-aligned, inside the block, disjoint from every other.
// - constants: types valid, strings inside the pool.
//
// What it cannot know (the runtime checks it): values. An enum register may hold any
// int64 (LoadInt), so whoever maps an enum value to a member name bounds-checks it; a
// missing optional may reach any instruction (its payload is zero).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/bytecode/program.hpp"

namespace onb::bc {

// Limits of a verified program (artifact.hpp lists them too).
inline constexpr uint32_t kMaxRingSize = 1024;        // a history ring's k, a limit's or a cap's ring
inline constexpr uint32_t kMaxStateBytes = 1u << 20;  // bytes per user
inline constexpr uint32_t kMaxRegisters = 65535;      // Program::maxRegisters
// Bound on the dataflow pass's work and memory: the sum over functions of
// registerCount * (1 + number of jump instructions). Codegen output is far below it.
inline constexpr uint64_t kMaxVerifyCost = uint64_t{1} << 24;

// nullopt when `program` is valid; otherwise what is wrong, e.g.
// "fn 3 insn 0004 (concat): r1 is int, concat needs string".
std::optional<std::string> verifyProgram(const Program& program);

}  // namespace onb::bc
