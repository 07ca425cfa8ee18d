// Opcodes that make values: constants, traits, event properties, the user id, and the
// integer, float and string arithmetic with its runtime errors (vm.cpp has the reference
// semantics: the same checks, in the same order, with the same messages).
#include <bit>
#include <cstddef>
#include <limits>

#include <llvm/IR/MDBuilder.h>

#include "runtime/engine/user_state.hpp"
#include "runtime/jit/function_codegen.hpp"

namespace onb::jit {

using bc::Insn;

void FunctionCodegen::emitLoadConst(const Insn& insn) {
  const bc::Constant& k = program_.constants[static_cast<size_t>(insn.c)];
  if (k.type == ValueType::Float) {
    store(insn.a, constant(std::bit_cast<int64_t>(k.f), 0, 0));
  } else if (k.type == ValueType::String) {
    const std::string_view s = program_.constantString(k);
    store(insn.a, constant(reinterpret_cast<int64_t>(s.data()), static_cast<uint32_t>(s.size()), 0));
  } else {
    store(insn.a, constant(k.i, 0, 0));
  }
}

bool FunctionCodegen::emitLoadTrait(const Insn& insn, bool optional) {
  const uint32_t trait = insn.b;
  const uint32_t offset = program_.layout.traitOffset[trait];
  if (offset == bc::kNone) return false;
  // The default as the VM materialises it (Vm::Vm): a string default points at the
  // schema's text; no default reads as missing.
  const bc::TraitSpec& spec = program_.schema.traits[trait];
  Value fallback = Value::none();
  if (spec.hasDefault) {
    fallback = spec.defaultValue;
    if (spec.type == ValueType::String) fallback = Value::ofString(spec.defaultText);
    fallback.missing = 0;
  } else if (optional) {
    fallback.s = "";
  }

  llvm::Value* cell = builder_.CreateConstInBoundsGEP1_64(i8Ty_, user(), offset);
  llvm::Value* isSet = builder_.CreateICmpNE(loadAt(cell, offsetof(engine::TraitCell, set), i8Ty_, 1),
                                             builder_.getInt8(0));
  if (!optional && !spec.hasDefault) {
    // Unset with no default: the missing-trait error.
    llvm::BasicBlock* unset = llvm::BasicBlock::Create(context_, "unset", function_);
    llvm::BasicBlock* next = llvm::BasicBlock::Create(context_, "", function_);
    builder_.CreateCondBr(isSet, next, unset, llvm::MDBuilder(context_).createBranchWeights(1u << 20, 1));
    builder_.SetInsertPoint(unset);
    auto* type = llvm::FunctionType::get(i32Ty_, {ptrTy_, i32Ty_}, false);
    callHelper(reinterpret_cast<const void*>(&onbJitMissingTrait), type, {contextPointer(), i32(trait)});
    builder_.CreateRet(i32(0));
    builder_.SetInsertPoint(next);
    store(insn.a, {loadAt(cell, offsetof(engine::TraitCell, i), i64Ty_, 8),
                   loadAt(cell, offsetof(engine::TraitCell, len), i32Ty_, 4), builder_.getInt8(0)});
    return true;
  }
  llvm::Value* payload = loadAt(cell, offsetof(engine::TraitCell, i), i64Ty_, 8);
  llvm::Value* length = loadAt(cell, offsetof(engine::TraitCell, len), i32Ty_, 4);
  store(insn.a, {builder_.CreateSelect(isSet, payload, i64(fallback.i)),
                 builder_.CreateSelect(isSet, length, i32(fallback.len)),
                 builder_.CreateSelect(isSet, builder_.getInt8(0), builder_.getInt8(fallback.missing))});
  return true;
}

void FunctionCodegen::emitLoadEventField(const Insn& insn) {
  llvm::Value* event = contextField(kCtxEvent, ptrTy_);
  const uint64_t base = uint64_t{insn.b} * kValueSize;
  store(insn.a, {loadAt(event, base + kValuePayload, i64Ty_, 8), loadAt(event, base + kValueLength, i32Ty_, 4),
                 loadAt(event, base + kValueMissing, i8Ty_, 1)});
}

void FunctionCodegen::emitLoadUserId(const Insn& insn) {
  llvm::Value* length = builder_.CreateTrunc(contextField(kCtxUserIdLength, i64Ty_), i32Ty_);
  store(insn.a, {contextField(kCtxUserId, i64Ty_), length, builder_.getInt8(0)});
}

void FunctionCodegen::emitIntArith(const Insn& insn, llvm::Intrinsic::ID overflowIntrinsic) {
  llvm::Value* pair = builder_.CreateBinaryIntrinsic(overflowIntrinsic, load(insn.b).payload, load(insn.c).payload);
  failIf(builder_.CreateExtractValue(pair, 1), kIntegerOverflow);
  storeInt(insn.a, builder_.CreateExtractValue(pair, 0));
}

void FunctionCodegen::emitIntDivide(const Insn& insn, bool remainder) {
  llvm::Value* a = load(insn.b).payload;
  llvm::Value* b = load(insn.c).payload;
  failIf(builder_.CreateICmpEQ(b, i64(0)), kDivisionByZero);
  failIf(builder_.CreateAnd(builder_.CreateICmpEQ(a, i64(std::numeric_limits<int64_t>::min())),
                            builder_.CreateICmpEQ(b, i64(-1))),
         kIntegerOverflow);
  storeInt(insn.a, remainder ? builder_.CreateSRem(a, b) : builder_.CreateSDiv(a, b));
}

void FunctionCodegen::emitNegI(const Insn& insn) {
  llvm::Value* a = load(insn.b).payload;
  failIf(builder_.CreateICmpEQ(a, i64(std::numeric_limits<int64_t>::min())), kIntegerOverflow);
  storeInt(insn.a, builder_.CreateNSWNeg(a));
}

namespace {

// True when `v` is an infinity or a NaN: |v| is unordered with or equal to +inf.
llvm::Value* notFinite(llvm::IRBuilder<>& b, llvm::Value* v) {
  llvm::Value* magnitude = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
  return b.CreateFCmpUEQ(magnitude, llvm::ConstantFP::getInfinity(v->getType()));
}

}  // namespace

void FunctionCodegen::emitFloatArith(const Insn& insn, llvm::Instruction::BinaryOps op) {
  llvm::Value* out = builder_.CreateBinOp(op, loadFloat(insn.b), loadFloat(insn.c));
  failIf(notFinite(builder_, out), kNotFinite);
  storeFloat(insn.a, out);
}

void FunctionCodegen::emitFloatDivide(const Insn& insn, bool remainder) {
  llvm::Value* a = loadFloat(insn.b);
  llvm::Value* b = loadFloat(insn.c);
  failIf(builder_.CreateFCmpOEQ(b, llvm::ConstantFP::get(f64Ty_, 0.0)), kDivisionByZero);
  if (remainder) {  // no finiteness check, as in the VM
    auto* type = llvm::FunctionType::get(f64Ty_, {f64Ty_, f64Ty_}, false);
    storeFloat(insn.a, callHelper(reinterpret_cast<const void*>(&onbJitFmod), type, {a, b}));
    return;
  }
  llvm::Value* out = builder_.CreateFDiv(a, b);
  failIf(notFinite(builder_, out), kNotFinite);
  storeFloat(insn.a, out);
}

void FunctionCodegen::emitIntToFloat(const Insn& insn) {
  // `int? ?? float` converts a value that may be missing: the flag is kept.
  const Scalars src = load(insn.b);
  llvm::Value* f = builder_.CreateSIToFP(src.payload, f64Ty_);
  store(insn.a, {builder_.CreateBitCast(f, i64Ty_), i32(0), src.missing});
}

void FunctionCodegen::emitConcat(const Insn& insn) {
  const Scalars a = load(insn.b);
  const Scalars b = load(insn.c);
  llvm::Value* aLength = builder_.CreateZExt(a.length, i64Ty_);
  llvm::Value* bLength = builder_.CreateZExt(b.length, i64Ty_);
  llvm::Value* n = builder_.CreateAdd(aLength, bLength);
  failIf(builder_.CreateICmpUGT(n, i64(std::numeric_limits<uint32_t>::max())), kStringTooLong);
  auto* type = llvm::FunctionType::get(ptrTy_, {ptrTy_, ptrTy_, i64Ty_, ptrTy_, i64Ty_}, false);
  llvm::Value* out = callHelper(reinterpret_cast<const void*>(&onbJitConcat), type,
                                {contextPointer(), builder_.CreateIntToPtr(a.payload, ptrTy_), aLength,
                                 builder_.CreateIntToPtr(b.payload, ptrTy_), bLength});
  store(insn.a, {builder_.CreatePtrToInt(out, i64Ty_), builder_.CreateTrunc(n, i32Ty_), builder_.getInt8(0)});
}

}  // namespace onb::jit
