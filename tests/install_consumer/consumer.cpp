// Compiles the program given on the command line, pushes one signup, prints the records.
// Built as C++17 against the installed headers only.
#include <onb/onb.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  onb::Result<onb::Program> program = onb::Program::compileFile(argv[1]);
  if (!program.ok()) {
    std::cerr << program.error().message << '\n';
    return 1;
  }
  onb::Engine engine(program.value());
  engine.push(onb::Event::track("c1", "Signed Up", 1735722000000));
  engine.finish();
  for (const onb::Record& r : engine.takeRecords()) std::cout << r.json << '\n';
  std::cout << "consumer: onb " << onb::version() << '\n';
  return 0;
}
