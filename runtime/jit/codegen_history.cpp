// History opcodes: inline loads from the user's state block, at the offsets of the slot
// (bc::HistorySlot, layouts in runtime/engine/user_state.hpp), with the errors of
// filtered streams checked first. A log's count and the filters run at query time
// (Filter*) call back into C++.
#include <limits>

#include "runtime/engine/user_state.hpp"
#include "runtime/jit/function_codegen.hpp"

namespace onb::jit {

using bc::Insn;
using bc::Op;

void FunctionCodegen::checkStreamErrors(const bc::HistorySlot& slot, llvm::Value* from) {
  const bc::HistoryStream& stream = program_.streams[slot.stream];
  if (stream.errorOffset == bc::kNone) return;
  // uint64 count of failed events, then int64 time of the last failure.
  llvm::Value* failed = builder_.CreateICmpNE(loadAt(user(), stream.errorOffset, i64Ty_, 8), i64(0));
  if (from) failed = builder_.CreateAnd(failed, builder_.CreateICmpSGT(loadAt(user(), stream.errorOffset + 8, i64Ty_, 8), from));
  failIf(failed, kFilterFailed);
}

llvm::Value* FunctionCodegen::saturatingSub(llvm::Value* a, llvm::Value* b) {
  llvm::Value* pair = builder_.CreateBinaryIntrinsic(llvm::Intrinsic::ssub_with_overflow, a, b);
  llvm::Value* saturated = builder_.CreateSelect(builder_.CreateICmpSGT(b, i64(0)),
                                                 i64(std::numeric_limits<int64_t>::min()),
                                                 i64(std::numeric_limits<int64_t>::max()));
  return builder_.CreateSelect(builder_.CreateExtractValue(pair, 1), saturated, builder_.CreateExtractValue(pair, 0));
}

bool FunctionCodegen::emitHistory(const Insn& insn) {
  const bc::HistorySlot& slot = program_.historySlots[insn.b];
  const uint32_t offset = slot.offset;
  // A time, or Value::none() when there is none.
  auto timeOrNone = [&](llvm::Value* t, llvm::Value* isNone) {
    store(insn.a, {builder_.CreateSelect(isNone, i64(0), t), i32(0), builder_.CreateZExt(isNone, i8Ty_)});
  };
  const Op op = insn.op;
  if (op == Op::HistEver) {
    checkStreamErrors(slot, nullptr);
    storeBool(insn.a, builder_.CreateICmpSGT(loadAt(user(), offset, i64Ty_, 8), i64(0)));
    return true;
  }
  if (op == Op::HistCount) {
    checkStreamErrors(slot, nullptr);
    storeInt(insn.a, loadAt(user(), offset, i64Ty_, 8));
    return true;
  }
  if (op == Op::HistCountWithin) {
    llvm::Value* from = saturatingSub(now(), load(static_cast<uint16_t>(insn.c)).payload);
    checkStreamErrors(slot, from);
    llvm::Value* log = loadAt(user(), offset, ptrTy_, 8);
    auto* type = llvm::FunctionType::get(i64Ty_, {ptrTy_, i64Ty_}, false);
    storeInt(insn.a, callHelper(reinterpret_cast<const void*>(&onbJitCountAfter), type, {log, from}));
    return true;
  }
  if (op == Op::HistWithin) {
    llvm::Value* from = saturatingSub(now(), load(static_cast<uint16_t>(insn.c)).payload);
    checkStreamErrors(slot, from);
    llvm::Value* last = loadAt(user(), offset, i64Ty_, 8);
    storeBool(insn.a, builder_.CreateAnd(builder_.CreateICmpNE(last, i64(engine::kNoTime)),
                                         builder_.CreateICmpSGT(last, from)));
    return true;
  }
  if (op == Op::HistAtLeast) {
    // A ring: int64 times[k], uint32 count, uint32 head. Full, and its k-th latest time
    // (index (head + k - k) % k, in uint32 as Ring::nthLatest computes it) is in the window.
    const uint32_t k = slot.k;
    if (k == 0) return false;
    llvm::Value* from = saturatingSub(now(), i64(slot.windowMs));
    checkStreamErrors(slot, from);
    llvm::Value* count = loadAt(user(), uint64_t{offset} + 8ull * k, i32Ty_, 4);
    llvm::Value* head = loadAt(user(), uint64_t{offset} + 8ull * k + 4, i32Ty_, 4);
    llvm::Value* index = builder_.CreateURem(builder_.CreateSub(builder_.CreateAdd(head, i32(k)), i32(k)), i32(k));
    llvm::Value* byteOffset = builder_.CreateAdd(i64(offset), builder_.CreateShl(builder_.CreateZExt(index, i64Ty_), 3));
    llvm::Value* oldest = loadAt(user(), byteOffset, i64Ty_, 8);
    storeBool(insn.a, builder_.CreateAnd(builder_.CreateICmpUGE(count, i32(k)), builder_.CreateICmpSGT(oldest, from)));
    return true;
  }
  if (op == Op::HistFirst || op == Op::HistLast) {
    checkStreamErrors(slot, nullptr);
    llvm::Value* t = loadAt(user(), offset, i64Ty_, 8);
    timeOrNone(t, builder_.CreateICmpEQ(t, i64(engine::kNoTime)));
    return true;
  }
  if (op == Op::HistSince) {
    checkStreamErrors(slot, nullptr);
    llvm::Value* t = loadAt(user(), offset, i64Ty_, 8);
    llvm::Value* isNone = builder_.CreateICmpEQ(t, i64(engine::kNoTime));
    llvm::Value* pair = builder_.CreateBinaryIntrinsic(llvm::Intrinsic::ssub_with_overflow, now(), t);
    failIf(builder_.CreateAnd(builder_.CreateNot(isNone), builder_.CreateExtractValue(pair, 1)), kIntegerOverflow);
    timeOrNone(builder_.CreateExtractValue(pair, 0), isNone);
    return true;
  }
  return false;
}

void FunctionCodegen::emitFilterQuery(const Insn& insn) {
  // FilterCountWithin's duration is in register c; the other forms have none.
  llvm::Value* window = insn.op == Op::FilterCountWithin ? load(static_cast<uint16_t>(insn.c)).payload : i64(0);
  auto* type = llvm::FunctionType::get(i32Ty_, {ptrTy_, i32Ty_, i32Ty_, i64Ty_, ptrTy_}, false);
  llvm::Value* ok = callHelper(reinterpret_cast<const void*>(&onbJitFilterQuery), type,
                               {contextPointer(), i32(static_cast<uint32_t>(insn.op)), i32(insn.b), window, helperOut()});
  failIf(builder_.CreateICmpEQ(ok, i32(0)), nullptr);  // the filter's error, set by the helper
  store(insn.a, loadValue(helperOut()));
}

}  // namespace onb::jit
