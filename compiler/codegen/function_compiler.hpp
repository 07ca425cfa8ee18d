// Internal: compiles expressions of one module into one bytecode function.
//
// Registers are allocated like a stack: an expression compiles into a destination
// register and uses the registers above it as temporaries. Chains of left-associative
// operators (`a + a + ...`, `x or y or ...`), right-associative `??` chains and prefix
// chains (`not not x`) are compiled with loops, so an expression of any length compiles
// in constant stack depth; only parentheses and calls recurse, and the parser bounds
// their nesting.
#pragma once

#include <vector>

#include "compiler/codegen/codegen_context.hpp"

namespace onb::codegen {

class FunctionCompiler {
 public:
  FunctionCompiler(CodegenContext& ctx, uint32_t module, uint32_t event)
      : ctx_(ctx), m_(module), mod_(ctx.checked.module(module)), event_(event) {}

  int32_t compile(const std::vector<ast::ExprId>& results);

 private:
  // Expressions.
  void compileInto(ast::ExprId id, uint16_t dst);
  void compileNode(ast::ExprId id, uint16_t dst);
  void compileBinary(ast::ExprId id, uint16_t dst);
  void binaryStep(ast::ExprId id, uint16_t dst);
  void compileCoalesce(ast::ExprId id, uint16_t dst);
  void compileUnary(ast::ExprId id, uint16_t dst);
  void compileIn(ast::ExprId id, uint16_t dst);
  void compileCall(ast::ExprId id, uint16_t dst);
  void compileHistory(ast::ExprId id, uint16_t dst);
  // `count(E within D) >= k` (and >, <, <= with constants): answered from a ring of the
  // last k times instead of a full log.
  struct RingMatch {
    ast::ExprId count;  // the count(...) call
    int64_t k;          // at least k events in the window...
    bool negate;        // ...or, negated, fewer than k
    int64_t windowMs;
  };
  bool matchRing(ast::ExprId id, RingMatch& match) const;
  bool tryRingPattern(ast::ExprId id, uint16_t dst);

  // History helpers: the stream an event reference (Name, Paren, EventRef) denotes.
  uint32_t streamOf(ast::ExprId ref);
  // True when a history filter reads only the event (literals, event.F, operators, value
  // functions): it can then be evaluated once, when the event is appended.
  bool readsOnlyTheEvent(ast::ExprId filter) const;
  // A query of a stream filtered at query time: r[dst] = count of passing events (within
  // the window in `windowReg`, or all when windowReg < 0).
  void filterCount(uint32_t stream, uint16_t dst, int window, std::optional<int64_t> windowMs);
  void filterExists(uint32_t stream, uint16_t dst, int window, std::optional<int64_t> windowMs);
  static bool constantDuration(const ast::Module& mod, ast::ExprId id, int64_t& ms);

  // Emission.
  uint32_t emit(bc::Op op, uint16_t a = 0, uint16_t b = 0, int32_t c = 0);
  void loadInt(uint16_t dst, int64_t v);
  void loadFloat(uint16_t dst, double v);
  uint32_t jumpPlaceholder(bc::Op op, uint16_t a = 0) { return emit(op, a, 0, -1); }
  void patchHere(uint32_t at) { code_[at].c = static_cast<int32_t>(code_.size()); }
  uint16_t alloc(uint16_t n = 1);
  void release(uint16_t to) { next_ = to; }

  // Types.
  sema::Type typeOf(ast::ExprId id) const { return ctx_.checked.modules[m_].types[id]; }
  const sema::Resolution& res(ast::ExprId id) const { return ctx_.checked.modules[m_].resolutions[id]; }
  bool promoted(ast::ExprId id) const { return ctx_.checked.modules[m_].promoteToFloat[id] != 0; }
  // The type a node's value has where it is used (int promoted to float).
  sema::TypeKind effectiveKind(ast::ExprId id) const {
    sema::TypeKind k = typeOf(id).kind;
    return (k == sema::TypeKind::Int && promoted(id)) ? sema::TypeKind::Float : k;
  }
  const ast::Expr& node(ast::ExprId id) const { return mod_.exprs[id]; }

  CodegenContext& ctx_;
  uint32_t m_;
  const ast::Module& mod_;
  uint32_t event_;
  std::vector<bc::Insn> code_;
  std::vector<uint32_t> lines_;
  uint32_t line_ = 0;
  uint16_t next_ = 0;
  uint16_t max_ = 0;
};

}  // namespace onb::codegen
