// The replay driver: linked with a fuzz target instead of libFuzzer, it runs the target's
// entry point once on every file named on the command line (directories recursively, in
// sorted order), so a normal build's ctest replays each seed corpus and every kept crash
// input. A broken property traps, which fails the test with the file's name printed.
//
//   fuzz_engine_replay tests/fuzz/corpus/engine tests/fuzz/regressions/engine
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputsOf(const fs::path& arg) {
  std::vector<fs::path> files;
  if (fs::is_directory(arg)) {
    for (const auto& entry : fs::recursive_directory_iterator(arg))
      if (entry.is_regular_file() && entry.path().filename().string().front() != '.') files.push_back(entry.path());
  } else if (fs::exists(arg)) {
    files.push_back(arg);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  size_t total = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> files = inputsOf(argv[i]);
    if (files.empty() && !fs::is_directory(argv[i])) {
      std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
      return 2;
    }
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::fprintf(stderr, "replaying %s\n", file.c_str());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++total;
    }
  }
  std::printf("%zu inputs replayed\n", total);
  return total > 0 ? 0 : 1;
}
