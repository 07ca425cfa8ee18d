// The function part of the listing: each function's header (what uses it, its event,
// registers and results) and one line per instruction with its operands decoded per
// format (opcodes.def).
#include <fmt/format.h>

#include "runtime/bytecode/disassembler_internal.hpp"
#include "runtime/bytecode/program_text.hpp"
#include "stdlib/builtins.hpp"

namespace onb::bc::disasm {

namespace {

// What refers to each function: "channel email requires", "rule activation.welcome, with".
std::vector<std::vector<std::string>> functionRoles(const Program& p) {
  std::vector<std::vector<std::string>> roles(p.functions.size());
  auto add = [&](int32_t fn, std::string role) {
    if (fn >= 0 && static_cast<size_t>(fn) < roles.size()) roles[fn].push_back(std::move(role));
  };
  for (const Channel& c : p.channels) add(c.requiresFn, "channel " + c.name + " requires");
  for (size_t s = 0; s < p.streams.size(); ++s) add(p.streams[s].filterFn, fmt::format("stream {} filter", s));
  for (const Journey& j : p.journeys) {
    add(j.enterWhereFn, "journey " + j.name + ", enter where");
    add(j.enterIfFn, "journey " + j.name + ", enter if");
    add(j.goalWhereFn, "journey " + j.name + ", goal where");
    for (size_t e = 0; e < j.exits.size(); ++e) {
      add(j.exits[e].whereFn, fmt::format("journey {}, exit {} where", j.name, e));
      add(j.exits[e].ifFn, fmt::format("journey {}, exit {} if", j.name, e));
    }
  }
  for (uint32_t r = 0; r < p.rules.size(); ++r) {
    const Rule& rule = p.rules[r];
    std::string name = "rule " + text::ruleName(p, r);
    for (uint32_t e = 0; e < rule.anchorWhereFn.size(); ++e)
      add(rule.anchorWhereFn[e], fmt::format("{}, anchor where ({})", name, text::eventName(p, e)));
    for (size_t b = 0; b < rule.bodies.size(); ++b) {
      const RuleBody& body = rule.bodies[b];
      std::string prefix = rule.bodies.size() > 1 ? fmt::format("{}, body {}", name, b) : name;
      add(body.whereFn, prefix + ", where");
      for (size_t c = 0; c < body.conditionFns.size(); ++c) {
        bool unless = c < rule.conditions.size() && rule.conditions[c].isUnless;
        add(body.conditionFns[c], fmt::format("{}, {} {}", prefix, unless ? "unless" : "if", c));
      }
      add(body.withFn, prefix + ", with");
    }
  }
  return roles;
}

std::string reg(int64_t r) { return fmt::format("r{}", r); }

std::string target(int32_t c) { return fmt::format("-> {:04}", c); }

std::string constantOperand(const Program& p, int32_t c) {
  if (c < 0 || static_cast<size_t>(c) >= p.constants.size()) return fmt::format("k{} (?)", c);
  return fmt::format("k{} ({})", c, text::constantText(p, p.constants[c]));
}

std::string propertyOperand(const Program& p, const Function& f, uint16_t b) {
  if (f.event < p.schema.events.size() && b < p.schema.events[f.event].properties.size())
    return "event." + p.schema.events[f.event].properties[b].name;
  return fmt::format("event.#{}?", b);
}

std::string slotOperand(const Program& p, uint16_t b) {
  return fmt::format("h{} ({})", b, text::historySlotText(p, b));
}

std::string builtinOperand(int32_t c, uint16_t b) {
  if (c < 0 || c >= static_cast<int32_t>(stdlib::Overload::kCount)) return fmt::format("builtin #{}?(r{})", c, b);
  const stdlib::OverloadInfo& info = stdlib::overloadInfo(static_cast<stdlib::Overload>(c));
  std::string args;
  for (uint32_t k = 0; k < info.arity; ++k) args += (k ? ", " : "") + reg(int64_t{b} + k);
  return fmt::format("{}({})", info.name, args);
}

std::string operands(const Program& p, const Function& f, const Insn& x) {
  switch (opInfo(x.op).format) {
    case OpFormat::R:
      return reg(x.a);
    case OpFormat::RR:
      return reg(x.a) + ", " + reg(x.b);
    case OpFormat::RRR:
      return reg(x.a) + ", " + reg(x.b) + ", " + reg(x.c);
    case OpFormat::RK:
      return reg(x.a) + ", " + constantOperand(p, x.c);
    case OpFormat::RI:
      return fmt::format("{}, {}", reg(x.a), x.c);
    case OpFormat::RT:
      return reg(x.a) + ", user." + text::traitName(p, x.b);
    case OpFormat::RF:
      return reg(x.a) + ", " + propertyOperand(p, f, x.b);
    case OpFormat::RH:
      return reg(x.a) + ", " + slotOperand(p, x.b);
    case OpFormat::RHR:
      return reg(x.a) + ", " + slotOperand(p, x.b) + ", " + reg(x.c);
    case OpFormat::RS:
      return reg(x.a) + ", s" + std::to_string(x.b) + " (" + text::streamText(p, x.b) + ")";
    case OpFormat::RSR:
      return reg(x.a) + ", s" + std::to_string(x.b) + " (" + text::streamText(p, x.b) + "), " + reg(x.c);
    case OpFormat::RB:
      return reg(x.a) + ", " + builtinOperand(x.c, x.b);
    case OpFormat::J:
      return target(x.c);
    case OpFormat::RJ:
      return reg(x.a) + ", " + target(x.c);
    case OpFormat::RET:
      if (x.b == 0) return "(nothing)";
      if (x.b == 1) return reg(x.a);
      return reg(x.a) + ".." + reg(int64_t{x.a} + x.b - 1);
  }
  return "?";
}

void appendFunction(const Program& p, uint32_t index, const std::vector<std::string>& roles, std::string& out) {
  const Function& f = p.functions[index];
  std::string role = roles.empty() ? "unused" : fmt::format("{}", fmt::join(roles, " / "));
  std::string event = f.event == kNone ? "no event" : "event " + text::eventName(p, f.event);
  std::string file = p.files.size() > 1 ? fmt::format(", file {}", f.file) : "";
  fmt::format_to(std::back_inserter(out), "\nfn {} ({}, {}, {} regs, {} result{}{})\n", index, role, event,
                 f.registerCount, f.resultCount, f.resultCount == 1 ? "" : "s", file);
  uint32_t end = std::min<uint64_t>(f.codeEnd, p.code.size());
  for (uint32_t at = f.codeBegin; at < end; ++at) {
    const Insn& x = p.code[at];
    std::string listed = fmt::format("  {:04}  {:<17}  {}", at - f.codeBegin, opInfo(x.op).mnemonic, operands(p, f, x));
    if (at < p.lines.size()) listed = fmt::format("{:<60}  ; line {}", listed, p.lines[at]);
    out += listed;
    out += '\n';
  }
}

}  // namespace

void appendFunctions(const Program& p, std::string& out) {
  out += "\nfunctions\n";
  std::vector<std::vector<std::string>> roles = functionRoles(p);
  for (uint32_t fn = 0; fn < p.functions.size(); ++fn) appendFunction(p, fn, roles[fn], out);
}

}  // namespace onb::bc::disasm
