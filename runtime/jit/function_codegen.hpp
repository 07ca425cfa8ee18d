// Lowers one bytecode function to LLVM IR (private to runtime/jit/).
//
// Each VM register becomes three stack slots (payload i64, length i32, missing i8) that
// SROA turns into SSA values, so a condition compiles to straight-line code with no
// register file in memory; only the results are written to NativeContext::regs, at the
// Ret. Every jump of a verified function goes forward, so the blocks are the runs of
// instructions between jump targets and the instructions after jumps and returns. Runtime
// errors branch to one cold block per message, which stores it and returns 0.
//
// The per-opcode code is split by area: codegen_values.cpp (loads, traits, arithmetic),
// codegen_compare.cpp (comparisons, strings, built-ins, jumps), codegen_history.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include "runtime/bytecode/program.hpp"
#include "runtime/jit/native_abi.hpp"

namespace onb::jit {

// A register's value as SSA scalars: payload (i64), length (i32), missing (i8).
struct Scalars {
  llvm::Value* payload;
  llvm::Value* length;
  llvm::Value* missing;
};

class FunctionCodegen {
 public:
  FunctionCodegen(llvm::Module& module, const bc::Program& program, uint32_t fnIndex);

  // Emits the function as `int32_t name(NativeContext*)`. Returns null (and leaves nothing
  // in the module) when an instruction cannot be compiled: the VM runs that function.
  llvm::Function* emit(const std::string& name);

 private:
  struct Slots {
    llvm::AllocaInst* payload;
    llvm::AllocaInst* length;
    llvm::AllocaInst* missing;
  };

  // ---- Structure (function_codegen.cpp) ----
  void createBlocks();
  bool emitInsn(const bc::Insn& insn, uint32_t index);
  bool terminated() const { return builder_.GetInsertBlock()->getTerminator() != nullptr; }
  // Continues in a new block when `cond` is false; jumps to the failure of `message`
  // (null: a helper already set the error) when it is true.
  void failIf(llvm::Value* cond, const char* message);
  llvm::BasicBlock* failBlock(const char* message);

  // ---- Values and memory (function_codegen.cpp) ----
  Scalars load(uint16_t reg);
  void store(uint16_t reg, Scalars v);
  void storeInt(uint16_t reg, llvm::Value* i64);
  void storeBool(uint16_t reg, llvm::Value* i1);
  void storeFloat(uint16_t reg, llvm::Value* f64);
  llvm::Value* loadFloat(uint16_t reg);
  Scalars constant(int64_t payload, uint32_t length, uint8_t missing);
  // A field of the NativeContext, loaded once in the entry block.
  llvm::Value* contextField(uint32_t offset, llvm::Type* type);
  llvm::Value* user() { return contextField(kCtxUser, ptrTy_); }
  llvm::Value* now() { return contextField(kCtxNow, i64Ty_); }
  // A load of `type` at byte `offset` from `base`.
  llvm::Value* loadAt(llvm::Value* base, llvm::Value* offset, llvm::Type* type, unsigned align);
  llvm::Value* loadAt(llvm::Value* base, uint64_t offset, llvm::Type* type, unsigned align);
  void storeAt(llvm::Value* base, uint64_t offset, llvm::Value* v, unsigned align);
  llvm::Value* pointerConstant(const void* p);
  llvm::Value* i64(int64_t v) { return builder_.getInt64(static_cast<uint64_t>(v)); }
  llvm::Value* i32(uint32_t v) { return builder_.getInt32(v); }
  // Calls the C helper at `fn` with type `type`.
  llvm::Value* callHelper(const void* fn, llvm::FunctionType* type, llvm::ArrayRef<llvm::Value*> args);
  llvm::Value* contextPointer() { return function_->getArg(0); }
  // A vm::Value on the stack that helpers write their result to (made on first use).
  llvm::AllocaInst* helperOut();
  // Loads the vm::Value at `p` as scalars.
  Scalars loadValue(llvm::Value* p);

  // ---- Opcodes: loads, traits, arithmetic (codegen_values.cpp) ----
  void emitLoadConst(const bc::Insn& insn);
  bool emitLoadTrait(const bc::Insn& insn, bool optional);
  void emitLoadEventField(const bc::Insn& insn);
  void emitLoadUserId(const bc::Insn& insn);
  void emitIntArith(const bc::Insn& insn, llvm::Intrinsic::ID overflowIntrinsic);
  void emitIntDivide(const bc::Insn& insn, bool remainder);
  void emitNegI(const bc::Insn& insn);
  void emitFloatArith(const bc::Insn& insn, llvm::Instruction::BinaryOps op);
  void emitFloatDivide(const bc::Insn& insn, bool remainder);
  void emitIntToFloat(const bc::Insn& insn);
  void emitConcat(const bc::Insn& insn);

  // ---- Opcodes: comparisons, strings, built-ins, jumps (codegen_compare.cpp) ----
  void emitCompareInt(const bc::Insn& insn, llvm::CmpInst::Predicate pred);
  void emitCompareFloat(const bc::Insn& insn, llvm::CmpInst::Predicate pred);
  void emitCompareString(const bc::Insn& insn, llvm::CmpInst::Predicate pred);
  // EqIOpt..NeSOpt: both present and equal, negated for the Ne forms.
  void emitCompareOptional(const bc::Insn& insn, char kind, bool negate);
  // Bytewise equality of two strings: lengths first, then the helper.
  llvm::Value* stringsEqual(const Scalars& a, const Scalars& b);
  bool emitCallBuiltin(const bc::Insn& insn);
  void emitJump(const bc::Insn& insn);
  void emitConditionalJump(const bc::Insn& insn, bc::Op op, uint32_t index);
  void emitRet(const bc::Insn& insn);

  // ---- Opcodes: history (codegen_history.cpp) ----
  // Fails when the slot's filtered stream has errors (after `from`, when given).
  void checkStreamErrors(const bc::HistorySlot& slot, llvm::Value* from);
  // satSub(a, b): a - b saturated to the int64 range (user_state.hpp).
  llvm::Value* saturatingSub(llvm::Value* a, llvm::Value* b);
  bool emitHistory(const bc::Insn& insn);
  // FilterCount..FilterLast: a call to onbJitFilterQuery, which runs the stream's filter
  // (compiled or on the VM) over the user's event log.
  void emitFilterQuery(const bc::Insn& insn);

  llvm::Module& module_;
  llvm::LLVMContext& context_;
  const bc::Program& program_;
  const bc::Function& fn_;
  llvm::IRBuilder<> builder_;
  llvm::IRBuilder<> entryBuilder_;  // inserts at the end of the entry block, before its branch
  llvm::Type* i8Ty_;
  llvm::Type* i32Ty_;
  llvm::Type* i64Ty_;
  llvm::Type* f64Ty_;
  llvm::PointerType* ptrTy_;
  llvm::Function* function_ = nullptr;
  std::vector<Slots> regs_;
  std::map<uint32_t, llvm::BasicBlock*> blocks_;  // by instruction index: where a block starts
  std::map<const char*, llvm::BasicBlock*> failBlocks_;
  std::map<uint32_t, llvm::Value*> contextFields_;
  llvm::AllocaInst* builtinArgs_ = nullptr;  // Value[2], made on first use
  llvm::AllocaInst* helperOut_ = nullptr;
};

}  // namespace onb::jit
