// The structure of a compiled function: its blocks, its registers, its failure exits, and
// the one switch over every opcode (no default: a new opcode fails the build here until
// the JIT handles it or sends it to the VM).
#include "runtime/jit/function_codegen.hpp"

#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Verifier.h>

namespace onb::jit {

using bc::Insn;
using bc::Op;

FunctionCodegen::FunctionCodegen(llvm::Module& module, const bc::Program& program, uint32_t fnIndex)
    : module_(module),
      context_(module.getContext()),
      program_(program),
      fn_(program.functions[fnIndex]),
      builder_(module.getContext()),
      entryBuilder_(module.getContext()),
      i8Ty_(llvm::Type::getInt8Ty(context_)),
      i32Ty_(llvm::Type::getInt32Ty(context_)),
      i64Ty_(llvm::Type::getInt64Ty(context_)),
      f64Ty_(llvm::Type::getDoubleTy(context_)),
      ptrTy_(llvm::PointerType::get(context_, 0)) {}

llvm::Function* FunctionCodegen::emit(const std::string& name) {
  auto* type = llvm::FunctionType::get(i32Ty_, {ptrTy_}, false);
  function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_);
  function_->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::BasicBlock* entry = llvm::BasicBlock::Create(context_, "entry", function_);
  createBlocks();
  builder_.SetInsertPoint(entry);
  entryBuilder_.SetInsertPoint(builder_.CreateBr(blocks_.at(0)));
  regs_.resize(fn_.registerCount);
  for (Slots& s : regs_) {
    s.payload = entryBuilder_.CreateAlloca(i64Ty_);
    s.length = entryBuilder_.CreateAlloca(i32Ty_);
    s.missing = entryBuilder_.CreateAlloca(i8Ty_);
  }

  const Insn* code = program_.code.data() + fn_.codeBegin;
  const uint32_t size = fn_.codeEnd - fn_.codeBegin;
  builder_.SetInsertPoint(blocks_.at(0));
  bool ok = size > 0;
  for (uint32_t i = 0; ok && i < size; ++i) {
    if (auto it = blocks_.find(i); i > 0 && it != blocks_.end()) {
      if (!terminated()) builder_.CreateBr(it->second);
      builder_.SetInsertPoint(it->second);
    }
    ok = emitInsn(code[i], i);
  }
  // A verified function ends every path in a Ret; anything else is not compiled.
  for (llvm::BasicBlock& b : *function_) ok = ok && b.getTerminator() != nullptr;
  if (!ok || llvm::verifyFunction(*function_)) {
    function_->eraseFromParent();
    return nullptr;
  }
  return function_;
}

void FunctionCodegen::createBlocks() {
  const Insn* code = program_.code.data() + fn_.codeBegin;
  const uint32_t size = fn_.codeEnd - fn_.codeBegin;
  auto start = [&](uint32_t index) {
    if (index < size && !blocks_.count(index)) blocks_[index] = llvm::BasicBlock::Create(context_, "", function_);
  };
  start(0);
  for (uint32_t i = 0; i < size; ++i) {
    const bc::OpFormat format = bc::opInfo(code[i].op).format;
    if (format == bc::OpFormat::J || format == bc::OpFormat::RJ) start(static_cast<uint32_t>(code[i].c));
    if (format == bc::OpFormat::J || format == bc::OpFormat::RJ || format == bc::OpFormat::RET) start(i + 1);
  }
}

