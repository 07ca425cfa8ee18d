// History built-ins: the event references of count/first_time/last_time/since, `E`,
// `E within D` and `(E where X)`, lowered to history slots the per-user state keeps.
#include "compiler/codegen/function_compiler.hpp"

namespace onb::codegen {

using bc::Op;
using sema::ResKind;

bool FunctionCompiler::constantDuration(const ast::Module& mod, ast::ExprId id, int64_t& ms) {
  while (mod.exprs[id].kind == ast::ExprKind::Paren) id = mod.exprs[id].lhs;
  const ast::Expr& e = mod.exprs[id];
  if (e.kind != ast::ExprKind::DurationLit || e.outOfRange) return false;
  ms = static_cast<int64_t>(e.uintValue) * ast::unitMillis(e.unit);
  if (e.negative) ms = -ms;
  return true;
}

bool FunctionCompiler::readsOnlyTheEvent(ast::ExprId root) const {
  std::vector<ast::ExprId> todo{root};
  while (!todo.empty()) {
    const ast::ExprId id = todo.back();
    const ast::Expr& e = node(id);
    todo.pop_back();
    switch (e.kind) {
      case ast::ExprKind::Error:
      case ast::ExprKind::IntLit:
      case ast::ExprKind::FloatLit:
      case ast::ExprKind::StringLit:
      case ast::ExprKind::BoolLit:
      case ast::ExprKind::DurationLit:
      case ast::ExprKind::TimeLit:
      case ast::ExprKind::EventField: break;
      case ast::ExprKind::Paren:
      case ast::ExprKind::Unary: todo.push_back(e.lhs); break;
      case ast::ExprKind::Binary:
        todo.push_back(e.lhs);
        todo.push_back(e.rhs);
        break;
      case ast::ExprKind::In: todo.push_back(e.lhs); break;  // the items are literals
      case ast::ExprKind::Call:
        if (res(id).kind == ResKind::History) return false;
        for (const ast::ExprId* a = mod_.argsBegin(e); a != mod_.argsEnd(e); ++a) todo.push_back(*a);
        break;
      case ast::ExprKind::Name:       // now, entered_at, or history (`E`)
      case ast::ExprKind::EventRef:   // history
      case ast::ExprKind::Within:     // history
      case ast::ExprKind::UserField:  // a trait: read when the query runs
        return false;
    }
  }
  return true;
}

uint32_t FunctionCompiler::streamOf(ast::ExprId ref) {
  while (node(ref).kind == ast::ExprKind::Paren) ref = node(ref).lhs;
  const ast::Expr& e = node(ref);
  const uint32_t event = res(ref).index;
  sema::ExprRef filter;
  if (e.kind == ast::ExprKind::EventRef && e.lhs != ast::kNoExpr) filter = sema::ExprRef{m_, e.lhs};
  int32_t filterFn = bc::kNoFn;
  bool lazy = false;
  if (filter.valid() && !ctx_.history.hasStream(event, filter)) {
    // Inside (E where X), `event` is the history event E.
    filterFn = FunctionCompiler(ctx_, m_, event).compile({filter.id});
    lazy = !readsOnlyTheEvent(filter.id);
  }
  return ctx_.history.stream(event, filter, filterFn, lazy);
}

void FunctionCompiler::filterCount(uint32_t stream, uint16_t dst, int window, std::optional<int64_t> windowMs) {
  ctx_.history.lazyQuery(stream, window < 0 ? std::nullopt : windowMs);
  if (window < 0) emit(Op::FilterCount, dst, static_cast<uint16_t>(stream));
  else emit(Op::FilterCountWithin, dst, static_cast<uint16_t>(stream), window);
}

void FunctionCompiler::filterExists(uint32_t stream, uint16_t dst, int window, std::optional<int64_t> windowMs) {
  filterCount(stream, dst, window, windowMs);
  uint16_t mark = next_;
  uint16_t zero = alloc();
  loadInt(zero, 0);
  emit(Op::GtI, dst, dst, zero);
  release(mark);
}

void FunctionCompiler::compileHistory(ast::ExprId id, uint16_t dst) {
  const ast::Expr& e = node(id);
  const sema::Resolution& r = res(id);
  ast::ExprId arg = mod_.argsBegin(e)[0];
  while (node(arg).kind == ast::ExprKind::Paren) arg = node(arg).lhs;
  const bool windowed = node(arg).kind == ast::ExprKind::Within;
  const uint32_t stream = streamOf(windowed ? node(arg).lhs : arg);
  if (ctx_.history.isLazy(stream)) {
    switch (r.history) {
      case stdlib::HistoryFn::Count: {
        if (!windowed) return filterCount(stream, dst, -1, std::nullopt);
        int64_t ms = 0;
        std::optional<int64_t> window;
        if (constantDuration(mod_, node(arg).rhs, ms)) window = ms;
        uint16_t mark = next_;
        uint16_t reg = alloc();
        compileInto(node(arg).rhs, reg);
        filterCount(stream, dst, reg, window);
        release(mark);
        return;
      }
      case stdlib::HistoryFn::FirstTime:
        ctx_.history.lazyQuery(stream, std::nullopt);
        emit(Op::FilterFirst, dst, static_cast<uint16_t>(stream));
        return;
      case stdlib::HistoryFn::LastTime:
        ctx_.history.lazyQuery(stream, std::nullopt);
        emit(Op::FilterLast, dst, static_cast<uint16_t>(stream));
        return;
      case stdlib::HistoryFn::Since: {
        // now - last, when there is a last.
        ctx_.history.lazyQuery(stream, std::nullopt);
        emit(Op::FilterLast, dst, static_cast<uint16_t>(stream));
        uint32_t present = jumpPlaceholder(Op::JumpIfPresent, dst);
        uint32_t done = jumpPlaceholder(Op::Jump);
        patchHere(present);
        uint16_t mark = next_;
        uint16_t now = alloc();
        emit(Op::LoadNow, now);
        emit(Op::SubI, dst, now, dst);
        release(mark);
        patchHere(done);
        return;
      }
    }
  }
  switch (r.history) {
    case stdlib::HistoryFn::Count: {
      if (!windowed) {
        emit(Op::HistCount, dst, static_cast<uint16_t>(ctx_.history.countSlot(stream)));
        return;
      }
      int64_t ms = 0;
      std::optional<int64_t> window;
      if (constantDuration(mod_, node(arg).rhs, ms)) window = ms;
      uint32_t slot = ctx_.history.logSlot(stream, window);
      uint16_t mark = next_;
      uint16_t reg = alloc();
      compileInto(node(arg).rhs, reg);
      emit(Op::HistCountWithin, dst, static_cast<uint16_t>(slot), reg);
      release(mark);
      return;
    }
    case stdlib::HistoryFn::FirstTime:
      emit(Op::HistFirst, dst, static_cast<uint16_t>(ctx_.history.firstSlot(stream)));
      return;
    case stdlib::HistoryFn::LastTime:
      emit(Op::HistLast, dst, static_cast<uint16_t>(ctx_.history.lastSlot(stream)));
      return;
    case stdlib::HistoryFn::Since:
      emit(Op::HistSince, dst, static_cast<uint16_t>(ctx_.history.lastSlot(stream)));
      return;
  }
}

bool FunctionCompiler::matchRing(ast::ExprId id, RingMatch& match) const {
  const ast::Expr& e = node(id);
  if (e.kind != ast::ExprKind::Binary) return false;
  ast::BinaryOp op = e.binaryOp;
  ast::ExprId countSide = e.lhs, kSide = e.rhs;
  auto isCountWithin = [&](ast::ExprId x) {
    while (node(x).kind == ast::ExprKind::Paren) x = node(x).lhs;
    if (node(x).kind != ast::ExprKind::Call || res(x).kind != ResKind::History ||
        res(x).history != stdlib::HistoryFn::Count)
      return false;
    ast::ExprId arg = mod_.argsBegin(node(x))[0];
    while (node(arg).kind == ast::ExprKind::Paren) arg = node(arg).lhs;
    return node(arg).kind == ast::ExprKind::Within;
  };
  auto isIntLiteral = [&](ast::ExprId x) {
    return node(x).kind == ast::ExprKind::IntLit && !node(x).outOfRange && !promoted(x);
  };
  if (!isCountWithin(countSide) || !isIntLiteral(kSide)) {
    std::swap(countSide, kSide);
    if (!isCountWithin(countSide) || !isIntLiteral(kSide)) return false;
    // k OP count  ==  count OP' k
    switch (op) {
      case ast::BinaryOp::Lt: op = ast::BinaryOp::Gt; break;
      case ast::BinaryOp::Le: op = ast::BinaryOp::Ge; break;
      case ast::BinaryOp::Gt: op = ast::BinaryOp::Lt; break;
      case ast::BinaryOp::Ge: op = ast::BinaryOp::Le; break;
      default: return false;
    }
  }
  const ast::Expr& lit = node(kSide);
  if (lit.uintValue > 1'000'000) return false;
  const int64_t k = lit.negative ? -static_cast<int64_t>(lit.uintValue) : static_cast<int64_t>(lit.uintValue);
  switch (op) {
    case ast::BinaryOp::Ge: match = {countSide, k, false, 0}; break;
    case ast::BinaryOp::Gt: match = {countSide, k + 1, false, 0}; break;
    case ast::BinaryOp::Lt: match = {countSide, k, true, 0}; break;
    case ast::BinaryOp::Le: match = {countSide, k + 1, true, 0}; break;
    default: return false;
  }
  // k <= 0 always holds, but folding it away would hide a failing history filter: the
  // general path evaluates the count (and reports the filter's errors).
  if (match.k <= 0 || match.k > static_cast<int64_t>(ctx_.options.maxRingSize)) return false;
  ast::ExprId call = match.count;
  while (node(call).kind == ast::ExprKind::Paren) call = node(call).lhs;
  match.count = call;
  ast::ExprId arg = mod_.argsBegin(node(call))[0];
  while (node(arg).kind == ast::ExprKind::Paren) arg = node(arg).lhs;
  return constantDuration(mod_, node(arg).rhs, match.windowMs);
}

bool FunctionCompiler::tryRingPattern(ast::ExprId id, uint16_t dst) {
  RingMatch match;
  if (!matchRing(id, match)) return false;
  ast::ExprId arg = mod_.argsBegin(node(match.count))[0];
  while (node(arg).kind == ast::ExprKind::Paren) arg = node(arg).lhs;
  uint32_t stream = streamOf(node(arg).lhs);
  if (ctx_.history.isLazy(stream)) return false;  // counted by running the filter: no ring
  uint32_t slot = ctx_.history.ringSlot(stream, static_cast<uint32_t>(match.k), match.windowMs);
  emit(Op::HistAtLeast, dst, static_cast<uint16_t>(slot));
  if (match.negate) emit(Op::Not, dst, dst);
  return true;
}

}  // namespace onb::codegen
