// Names and literal text for messages and listings about a Program: shared by the
// verifier (to say what it rejects) and the disassembler. Every lookup is bounds-checked:
// an index out of range prints as "#N?", so a program that failed verification can still
// be described.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "runtime/bytecode/program.hpp"

namespace onb::bc::text {

// A duration in its largest exact unit: "7d", "90m", "250ms", "-1s", "0ms".
std::string duration(int64_t ms);
// A time as "@2025-01-01T09:00:00.000Z", or "@<ms>ms" outside years 0001-9999.
std::string time(int64_t ms);
// `s` in double quotes, with \" \\ \n \t and other control bytes escaped.
std::string quoted(std::string_view s);

std::string eventName(const Program& p, uint32_t event);  // "-" for kNone
std::string traitName(const Program& p, uint32_t trait);
std::string channelName(const Program& p, uint32_t channel);
std::string queueName(const Program& p, uint32_t queue);
std::string journeyName(const Program& p, int64_t journey);  // "(top level)" for -1
std::string ruleName(const Program& p, uint32_t rule);       // "journey.rule"
std::string fnRef(int32_t fn);                               // "fn 3", or "-" for kNoFn
std::string enumText(const Program& p, uint32_t enumIndex);  // "enum(free, pro)"
// "int", "string?", "enum(free, pro)?".
std::string typeText(const Program& p, ValueType type, uint32_t enumIndex, bool optional);
// A value of `type` from its int64/double payload: "3", "true", "7d", "2.5", "pro".
std::string scalarText(const Program& p, ValueType type, uint32_t enumIndex, int64_t i, double f);
std::string constantText(const Program& p, const Constant& k);  // "\"there\"", "7d", "2.5"
std::string pairsText(std::span<const Pair> pairs);             // "1 per 1d, 4 per 7d"
std::string_view histKindName(HistKind kind);                   // "count", "ring", ...
// What a stream holds: "step_failed", "step_failed where fn 5", "#9?".
std::string streamText(const Program& p, uint32_t stream);
// What a history slot keeps: "count(project_created)", "ring last 3 step_failed within 1d".
std::string historySlotText(const Program& p, uint32_t slot);
// "on email, sms" or "on every channel".
std::string capScopeText(const Program& p, const Cap& cap);

}  // namespace onb::bc::text