bool FunctionCodegen::emitInsn(const Insn& insn, uint32_t index) {
  using llvm::CmpInst;
  switch (insn.op) {
    case Op::LoadConst: emitLoadConst(insn); return true;
    case Op::LoadInt: storeInt(insn.a, i64(insn.c)); return true;
    case Op::LoadMissing: store(insn.a, constant(reinterpret_cast<int64_t>(""), 0, 1)); return true;
    case Op::Move: store(insn.a, load(insn.b)); return true;
    case Op::LoadTrait: return emitLoadTrait(insn, false);
    case Op::LoadTraitOpt: return emitLoadTrait(insn, true);
    case Op::LoadEventField: emitLoadEventField(insn); return true;
    case Op::LoadUserId: emitLoadUserId(insn); return true;
    case Op::LoadNow: storeInt(insn.a, now()); return true;
    case Op::LoadEnteredAt: storeInt(insn.a, contextField(kCtxEnteredAt, i64Ty_)); return true;
    case Op::AddI: emitIntArith(insn, llvm::Intrinsic::sadd_with_overflow); return true;
    case Op::SubI: emitIntArith(insn, llvm::Intrinsic::ssub_with_overflow); return true;
    case Op::MulI: emitIntArith(insn, llvm::Intrinsic::smul_with_overflow); return true;
    case Op::DivI: emitIntDivide(insn, false); return true;
    case Op::ModI: emitIntDivide(insn, true); return true;
    case Op::NegI: emitNegI(insn); return true;
    case Op::AddF: emitFloatArith(insn, llvm::Instruction::FAdd); return true;
    case Op::SubF: emitFloatArith(insn, llvm::Instruction::FSub); return true;
    case Op::MulF: emitFloatArith(insn, llvm::Instruction::FMul); return true;
    case Op::DivF: emitFloatDivide(insn, false); return true;
    case Op::ModF: emitFloatDivide(insn, true); return true;
    case Op::NegF: storeFloat(insn.a, builder_.CreateFNeg(loadFloat(insn.b))); return true;
    case Op::IntToFloat: emitIntToFloat(insn); return true;
    case Op::Concat: emitConcat(insn); return true;
    case Op::EqI: emitCompareInt(insn, CmpInst::ICMP_EQ); return true;
    case Op::NeI: emitCompareInt(insn, CmpInst::ICMP_NE); return true;
    case Op::LtI: emitCompareInt(insn, CmpInst::ICMP_SLT); return true;
    case Op::LeI: emitCompareInt(insn, CmpInst::ICMP_SLE); return true;
    case Op::GtI: emitCompareInt(insn, CmpInst::ICMP_SGT); return true;
    case Op::GeI: emitCompareInt(insn, CmpInst::ICMP_SGE); return true;
    // Ordered comparisons are false on NaN, `une` is true on NaN: C++'s ==, !=, <, ...
    case Op::EqF: emitCompareFloat(insn, CmpInst::FCMP_OEQ); return true;
    case Op::NeF: emitCompareFloat(insn, CmpInst::FCMP_UNE); return true;
    case Op::LtF: emitCompareFloat(insn, CmpInst::FCMP_OLT); return true;
    case Op::LeF: emitCompareFloat(insn, CmpInst::FCMP_OLE); return true;
    case Op::GtF: emitCompareFloat(insn, CmpInst::FCMP_OGT); return true;
    case Op::GeF: emitCompareFloat(insn, CmpInst::FCMP_OGE); return true;
    case Op::EqS: emitCompareString(insn, CmpInst::ICMP_EQ); return true;
    case Op::NeS: emitCompareString(insn, CmpInst::ICMP_NE); return true;
    case Op::LtS: emitCompareString(insn, CmpInst::ICMP_SLT); return true;
    case Op::LeS: emitCompareString(insn, CmpInst::ICMP_SLE); return true;
    case Op::GtS: emitCompareString(insn, CmpInst::ICMP_SGT); return true;
    case Op::GeS: emitCompareString(insn, CmpInst::ICMP_SGE); return true;
    case Op::EqIOpt: emitCompareOptional(insn, 'i', false); return true;
    case Op::NeIOpt: emitCompareOptional(insn, 'i', true); return true;
    case Op::EqFOpt: emitCompareOptional(insn, 'f', false); return true;
    case Op::NeFOpt: emitCompareOptional(insn, 'f', true); return true;
    case Op::EqSOpt: emitCompareOptional(insn, 's', false); return true;
    case Op::NeSOpt: emitCompareOptional(insn, 's', true); return true;
    case Op::Not: storeBool(insn.a, builder_.CreateICmpEQ(load(insn.b).payload, i64(0))); return true;
    case Op::Jump: emitJump(insn); return true;
    case Op::JumpIfFalse:
    case Op::JumpIfTrue:
    case Op::JumpIfPresent: emitConditionalJump(insn, insn.op, index); return true;
    case Op::CallBuiltin: return emitCallBuiltin(insn);
    case Op::HistEver:
    case Op::HistCount:
    case Op::HistCountWithin:
    case Op::HistWithin:
    case Op::HistAtLeast:
    case Op::HistFirst:
    case Op::HistLast:
    case Op::HistSince: return emitHistory(insn);
    case Op::FilterCount:
    case Op::FilterCountWithin:
    case Op::FilterFirst:
    case Op::FilterLast: emitFilterQuery(insn); return true;
    case Op::Ret: emitRet(insn); return true;
    case Op::kCount: break;
  }
  return false;
}

