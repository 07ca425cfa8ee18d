// Opcodes that compare, call and branch: integer, float and string comparisons (with
// their optional forms), built-in calls, jumps and the return.
#include "stdlib/builtins.hpp"
#include "runtime/jit/function_codegen.hpp"

namespace onb::jit {

using bc::Insn;
using bc::Op;

void FunctionCodegen::emitCompareInt(const Insn& insn, llvm::CmpInst::Predicate pred) {
  storeBool(insn.a, builder_.CreateICmp(pred, load(insn.b).payload, load(insn.c).payload));
}

void FunctionCodegen::emitCompareFloat(const Insn& insn, llvm::CmpInst::Predicate pred) {
  storeBool(insn.a, builder_.CreateFCmp(pred, loadFloat(insn.b), loadFloat(insn.c)));
}

namespace {

llvm::FunctionType* compareType(llvm::LLVMContext& c) {
  llvm::Type* ptr = llvm::PointerType::get(c, 0);
  llvm::Type* i64 = llvm::Type::getInt64Ty(c);
  return llvm::FunctionType::get(llvm::Type::getInt32Ty(c), {ptr, i64, ptr, i64}, false);
}

}  // namespace

llvm::Value* FunctionCodegen::stringsEqual(const Scalars& a, const Scalars& b) {
  // Strings of different lengths differ without a call.
  llvm::BasicBlock* from = builder_.GetInsertBlock();
  llvm::BasicBlock* compare = llvm::BasicBlock::Create(context_, "", function_);
  llvm::BasicBlock* join = llvm::BasicBlock::Create(context_, "", function_);
  builder_.CreateCondBr(builder_.CreateICmpEQ(a.length, b.length), compare, join);
  builder_.SetInsertPoint(compare);
  llvm::Value* c = callHelper(reinterpret_cast<const void*>(&onbJitCompareStrings), compareType(context_),
                              {builder_.CreateIntToPtr(a.payload, ptrTy_), builder_.CreateZExt(a.length, i64Ty_),
                               builder_.CreateIntToPtr(b.payload, ptrTy_), builder_.CreateZExt(b.length, i64Ty_)});
  llvm::Value* same = builder_.CreateICmpEQ(c, i32(0));
  builder_.CreateBr(join);
  builder_.SetInsertPoint(join);
  llvm::PHINode* phi = builder_.CreatePHI(builder_.getInt1Ty(), 2);
  phi->addIncoming(builder_.getFalse(), from);
  phi->addIncoming(same, compare);
  return phi;
}

void FunctionCodegen::emitCompareString(const Insn& insn, llvm::CmpInst::Predicate pred) {
  const Scalars a = load(insn.b);
  const Scalars b = load(insn.c);
  if (pred == llvm::CmpInst::ICMP_EQ || pred == llvm::CmpInst::ICMP_NE) {
    llvm::Value* eq = stringsEqual(a, b);
    storeBool(insn.a, pred == llvm::CmpInst::ICMP_EQ ? eq : builder_.CreateNot(eq));
    return;
  }
  llvm::Value* c = callHelper(reinterpret_cast<const void*>(&onbJitCompareStrings), compareType(context_),
                              {builder_.CreateIntToPtr(a.payload, ptrTy_), builder_.CreateZExt(a.length, i64Ty_),
                               builder_.CreateIntToPtr(b.payload, ptrTy_), builder_.CreateZExt(b.length, i64Ty_)});
  storeBool(insn.a, builder_.CreateICmp(pred, c, i32(0)));
}

void FunctionCodegen::emitCompareOptional(const Insn& insn, char kind, bool negate) {
  const Scalars a = load(insn.b);
  const Scalars b = load(insn.c);
  llvm::Value* present = builder_.CreateAnd(builder_.CreateICmpEQ(a.missing, builder_.getInt8(0)),
                                            builder_.CreateICmpEQ(b.missing, builder_.getInt8(0)));
  llvm::Value* result = nullptr;
  if (kind == 's') {
    // The strings are compared only when both are present, as in the VM.
    llvm::BasicBlock* from = builder_.GetInsertBlock();
    llvm::BasicBlock* both = llvm::BasicBlock::Create(context_, "", function_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(context_, "", function_);
    builder_.CreateCondBr(present, both, join);
    builder_.SetInsertPoint(both);
    llvm::Value* eq = stringsEqual(a, b);
    llvm::BasicBlock* bothEnd = builder_.GetInsertBlock();
    builder_.CreateBr(join);
    builder_.SetInsertPoint(join);
    llvm::PHINode* phi = builder_.CreatePHI(builder_.getInt1Ty(), 2);
    phi->addIncoming(builder_.getFalse(), from);
    phi->addIncoming(eq, bothEnd);
    result = phi;
  } else {
    llvm::Value* eq = kind == 'i' ? builder_.CreateICmpEQ(a.payload, b.payload)
                                  : builder_.CreateFCmpOEQ(builder_.CreateBitCast(a.payload, f64Ty_),
                                                           builder_.CreateBitCast(b.payload, f64Ty_));
    result = builder_.CreateAnd(present, eq);
  }
  storeBool(insn.a, negate ? builder_.CreateNot(result) : result);
}

bool FunctionCodegen::emitCallBuiltin(const Insn& insn) {
  if (insn.c < 0 || insn.c >= static_cast<int32_t>(stdlib::Overload::kCount)) return false;
  const stdlib::OverloadInfo& info = stdlib::overloadInfo(static_cast<stdlib::Overload>(insn.c));
  if (!builtinArgs_) {
    builtinArgs_ = entryBuilder_.CreateAlloca(llvm::ArrayType::get(i8Ty_, 2 * kValueSize));
    builtinArgs_->setAlignment(llvm::Align(8));
  }
  // The arguments are registers b, b+1 laid out as vm::Value, as the VM passes &r[b].
  for (uint32_t k = 0; k < info.arity; ++k) {
    const Scalars v = load(static_cast<uint16_t>(insn.b + k));
    storeAt(builtinArgs_, k * kValueSize + kValuePayload, v.payload, 8);
    storeAt(builtinArgs_, k * kValueSize + kValueLength, v.length, 4);
    storeAt(builtinArgs_, k * kValueSize + kValueMissing, v.missing, 1);
  }
  auto* type = llvm::FunctionType::get(i32Ty_, {ptrTy_, i32Ty_, ptrTy_, ptrTy_}, false);
  llvm::Value* ok = callHelper(reinterpret_cast<const void*>(&onbJitCallBuiltin), type,
                               {contextPointer(), i32(static_cast<uint32_t>(insn.c)), builtinArgs_, helperOut()});
  failIf(builder_.CreateICmpEQ(ok, i32(0)), nullptr);  // the helper set the message
  store(insn.a, loadValue(helperOut()));
  return true;
}

void FunctionCodegen::emitJump(const Insn& insn) { builder_.CreateBr(blocks_.at(static_cast<uint32_t>(insn.c))); }

void FunctionCodegen::emitConditionalJump(const Insn& insn, Op op, uint32_t index) {
  const Scalars v = load(insn.a);
  llvm::Value* taken = nullptr;
  if (op == Op::JumpIfFalse) taken = builder_.CreateICmpEQ(v.payload, i64(0));
  else if (op == Op::JumpIfTrue) taken = builder_.CreateICmpNE(v.payload, i64(0));
  else taken = builder_.CreateICmpEQ(v.missing, builder_.getInt8(0));  // JumpIfPresent
  builder_.CreateCondBr(taken, blocks_.at(static_cast<uint32_t>(insn.c)), blocks_.at(index + 1));
}

void FunctionCodegen::emitRet(const Insn& insn) {
  // The results go to regs[0 .. b), where the runner's results() reads them.
  llvm::Value* regs = contextField(kCtxRegs, ptrTy_);
  for (uint32_t i = 0; i < insn.b; ++i) {
    const Scalars v = load(static_cast<uint16_t>(insn.a + i));
    storeAt(regs, i * kValueSize + kValuePayload, v.payload, 8);
    storeAt(regs, i * kValueSize + kValueLength, v.length, 4);
    storeAt(regs, i * kValueSize + kValueMissing, v.missing, 1);
  }
  builder_.CreateRet(i32(1));
}

}  // namespace onb::jit
