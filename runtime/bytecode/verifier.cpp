// verifyProgram: runs the passes of verifier_internal.hpp in order. This file holds the
// passes over the schema, constants, history tables and function headers; the code,
// tables and layout passes have their own files.
#include "runtime/bytecode/verifier.hpp"

#include <algorithm>
#include <numeric>

#include "runtime/bytecode/program_text.hpp"
#include "runtime/bytecode/utf8.hpp"
#include "runtime/bytecode/verifier_internal.hpp"

namespace onb::bc {

namespace verify {

namespace {

bool validType(ValueType type) { return static_cast<uint8_t>(type) <= static_cast<uint8_t>(ValueType::Enum); }

bool checkField(Verifier& v, const FieldSpec& f, std::string_view owner) {
  const Program& p = v.program;
  if (!validType(f.type)) return v.fail("{} {}: invalid type {}", owner, f.name, static_cast<int>(f.type));
  if (f.type == ValueType::Enum && f.enumIndex >= p.schema.enums.size())
    return v.fail("{} {}: enum index {} out of range ({} enums)", owner, f.name, f.enumIndex, p.schema.enums.size());
  return true;
}

bool checkTraitDefault(Verifier& v, const TraitSpec& t) {
  if (!t.hasDefault) return true;
  if (t.defaultValue.missing) return v.fail("trait {}: its default is marked missing", t.name);
  switch (t.type) {
    case ValueType::Bool:
      if (t.defaultValue.i != 0 && t.defaultValue.i != 1)
        return v.fail("trait {}: bool default {} is not 0 or 1", t.name, t.defaultValue.i);
      return true;
    case ValueType::Enum: {
      size_t members = v.program.schema.enums[t.enumIndex].members.size();
      if (t.defaultValue.i < 0 || static_cast<uint64_t>(t.defaultValue.i) >= members)
        return v.fail("trait {}: enum default {} out of range ({} members)", t.name, t.defaultValue.i, members);
      return true;
    }
    case ValueType::Int:
    case ValueType::Float:
    case ValueType::String:
    case ValueType::Time:
    case ValueType::Duration:
      return true;
  }
  return true;
}

}  // namespace

std::string_view mtypeName(MType type) {
  switch (type) {
    case MType::Unset:
      return "unwritten";
    case MType::Int:
      return "int";
    case MType::Float:
      return "float";
    case MType::String:
      return "string";
    case MType::Missing:
      return "missing";
    case MType::Conflict:
      return "of different types on different paths";
  }
  return "?";
}

MType machineType(ValueType type) {
  switch (type) {
    case ValueType::Bool:
    case ValueType::Int:
    case ValueType::Time:
    case ValueType::Duration:
    case ValueType::Enum:
      return MType::Int;
    case ValueType::Float:
      return MType::Float;
    case ValueType::String:
      return MType::String;
  }
  return MType::Conflict;
}

MType mergeTypes(MType a, MType b) {
  if (a == MType::Unset || b == MType::Unset) return MType::Unset;
  if (a == b || b == MType::Missing) return a;
  if (a == MType::Missing) return b;
  return MType::Conflict;
}

bool verifySchema(Verifier& v) {
  const Schema& s = v.program.schema;
  for (const EventSpec& e : s.events)
    for (const FieldSpec& f : e.properties)
      if (!checkField(v, f, "event " + e.name + " property")) return false;
  for (const TraitSpec& t : s.traits)
    if (!checkField(v, t, "trait") || !checkTraitDefault(v, t)) return false;
  if (s.timezoneTrait != -1) {
    if (s.timezoneTrait < 0 || static_cast<size_t>(s.timezoneTrait) >= s.traits.size())
      return v.fail("schema: timezone trait {} out of range ({} traits)", s.timezoneTrait, s.traits.size());
    if (s.traits[s.timezoneTrait].type != ValueType::String)
      return v.fail("schema: timezone trait {} is not a string", s.traits[s.timezoneTrait].name);
  }
  // The trait map is part of the layout, but instructions index it (LoadTrait), so it is
  // checked before the code.
  if (v.program.layout.traitOffset.size() != s.traits.size())
    return v.fail("layout: {} trait offsets for {} traits", v.program.layout.traitOffset.size(), s.traits.size());
  return true;
}

bool verifyConstants(Verifier& v) {
  const Program& p = v.program;
  for (size_t i = 0; i < p.constants.size(); ++i) {
    const Constant& k = p.constants[i];
    if (!validType(k.type)) return v.fail("constant k{}: invalid type {}", i, static_cast<int>(k.type));
    if (k.type == ValueType::String && uint64_t{k.stringOffset} + k.stringLength > p.stringPool.size())
      return v.fail("constant k{}: string [{}, {}) outside the {}-byte string pool", i, k.stringOffset,
                    uint64_t{k.stringOffset} + k.stringLength, p.stringPool.size());
    if (k.type == ValueType::String && !isValidUtf8(std::string_view(p.stringPool).substr(k.stringOffset, k.stringLength)))
      return v.fail("constant k{}: string [{}, +{}) is not valid UTF-8 (it splits a character)", i, k.stringOffset,
                    k.stringLength);
    if (k.type == ValueType::Bool && k.i != 0 && k.i != 1) return v.fail("constant k{}: bool {} is not 0 or 1", i, k.i);
  }
  return true;
}

bool verifyHistory(Verifier& v) {
  const Program& p = v.program;
  for (size_t h = 0; h < p.historySlots.size(); ++h) {
    const HistorySlot& slot = p.historySlots[h];
    if (slot.stream >= p.streams.size())
      return v.fail("history slot h{}: stream {} out of range ({} streams)", h, slot.stream, p.streams.size());
    if (static_cast<uint8_t>(slot.kind) > static_cast<uint8_t>(HistKind::Log))
      return v.fail("history slot h{}: invalid kind {}", h, static_cast<int>(slot.kind));
    switch (slot.kind) {
      case HistKind::Count:
      case HistKind::First:
      case HistKind::Last:
        break;
      case HistKind::Ring:
        if (slot.k == 0 || slot.k > kMaxRingSize)
          return v.fail("history slot h{}: ring of {} entries (must be 1..{})", h, slot.k, kMaxRingSize);
        [[fallthrough]];
      case HistKind::Log:
        if (slot.windowMs < 0) return v.fail("history slot h{}: negative window {}", h, slot.windowMs);
        break;
    }
  }
  std::vector<bool> listed(p.historySlots.size(), false);
  size_t listedCount = 0;
  for (size_t s = 0; s < p.streams.size(); ++s) {
    const HistoryStream& stream = p.streams[s];
    if (stream.event >= p.schema.events.size())
      return v.fail("stream {}: event {} out of range ({} events)", s, stream.event, p.schema.events.size());
    if (stream.lazy) {
      if (stream.filterFn == kNoFn) return v.fail("stream {}: a stream filtered at query time needs a filter", s);
      if (stream.logOffset == kNone) return v.fail("stream {}: a stream filtered at query time needs an event log", s);
      if (!stream.slots.empty() || stream.errorOffset != kNone)
        return v.fail("stream {}: a stream filtered at query time keeps no slots", s);
      if (stream.keepMs < 0) return v.fail("stream {}: negative retention {}", s, stream.keepMs);
    } else if (stream.logOffset != kNone) {
      return v.fail("stream {}: only streams filtered at query time keep an event log", s);
    }
    if (!stream.lazy && stream.filterFn != kNoFn && stream.errorOffset == kNone)
      return v.fail("stream {}: a filtered stream needs an error slot", s);
    for (uint32_t h : stream.slots) {
      if (h >= p.historySlots.size())
        return v.fail("stream {}: history slot {} out of range ({} slots)", s, h, p.historySlots.size());
      if (p.historySlots[h].stream != s)
        return v.fail("stream {}: lists history slot h{}, which belongs to stream {}", s, h, p.historySlots[h].stream);
      if (listed[h]) return v.fail("stream {}: lists history slot h{} twice", s, h);
      listed[h] = true;
      ++listedCount;
    }
  }
  if (listedCount != p.historySlots.size()) {
    size_t h = static_cast<size_t>(std::find(listed.begin(), listed.end(), false) - listed.begin());
    return v.fail("history slot h{} is not listed by its stream {}", h, p.historySlots[h].stream);
  }
  return true;
}

bool verifyFunctions(Verifier& v) {
  const Program& p = v.program;
  if (p.maxRegisters > kMaxRegisters)
    return v.fail("maxRegisters {} exceeds the limit of {}", p.maxRegisters, kMaxRegisters);
  if (p.lines.size() != p.code.size())
    return v.fail("{} line entries for {} instructions", p.lines.size(), p.code.size());
  for (size_t i = 0; i < p.functions.size(); ++i) {
    const Function& f = p.functions[i];
    if (f.codeBegin >= f.codeEnd || f.codeEnd > p.code.size())
      return v.fail("fn {}: code [{}, {}) is empty or outside the {} instructions", i, f.codeBegin, f.codeEnd,
                    p.code.size());
    if (f.registerCount > p.maxRegisters)
      return v.fail("fn {}: {} registers, more than maxRegisters {}", i, f.registerCount, p.maxRegisters);
    if (f.event != kNone && f.event >= p.schema.events.size())
      return v.fail("fn {}: event {} out of range ({} events)", i, f.event, p.schema.events.size());
    bool fileOk = f.file < p.files.size() || (p.files.empty() && f.file == 0);
    if (!fileOk) return v.fail("fn {}: file {} out of range ({} files)", i, f.file, p.files.size());
  }
  std::vector<size_t> order(p.functions.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return p.functions[a].codeBegin < p.functions[b].codeBegin; });
  for (size_t k = 1; k < order.size(); ++k) {
    const Function& prev = p.functions[order[k - 1]];
    const Function& next = p.functions[order[k]];
    if (next.codeBegin < prev.codeEnd)
      return v.fail("fn {} code [{}, {}) overlaps fn {} code [{}, {})", order[k], next.codeBegin, next.codeEnd,
                    order[k - 1], prev.codeBegin, prev.codeEnd);
  }
  return true;
}

bool checkFnRef(Verifier& v, int32_t fn, std::string_view place, uint32_t event, std::span<const MType> expected,
                bool required) {
  const Program& p = v.program;
  if (fn == kNoFn) return required ? v.fail("{}: no function", place) : true;
  if (fn < 0 || static_cast<size_t>(fn) >= p.functions.size())
    return v.fail("{}: function {} out of range ({} functions)", place, fn, p.functions.size());
  const Function& f = p.functions[fn];
  if (f.resultCount != expected.size())
    return v.fail("{}: fn {} returns {} values, {} expected", place, fn, f.resultCount, expected.size());
  if (f.event != kNone && f.event != event)
    return v.fail("{}: fn {} reads event {} but runs on {}", place, fn, text::eventName(p, f.event),
                  event == kNone ? "no event" : "event " + text::eventName(p, event));
  const std::vector<MType>& results = v.summaries[fn].results;
  for (size_t k = 0; k < expected.size(); ++k) {
    MType got = results[k];
    if (got != MType::Missing && got != expected[k])
      return v.fail("{}: fn {} result {} is {}, {} expected", place, fn, k, mtypeName(got), mtypeName(expected[k]));
  }
  return true;
}

}  // namespace verify