llvm::BasicBlock* FunctionCodegen::failBlock(const char* message) {
  llvm::BasicBlock*& block = failBlocks_[message];
  if (block) return block;
  block = llvm::BasicBlock::Create(context_, "fail", function_);
  llvm::IRBuilder<> b(block);
  if (message) b.CreateStore(pointerConstant(message), b.CreateConstInBoundsGEP1_64(i8Ty_, contextPointer(), kCtxError));
  b.CreateRet(b.getInt32(0));
  return block;
}

void FunctionCodegen::failIf(llvm::Value* cond, const char* message) {
  llvm::BasicBlock* next = llvm::BasicBlock::Create(context_, "", function_);
  builder_.CreateCondBr(cond, failBlock(message), next, llvm::MDBuilder(context_).createBranchWeights(1, 1u << 20));
  builder_.SetInsertPoint(next);
}

Scalars FunctionCodegen::load(uint16_t reg) {
  const Slots& s = regs_[reg];
  return {builder_.CreateLoad(i64Ty_, s.payload), builder_.CreateLoad(i32Ty_, s.length),
          builder_.CreateLoad(i8Ty_, s.missing)};
}

void FunctionCodegen::store(uint16_t reg, Scalars v) {
  const Slots& s = regs_[reg];
  builder_.CreateStore(v.payload, s.payload);
  builder_.CreateStore(v.length, s.length);
  builder_.CreateStore(v.missing, s.missing);
}

void FunctionCodegen::storeInt(uint16_t reg, llvm::Value* v) { store(reg, {v, i32(0), builder_.getInt8(0)}); }

void FunctionCodegen::storeBool(uint16_t reg, llvm::Value* v) { storeInt(reg, builder_.CreateZExt(v, i64Ty_)); }

void FunctionCodegen::storeFloat(uint16_t reg, llvm::Value* v) { storeInt(reg, builder_.CreateBitCast(v, i64Ty_)); }

llvm::Value* FunctionCodegen::loadFloat(uint16_t reg) {
  return builder_.CreateBitCast(builder_.CreateLoad(i64Ty_, regs_[reg].payload), f64Ty_);
}

Scalars FunctionCodegen::constant(int64_t payload, uint32_t length, uint8_t missing) {
  return {i64(payload), i32(length), builder_.getInt8(missing)};
}

llvm::Value* FunctionCodegen::contextField(uint32_t offset, llvm::Type* type) {
  llvm::Value*& v = contextFields_[offset];
  if (!v) v = entryBuilder_.CreateLoad(type, entryBuilder_.CreateConstInBoundsGEP1_64(i8Ty_, contextPointer(), offset));
  return v;
}

llvm::Value* FunctionCodegen::loadAt(llvm::Value* base, llvm::Value* offset, llvm::Type* type, unsigned align) {
  return builder_.CreateAlignedLoad(type, builder_.CreateInBoundsGEP(i8Ty_, base, offset), llvm::Align(align));
}

llvm::Value* FunctionCodegen::loadAt(llvm::Value* base, uint64_t offset, llvm::Type* type, unsigned align) {
  return builder_.CreateAlignedLoad(type, builder_.CreateConstInBoundsGEP1_64(i8Ty_, base, offset), llvm::Align(align));
}

void FunctionCodegen::storeAt(llvm::Value* base, uint64_t offset, llvm::Value* v, unsigned align) {
  builder_.CreateAlignedStore(v, builder_.CreateConstInBoundsGEP1_64(i8Ty_, base, offset), llvm::Align(align));
}

llvm::Value* FunctionCodegen::pointerConstant(const void* p) {
  return llvm::ConstantExpr::getIntToPtr(llvm::ConstantInt::get(i64Ty_, reinterpret_cast<uint64_t>(p)), ptrTy_);
}

llvm::AllocaInst* FunctionCodegen::helperOut() {
  if (!helperOut_) {
    helperOut_ = entryBuilder_.CreateAlloca(llvm::ArrayType::get(i8Ty_, kValueSize));
    helperOut_->setAlignment(llvm::Align(8));
  }
  return helperOut_;
}

Scalars FunctionCodegen::loadValue(llvm::Value* p) {
  return {loadAt(p, kValuePayload, i64Ty_, 8), loadAt(p, kValueLength, i32Ty_, 4), loadAt(p, kValueMissing, i8Ty_, 1)};
}

llvm::Value* FunctionCodegen::callHelper(const void* fn, llvm::FunctionType* type, llvm::ArrayRef<llvm::Value*> args) {
  llvm::CallInst* call = builder_.CreateCall(type, pointerConstant(fn), args);
  call->addFnAttr(llvm::Attribute::NoUnwind);
  return call;
}

}  // namespace onb::jit
