// fuzz_seeds: writes seed inputs that must match the current binary formats.
//
//   fuzz_seeds artifacts OUT_DIR PROGRAM.onb...   the artifact of each program (.onbc)
//   fuzz_seeds snapshots OUT_DIR EVENTS.jsonl...  for each engine corpus file (its `#!`
//       options line picks the program), a snapshot after half its lines and the same
//       wrapped in a checkpoint, with the snapshot fuzzer's flags byte in front
//
// corpus/artifact and corpus/snapshot were made with it; scripts/ci/fuzz.sh runs it again
// so the seeds always match the formats being fuzzed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "compiler/driver/compilation.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/engine/checkpoint.hpp"
#include "runtime/engine/snapshot.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;

void writeFile(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

int artifacts(const fs::path& out, int count, char** programs) {
  int written = 0;
  for (int i = 0; i < count; ++i) {
    onb::CompilationOptions options;
    options.lints = false;
    auto c = onb::compileProgram(programs[i], nullptr, options);
    if (!c->program) {
      std::fprintf(stderr, "skipped %s: it does not compile\n", programs[i]);
      continue;
    }
    const fs::path in(programs[i]);
    writeFile(out / (std::to_string(i + 1) + "-" + in.parent_path().filename().string() + "-" + in.stem().string() + ".onbc"),
              onb::bc::writeArtifact(*c->program, "onb seeds"));
    ++written;
  }
  return written;
}

int snapshots(const fs::path& out, int count, char** files) {
  int written = 0;
  for (int i = 0; i < count; ++i) {
    std::ifstream in(files[i], std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool features = text.rfind("#! features", 0) == 0;
    const onb::bc::Program& program = onb::fuzz::fixedProgram(features ? "features" : "reference");
    std::vector<std::string_view> lines = onb::fuzz::splitLines(text);
    onb::fuzz::EngineRun run(program, {});
    for (size_t k = 0; k < lines.size() / 2; ++k) run.push(lines[k], k + 1);
    onb::engine::Checkpoint checkpoint;
    checkpoint.onbVersion = "0.1.0";
    checkpoint.sequence = 1;
    checkpoint.programHash = program.sourceHash;
    checkpoint.layout = onb::engine::layoutFingerprint(program);
    checkpoint.input.path = files[i];
    checkpoint.inputOffset = 0;
    checkpoint.records.path = "records.jsonl";
    checkpoint.snapshot = onb::engine::writeSnapshot(*run.engine);
    const std::string stem = fs::path(files[i]).stem().string();
    writeFile(out / (stem + ".snapshot"), std::string(1, features ? '\1' : '\0') + checkpoint.snapshot);
    writeFile(out / (stem + ".checkpoint"), std::string(1, features ? '\3' : '\2') + onb::engine::encodeCheckpoint(checkpoint));
    written += 2;
  }
  return written;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 4 || (mode != "artifacts" && mode != "snapshots")) {
    std::fprintf(stderr, "usage: %s artifacts|snapshots OUT_DIR FILE...\n", argv[0]);
    return 2;
  }
  fs::create_directories(argv[2]);
  const int written = mode == "artifacts" ? artifacts(argv[2], argc - 3, argv + 3) : snapshots(argv[2], argc - 3, argv + 3);
  std::printf("%d seeds written to %s\n", written, argv[2]);
  return written > 0 ? 0 : 1;
}