namespace verify {

// Filters evaluated at query time may query other such streams; those references must not
// loop back (the VM would recurse forever), and their depth bounds the VM's register stack.
bool verifyFilterNesting(Verifier& v) {
  const Program& p = v.program;
  std::vector<std::vector<uint32_t>> uses(p.streams.size());
  for (size_t s = 0; s < p.streams.size(); ++s) {
    if (!p.streams[s].lazy) continue;
    const Function& f = p.functions[static_cast<size_t>(p.streams[s].filterFn)];
    for (uint32_t i = f.codeBegin; i < f.codeEnd; ++i) {
      const Insn& x = p.code[i];
      if (x.op == Op::FilterCount || x.op == Op::FilterCountWithin || x.op == Op::FilterFirst || x.op == Op::FilterLast)
        uses[s].push_back(x.b);
    }
  }
  // Depth-first, with the streams on the current path marked.
  std::vector<uint8_t> state(p.streams.size(), 0);  // 0 new, 1 on the path, 2 done
  std::vector<std::pair<uint32_t, size_t>> stack;
  for (uint32_t root = 0; root < p.streams.size(); ++root) {
    if (state[root]) continue;
    stack.push_back({root, 0});
    state[root] = 1;
    while (!stack.empty()) {
      auto& [s, next] = stack.back();
      if (next == uses[s].size()) {
        state[s] = 2;
        stack.pop_back();
        continue;
      }
      uint32_t t = uses[s][next++];
      if (state[t] == 1) return v.fail("stream {}: its filter queries stream {}, which leads back to it", s, t);
      if (state[t] == 0) {
        state[t] = 1;
        stack.push_back({t, 0});
      }
    }
  }
  return true;
}

}  // namespace verify

std::optional<std::string> verifyProgram(const Program& program) {
  verify::Verifier v(program);
  bool ok = verify::verifySchema(v) && verify::verifyConstants(v) && verify::verifyHistory(v) &&
            verify::verifyFunctions(v) && verify::verifyCode(v) && verify::verifyTables(v) && verify::verifyLayout(v) &&
            verify::verifyFilterNesting(v);
  if (ok) return std::nullopt;
  return v.error.value_or("invalid program");
}

}  // namespace onb::bc
