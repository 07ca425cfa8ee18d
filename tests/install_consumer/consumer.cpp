// consumer PROGRAM [ARTIFACT_OUT]: compiles PROGRAM (.onb) or loads it (.onbc), optionally
// writes its artifact, pushes one signup and prints the records. Built as C++17 against
// the installed headers only.
#include <onb/onb.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string path = argv[1];
  const bool isArtifact = path.size() > 5 && path.compare(path.size() - 5, 5, ".onbc") == 0;
  onb::Result<onb::Program> program = [&] {
    if (!isArtifact) return onb::Program::compileFile(path);
    std::ifstream in(path, std::ios::binary);
    return onb::Program::loadArtifact(std::string(std::istreambuf_iterator<char>(in), {}));
  }();
  if (!program.ok()) {
    std::cerr << program.error().message << '\n';
    return 1;
  }
  if (argc > 2) std::ofstream(argv[2], std::ios::binary) << program.value().artifact();
  onb::Engine engine(program.value());
  engine.push(onb::Event::track("c1", "Signed Up", 1735722000000));
  engine.finish();
  for (const onb::Record& r : engine.takeRecords()) std::cout << r.json << '\n';
  std::cout << "consumer: onb " << onb::version() << '\n';
  return 0;
}
