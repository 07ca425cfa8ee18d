#include "compiler/codegen/function_compiler.hpp"

#include <cassert>
#include <limits>

namespace onb::codegen {

using bc::Op;
using sema::ResKind;
using sema::TypeKind;

int32_t FunctionCompiler::compile(const std::vector<ast::ExprId>& results) {
  const uint16_t count = static_cast<uint16_t>(results.size());
  alloc(count);
  for (uint16_t i = 0; i < count; ++i) compileInto(results[i], i);
  emit(Op::Ret, 0, count);

  bc::Program& p = ctx_.program;
  bc::Function fn;
  fn.codeBegin = static_cast<uint32_t>(p.code.size());
  p.code.insert(p.code.end(), code_.begin(), code_.end());
  p.lines.insert(p.lines.end(), lines_.begin(), lines_.end());
  fn.codeEnd = static_cast<uint32_t>(p.code.size());
  fn.registerCount = max_;
  fn.resultCount = count;
  fn.event = event_;
  fn.file = ctx_.fileIndex(mod_.file);
  p.functions.push_back(fn);
  if (max_ > p.maxRegisters) p.maxRegisters = max_;
  return static_cast<int32_t>(p.functions.size() - 1);
}

uint32_t FunctionCompiler::emit(Op op, uint16_t a, uint16_t b, int32_t c) {
  bc::Insn insn{};
  insn.op = op;
  insn.a = a;
  insn.b = b;
  insn.c = c;
  code_.push_back(insn);
  lines_.push_back(line_);
  return static_cast<uint32_t>(code_.size() - 1);
}

uint16_t FunctionCompiler::alloc(uint16_t n) {
  assert(next_ + n <= std::numeric_limits<uint16_t>::max());
  uint16_t first = next_;
  next_ = static_cast<uint16_t>(next_ + n);
  if (next_ > max_) max_ = next_;
  return first;
}

void FunctionCompiler::loadInt(uint16_t dst, int64_t v) {
  if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max())
    emit(Op::LoadInt, dst, 0, static_cast<int32_t>(v));
  else
    emit(Op::LoadConst, dst, 0, static_cast<int32_t>(ctx_.constInt(v)));
}

void FunctionCompiler::loadFloat(uint16_t dst, double v) {
  emit(Op::LoadConst, dst, 0, static_cast<int32_t>(ctx_.constFloat(v)));
}

void FunctionCompiler::compileInto(ast::ExprId id, uint16_t dst) {
  const ast::Expr& e = node(id);
  if (e.span.valid()) line_ = ctx_.sources.file(e.span.file).line(e.span.begin);
  compileNode(id, dst);
  // Literals were loaded as floats directly; everything else is converted here.
  if (promoted(id) && typeOf(id).kind == TypeKind::Int && e.kind != ast::ExprKind::IntLit)
    emit(Op::IntToFloat, dst, dst);
}

namespace {

int64_t signedValue(const ast::Expr& e) {
  return e.negative ? static_cast<int64_t>(0 - e.uintValue) : static_cast<int64_t>(e.uintValue);
}

}  // namespace

