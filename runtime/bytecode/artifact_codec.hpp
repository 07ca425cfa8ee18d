// Internal to the artifact: the field order of every section, written once and used in
// both directions. `io` is an ArtifactWriter (fields are `const`, values are written) or
// an ArtifactReader (fields are assigned from the bytes); artifact.hpp describes the
// result in prose. A reader that has failed keeps returning zeros and empty lists, so the
// codec needs no error checks of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "runtime/bytecode/program.hpp"

namespace onb::bc::codec {

enum class SectionTag : uint8_t {
#define SECTION(Name, Tag, Text) Name = Tag,
#include "runtime/bytecode/artifact_sections.def"
#undef SECTION
};

inline constexpr SectionTag kSectionOrder[] = {
#define SECTION(Name, Tag, Text) SectionTag::Name,
#include "runtime/bytecode/artifact_sections.def"
#undef SECTION
};

inline const char* sectionName(SectionTag tag) {
  switch (tag) {
#define SECTION(Name, Tag, Text) \
  case SectionTag::Name:         \
    return Text;
#include "runtime/bytecode/artifact_sections.def"
#undef SECTION
  }
  return "?";
}

// Enumerator counts: a decoded enum byte must be below these. They name the last
// enumerator so that appending one without updating this file is caught in review (the
// loader would then refuse the new value, never misread it).
inline constexpr uint8_t kValueTypes = static_cast<uint8_t>(ValueType::Enum) + 1;
inline constexpr uint8_t kHistKinds = static_cast<uint8_t>(HistKind::Log) + 1;
inline constexpr uint8_t kTriggers = static_cast<uint8_t>(Trigger::After) + 1;
inline constexpr uint8_t kAnchors = static_cast<uint8_t>(Anchor::LastAny) + 1;
inline constexpr uint8_t kActions = static_cast<uint8_t>(Action::Emit) + 1;
inline constexpr uint8_t kOps = static_cast<uint8_t>(Op::kCount);

// Smallest encoded size of one list element, per element type: a list's count is refused
// when count * size exceeds the bytes left (artifact.hpp, Limits). Lower bounds suffice.
inline constexpr size_t kMinStr = 4, kMinU32 = 4, kMinField = 11, kMinTrait = 12, kMinEvent = 12, kMinConstant = 9,
                        kMinFunction = 20, kMinInsn = 9, kMinChannel = 8, kMinPair = 16, kMinCap = 28, kMinExit = 12,
                        kMinJourney = 64, kMinCondition = 5, kMinBody = 16, kMinWithKey = 10, kMinRule = 64,
                        kMinStream = 29, kMinHistorySlot = 21;

void codecPair(auto& io, auto& p) {
  io.u64(p.count);
  io.i64(p.windowMs);
}

void codecField(auto& io, auto& f) {
  io.str(f.name);
  io.enum8(f.type, kValueTypes, "value type");
  io.flag(f.optional);
  io.flag(f.sensitive);
  io.u32(f.enumIndex);
}

void codecTrait(auto& io, auto& t) {
  codecField(io, t);
  io.flag(t.hasDefault);
  if (!t.hasDefault) return;
  if constexpr (std::remove_reference_t<decltype(io)>::kReading) t.defaultValue = Value::ofInt(0);
  switch (t.type) {
    case ValueType::Bool:
    case ValueType::Int:
    case ValueType::Time:
    case ValueType::Duration:
    case ValueType::Enum:
      io.i64(t.defaultValue.i);
      return;
    case ValueType::Float:
      io.f64(t.defaultValue.f);
      return;
    case ValueType::String:
      io.str(t.defaultText);
      return;
  }
}

void codecSchema(auto& io, auto& s) {
  io.vec(s.enums, kMinStr, [&](auto& e) { io.vec(e.members, kMinStr, [&](auto& m) { io.str(m); }); });
  io.vec(s.events, kMinEvent, [&](auto& e) {
    io.str(e.name);
    io.str(e.wireName);
    io.vec(e.properties, kMinField, [&](auto& f) { codecField(io, f); });
  });
  io.vec(s.traits, kMinTrait, [&](auto& t) { codecTrait(io, t); });
  io.i32(s.timezoneTrait);
}

void codecConstant(auto& io, auto& k) {
  io.enum8(k.type, kValueTypes, "constant type");
  switch (k.type) {
    case ValueType::Bool:
    case ValueType::Int:
    case ValueType::Time:
    case ValueType::Duration:
    case ValueType::Enum:
      io.i64(k.i);
      return;
    case ValueType::Float:
      io.f64(k.f);
      return;
    case ValueType::String:
      io.u32(k.stringOffset);
      io.u32(k.stringLength);
      return;
  }
}

void codecFunction(auto& io, auto& f) {
  io.u32(f.codeBegin);
  io.u32(f.codeEnd);
  io.u16(f.registerCount);
  io.u16(f.resultCount);
  io.u32(f.event);
  io.u32(f.file);
}

void codecInsn(auto& io, auto& insn) {
  io.enum8(insn.op, kOps, "opcode");
  io.u16(insn.a);
  io.u16(insn.b);
  io.i32(insn.c);
}

void codecU32s(auto& io, auto& v) {
  io.vec(v, kMinU32, [&](auto& x) { io.u32(x); });
}

void codecI32s(auto& io, auto& v) {
  io.vec(v, kMinU32, [&](auto& x) { io.i32(x); });
}

void codecCap(auto& io, auto& c) {
  io.i32(c.journey);
  codecU32s(io, c.channels);
  io.vec(c.pairs, kMinPair, [&](auto& p) { codecPair(io, p); });
  io.str(c.text);
  io.u32(c.line);
  io.u32(c.ringOffset);
  io.u32(c.ringSize);
}

void codecJourney(auto& io, auto& j) {
  io.str(j.name);
  io.u32(j.enterEvent);
  io.i32(j.enterWhereFn);
  io.i32(j.enterIfFn);
  io.flag(j.hasGoal);
  io.u32(j.goalEvent);
  io.i64(j.goalWithinMs);
  io.i32(j.goalWhereFn);
  io.vec(j.exits, kMinExit, [&](auto& e) {
    io.u32(e.event);
    io.i32(e.whereFn);
    io.i32(e.ifFn);
  });
  io.i64(j.exitAfterMs);
  io.u32(j.holdoutHundredths);
  io.flag(j.hasQuiet);
  io.u16(j.quietStart);
  io.u16(j.quietEnd);
  io.u32(j.retentionEvent);
  codecU32s(io, j.caps);
  io.u32(j.ruleBegin);
  io.u32(j.ruleEnd);
  io.u32(j.stateOffset);
}

void codecRule(auto& io, auto& r) {
  io.str(r.name);
  io.u32(r.journey);
  io.enum8(r.trigger, kTriggers, "trigger");
  codecU32s(io, r.whenEvents);
  io.i64(r.delayMs);
  io.enum8(r.anchor, kAnchors, "anchor");
  io.u32(r.anchorEvent);
  codecI32s(io, r.anchorWhereFn);
  io.vec(r.conditions, kMinCondition, [&](auto& c) {
    io.flag(c.isUnless);
    io.u32(c.line);
  });
  io.vec(r.bodies, kMinBody, [&](auto& b) {
    io.u32(b.event);
    io.i32(b.whereFn);
    codecI32s(io, b.conditionFns);
    io.i32(b.withFn);
  });
  io.flag(r.once);
  io.vec(r.limits, kMinPair, [&](auto& p) { codecPair(io, p); });
  io.str(r.limitText);
  io.u32(r.limitLine);
  io.enum8(r.action, kActions, "action");
  io.u32(r.destination);
  io.str(r.text);
  io.vec(r.with, kMinWithKey, [&](auto& w) {
    io.str(w.key);
    io.enum8(w.type, kValueTypes, "value type");
    io.flag(w.optional);
    io.u32(w.enumIndex);
  });
  io.u32(r.timerOffset);
  io.u32(r.armedOffset);
  io.u32(r.limitOffset);
  io.u32(r.limitRingSize);
}

void codecStream(auto& io, auto& s) {
  io.u32(s.event);
  io.i32(s.filterFn);
  io.u32(s.errorOffset);
  codecU32s(io, s.slots);
  io.flag(s.lazy);
  io.u32(s.logOffset);
  io.i64(s.keepMs);
}

void codecHistorySlot(auto& io, auto& h) {
  io.enum8(h.kind, kHistKinds, "history kind");
  io.u32(h.stream);
  io.u32(h.offset);
  io.u32(h.k);
  io.i64(h.windowMs);
}

// One section's payload: the part of `program` that section `tag` holds.
void codecSection(auto& io, SectionTag tag, auto& p) {
  switch (tag) {
    case SectionTag::Schema:
      codecSchema(io, p.schema);
      return;
    case SectionTag::Strings:
      io.str(p.stringPool);
      return;
    case SectionTag::Constants:
      io.vec(p.constants, kMinConstant, [&](auto& k) { codecConstant(io, k); });
      return;
    case SectionTag::Functions:
      io.u32(p.maxRegisters);
      io.vec(p.functions, kMinFunction, [&](auto& f) { codecFunction(io, f); });
      return;
    case SectionTag::Code:
      io.vec(p.code, kMinInsn, [&](auto& i) { codecInsn(io, i); });
      return;
    case SectionTag::Lines:
      codecU32s(io, p.lines);
      return;
    case SectionTag::Channels:
      io.vec(p.channels, kMinChannel, [&](auto& c) {
        io.str(c.name);
        io.i32(c.requiresFn);
      });
      return;
    case SectionTag::Queues:
      io.vec(p.queues, kMinStr, [&](auto& q) { io.str(q); });
      return;
    case SectionTag::Caps:
      io.vec(p.caps, kMinCap, [&](auto& c) { codecCap(io, c); });
      return;
    case SectionTag::Journeys:
      io.vec(p.journeys, kMinJourney, [&](auto& j) { codecJourney(io, j); });
      return;
    case SectionTag::Rules:
      io.vec(p.rules, kMinRule, [&](auto& r) { codecRule(io, r); });
      return;
    case SectionTag::Streams:
      io.vec(p.streams, kMinStream, [&](auto& s) { codecStream(io, s); });
      return;
    case SectionTag::History:
      io.vec(p.historySlots, kMinHistorySlot, [&](auto& h) { codecHistorySlot(io, h); });
      return;
    case SectionTag::Layout:
      io.u32(p.layout.size);
      codecU32s(io, p.layout.traitOffset);
      return;
    case SectionTag::Files:
      io.vec(p.files, kMinStr, [&](auto& f) { io.str(f); });
      return;
    case SectionTag::Source:
      io.str(p.sourceHash);
      return;
  }
}

}  // namespace onb::bc::codec
