// LLVM ORC setup: one LLJIT for the host, one module holding every function of the
// program, a short function pipeline (the IR is already simple: registers to SSA, then
// clean-ups), and the addresses of the compiled functions.
#include "runtime/jit/native_module.hpp"

#include <mutex>

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>

#include "runtime/jit/function_codegen.hpp"

namespace onb::jit {

struct NativeModule::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

NativeModule::NativeModule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NativeModule::~NativeModule() = default;

namespace {

void initializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

std::string functionName(size_t index) { return "onb_fn_" + std::to_string(index); }

// Registers to SSA (SROA), then common subexpressions, peepholes and a simpler CFG: what
// turns the one-block-per-jump-target IR into tight code. The interprocedural passes of
// -O2 have nothing to do here (no function calls another directly).
void optimize(llvm::Module& module) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder;
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::FunctionPassManager pipeline;
  pipeline.addPass(llvm::SROAPass());
  pipeline.addPass(llvm::EarlyCSEPass());
  pipeline.addPass(llvm::InstCombinePass());
  pipeline.addPass(llvm::SimplifyCFGPass());
  for (llvm::Function& f : module)
    if (!f.isDeclaration()) pipeline.run(f, functions);
}

}  // namespace

std::unique_ptr<NativeModule> NativeModule::compile(const bc::Program& program, std::vector<NativeFn>& native,
                                                    std::string& error) {
  initializeLlvm();
  native.assign(program.functions.size(), nullptr);
  auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!host) {
    error = llvm::toString(host.takeError());
    return nullptr;
  }
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*host)).create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  // The helpers are called through their addresses; should LLVM lower an operation to a C
  // library call by name (none of today's opcodes does), it resolves to this process's.
  auto processSymbols = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!processSymbols) {
    error = llvm::toString(processSymbols.takeError());
    return nullptr;
  }
  (*jit)->getMainJITDylib().addGenerator(std::move(*processSymbols));

  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("onb", *context);
  module->setDataLayout((*jit)->getDataLayout());
  module->setTargetTriple((*jit)->getTargetTriple().str());

  std::vector<bool> emitted(program.functions.size(), false);
  for (size_t i = 0; i < program.functions.size(); ++i)
    emitted[i] = FunctionCodegen(*module, program, static_cast<uint32_t>(i)).emit(functionName(i)) != nullptr;
  optimize(*module);

  if (llvm::Error e = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
    error = llvm::toString(std::move(e));
    return nullptr;
  }
  // The first lookup compiles the whole module to machine code.
  for (size_t i = 0; i < program.functions.size(); ++i) {
    if (!emitted[i]) continue;
    auto address = (*jit)->lookup(functionName(i));
    if (!address) {
      error = llvm::toString(address.takeError());
      native.assign(program.functions.size(), nullptr);
      return nullptr;
    }
    native[i] = address->toPtr<NativeFn>();
  }
  auto impl = std::make_unique<Impl>();
  impl->jit = std::move(*jit);
  return std::unique_ptr<NativeModule>(new NativeModule(std::move(impl)));
}

}  // namespace onb::jit