void FunctionCompiler::compileNode(ast::ExprId id, uint16_t dst) {
  const ast::Expr& e = node(id);
  switch (e.kind) {
    case ast::ExprKind::Error: assert(false && "codegen of an erroneous expression"); return;
    case ast::ExprKind::IntLit:
      if (promoted(id)) loadFloat(dst, static_cast<double>(signedValue(e)));
      else loadInt(dst, signedValue(e));
      return;
    case ast::ExprKind::FloatLit: loadFloat(dst, e.floatValue); return;
    case ast::ExprKind::StringLit:
      if (res(id).kind == ResKind::EnumMember) loadInt(dst, res(id).index);
      else emit(Op::LoadConst, dst, 0, static_cast<int32_t>(ctx_.constString(mod_.string(e.stringIndex))));
      return;
    case ast::ExprKind::BoolLit: loadInt(dst, e.boolValue ? 1 : 0); return;
    case ast::ExprKind::DurationLit: {
      int64_t ms = static_cast<int64_t>(e.uintValue) * ast::unitMillis(e.unit);
      loadInt(dst, e.negative ? -ms : ms);
      return;
    }
    case ast::ExprKind::TimeLit: loadInt(dst, e.intValue); return;
    case ast::ExprKind::Name:
      switch (res(id).kind) {
        case ResKind::Now: emit(Op::LoadNow, dst); return;
        case ResKind::EnteredAt: emit(Op::LoadEnteredAt, dst); return;
        default: {
          uint32_t stream = streamOf(id);
          emit(Op::HistEver, dst, static_cast<uint16_t>(ctx_.history.countSlot(stream)));
          return;
        }
      }
    case ast::ExprKind::Paren:
      if (res(id).kind == ResKind::EnumMember) loadInt(dst, res(id).index);
      else compileInto(e.lhs, dst);
      return;
    case ast::ExprKind::EventRef: {
      uint32_t stream = streamOf(id);
      if (ctx_.history.isLazy(stream)) return filterExists(stream, dst, -1, std::nullopt);
      emit(Op::HistEver, dst, static_cast<uint16_t>(ctx_.history.countSlot(stream)));
      return;
    }
    case ast::ExprKind::Within: {
      uint32_t stream = streamOf(e.lhs);
      uint16_t mark = next_;
      uint16_t window = alloc();
      compileInto(e.rhs, window);
      int64_t ms = 0;
      std::optional<int64_t> windowMs;
      if (constantDuration(mod_, e.rhs, ms)) windowMs = ms;
      if (ctx_.history.isLazy(stream)) {
        filterExists(stream, dst, window, windowMs);
      } else {
        emit(Op::HistWithin, dst, static_cast<uint16_t>(ctx_.history.lastSlot(stream)), window);
      }
      release(mark);
      return;
    }
    case ast::ExprKind::UserField:
      if (res(id).kind == ResKind::UserId) {
        emit(Op::LoadUserId, dst);
      } else {
        uint32_t trait = res(id).index;
        ctx_.traitStored[trait] = true;
        emit(typeOf(id).optional ? Op::LoadTraitOpt : Op::LoadTrait, dst, static_cast<uint16_t>(trait));
      }
      return;
    case ast::ExprKind::EventField: {
      assert(event_ != bc::kNone);
      int32_t prop = ctx_.checked.events[event_].findProperty(e.name.text);
      assert(prop >= 0);
      emit(Op::LoadEventField, dst, static_cast<uint16_t>(prop));
      return;
    }
    case ast::ExprKind::Call: compileCall(id, dst); return;
    case ast::ExprKind::Unary: compileUnary(id, dst); return;
    case ast::ExprKind::Binary:
      if (e.binaryOp == ast::BinaryOp::Coalesce) compileCoalesce(id, dst);
      else compileBinary(id, dst);
      return;
    case ast::ExprKind::In: compileIn(id, dst); return;
  }
}

void FunctionCompiler::compileBinary(ast::ExprId id, uint16_t dst) {
  if (tryRingPattern(id, dst)) return;
  // The left spine: ((x op1 y) op2 z) op3 w, compiled bottom-up in a loop.
  std::vector<ast::ExprId> spine;
  ast::ExprId cur = id;
  RingMatch ring;
  while (node(cur).kind == ast::ExprKind::Binary && node(cur).binaryOp != ast::BinaryOp::Coalesce &&
         (cur == id || !matchRing(cur, ring))) {
    spine.push_back(cur);
    cur = node(cur).lhs;
  }
  compileInto(cur, dst);
  for (size_t i = spine.size(); i-- > 0;) {
    ast::ExprId n = spine[i];
    const ast::Expr& e = node(n);
    if (e.span.valid()) line_ = ctx_.sources.file(e.span.file).line(e.span.begin);
    binaryStep(n, dst);
    if (i != 0 && promoted(n) && typeOf(n).kind == TypeKind::Int) emit(Op::IntToFloat, dst, dst);
  }
}

