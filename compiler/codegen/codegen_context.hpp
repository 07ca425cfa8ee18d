// Internal: state shared by every function codegen compiles for one program: the
// program being built, its constant pool, the history plan and which traits are stored.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/check/checked_program.hpp"
#include "compiler/check/program_loader.hpp"
#include "compiler/codegen/codegen.hpp"
#include "compiler/codegen/history_plan.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::codegen {

class CodegenContext {
 public:
  CodegenContext(const sema::CheckedProgram& checked, const SourceManager& sources, const CompileOptions& options,
                 bc::Program& program)
      : checked(checked), sources(sources), options(options), program(program),
        traitStored(checked.traits.size(), false) {}

  uint32_t constInt(int64_t v);
  uint32_t constFloat(double v);
  uint32_t constString(std::string_view s);
  uint32_t fileIndex(FileId file);

  // Compiles `results` (expressions of `module`) as one function whose `event` (or
  // bc::kNone) is what `event.F` reads. Returns the function index.
  int32_t compileFunction(uint32_t module, const std::vector<ast::ExprId>& results, uint32_t event);
  int32_t compileCondition(sema::ExprRef e, uint32_t event) {
    return e.valid() ? compileFunction(e.module, {e.id}, event) : bc::kNoFn;
  }

  const sema::CheckedProgram& checked;
  const SourceManager& sources;
  const CompileOptions& options;
  bc::Program& program;
  HistoryPlan history;
  std::vector<bool> traitStored;

 private:
  std::map<std::tuple<int, int64_t, std::string>, uint32_t> constants_;
  std::map<FileId, uint32_t> files_;
};

}  // namespace onb::codegen