void FunctionCompiler::binaryStep(ast::ExprId id, uint16_t dst) {
  const ast::Expr& e = node(id);
  if (e.binaryOp == ast::BinaryOp::And || e.binaryOp == ast::BinaryOp::Or) {
    uint32_t skip = jumpPlaceholder(e.binaryOp == ast::BinaryOp::And ? Op::JumpIfFalse : Op::JumpIfTrue, dst);
    compileInto(e.rhs, dst);
    patchHere(skip);
    return;
  }
  uint16_t mark = next_;
  uint16_t rhs = alloc();
  compileInto(e.rhs, rhs);
  const TypeKind l = effectiveKind(e.lhs), r = effectiveKind(e.rhs);
  const bool isFloat = l == TypeKind::Float || r == TypeKind::Float;
  const bool isString = l == TypeKind::String;
  const bool optional = typeOf(e.lhs).optional || typeOf(e.rhs).optional;
  Op op = Op::Ret;
  switch (e.binaryOp) {
    case ast::BinaryOp::Eq:
      op = optional ? (isFloat ? Op::EqFOpt : isString ? Op::EqSOpt : Op::EqIOpt) : (isFloat ? Op::EqF : isString ? Op::EqS : Op::EqI);
      break;
    case ast::BinaryOp::Ne:
      op = optional ? (isFloat ? Op::NeFOpt : isString ? Op::NeSOpt : Op::NeIOpt) : (isFloat ? Op::NeF : isString ? Op::NeS : Op::NeI);
      break;
    case ast::BinaryOp::Lt: op = isFloat ? Op::LtF : isString ? Op::LtS : Op::LtI; break;
    case ast::BinaryOp::Le: op = isFloat ? Op::LeF : isString ? Op::LeS : Op::LeI; break;
    case ast::BinaryOp::Gt: op = isFloat ? Op::GtF : isString ? Op::GtS : Op::GtI; break;
    case ast::BinaryOp::Ge: op = isFloat ? Op::GeF : isString ? Op::GeS : Op::GeI; break;
    case ast::BinaryOp::Add: op = isFloat ? Op::AddF : isString ? Op::Concat : Op::AddI; break;
    case ast::BinaryOp::Sub: op = isFloat ? Op::SubF : Op::SubI; break;
    case ast::BinaryOp::Mul: op = isFloat ? Op::MulF : Op::MulI; break;
    case ast::BinaryOp::Div: op = isFloat ? Op::DivF : Op::DivI; break;
    case ast::BinaryOp::Mod: op = isFloat ? Op::ModF : Op::ModI; break;
    case ast::BinaryOp::Or:
    case ast::BinaryOp::And:
    case ast::BinaryOp::Coalesce: assert(false); break;
  }
  emit(op, dst, dst, rhs);
  release(mark);
}

void FunctionCompiler::compileCoalesce(ast::ExprId id, uint16_t dst) {
  // a ?? b ?? c: the first present value, evaluating right sides only when needed.
  std::vector<uint32_t> done;
  ast::ExprId cur = id;
  while (node(cur).kind == ast::ExprKind::Binary && node(cur).binaryOp == ast::BinaryOp::Coalesce &&
         (cur == id || !promoted(cur))) {
    compileInto(node(cur).lhs, dst);
    done.push_back(jumpPlaceholder(Op::JumpIfPresent, dst));
    cur = node(cur).rhs;
  }
  compileInto(cur, dst);
  for (uint32_t at : done) patchHere(at);
}

void FunctionCompiler::compileUnary(ast::ExprId id, uint16_t dst) {
  std::vector<ast::ExprId> spine;
  ast::ExprId cur = id;
  while (node(cur).kind == ast::ExprKind::Unary && (cur == id || !promoted(cur))) {
    spine.push_back(cur);
    cur = node(cur).lhs;
  }
  compileInto(cur, dst);
  for (size_t i = spine.size(); i-- > 0;) {
    const ast::Expr& e = node(spine[i]);
    if (e.unaryOp == ast::UnaryOp::Not) emit(Op::Not, dst, dst);
    else emit(typeOf(spine[i]).kind == TypeKind::Float ? Op::NegF : Op::NegI, dst, dst);
  }
}

void FunctionCompiler::compileIn(ast::ExprId id, uint16_t dst) {
  const ast::Expr& e = node(id);
  uint16_t mark = next_;
  uint16_t x = alloc();
  uint16_t item = alloc();
  compileInto(e.lhs, x);
  const TypeKind k = effectiveKind(e.lhs);
  const Op eq = k == TypeKind::Float ? Op::EqF : k == TypeKind::String ? Op::EqS : Op::EqI;
  std::vector<uint32_t> found;
  loadInt(dst, 0);
  for (const ast::ExprId* it = mod_.argsBegin(e); it != mod_.argsEnd(e); ++it) {
    if (k == TypeKind::Float && typeOf(*it).kind == TypeKind::Int) {
      loadFloat(item, static_cast<double>(signedValue(node(*it))));
    } else {
      compileInto(*it, item);
    }
    emit(eq, dst, x, item);
    found.push_back(jumpPlaceholder(Op::JumpIfTrue, dst));
  }
  for (uint32_t at : found) patchHere(at);
  release(mark);
}

void FunctionCompiler::compileCall(ast::ExprId id, uint16_t dst) {
  const sema::Resolution& r = res(id);
  if (r.kind == ResKind::History) {
    compileHistory(id, dst);
    return;
  }
  const ast::Expr& e = node(id);
  uint16_t mark = next_;
  uint16_t args = alloc(static_cast<uint16_t>(e.argsCount > 0 ? e.argsCount : 1));
  for (uint32_t i = 0; i < e.argsCount; ++i) compileInto(mod_.argsBegin(e)[i], static_cast<uint16_t>(args + i));
  emit(Op::CallBuiltin, dst, args, static_cast<int32_t>(r.overload));
  release(mark);
}

}  // namespace onb::codegen
