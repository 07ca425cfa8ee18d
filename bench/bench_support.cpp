#include "bench/bench_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "compiler/driver/compilation.hpp"
#include "runtime/io/event_decoder.hpp"

namespace onb::bench {

std::string sharedBenchDir() {
  if (const char* dir = std::getenv("ONB_SHARED_BENCH")) return dir;
  return std::string(ONB_SOURCE_DIR) + "/../shared/bench";
}

namespace {

std::shared_ptr<const bc::Program> finish(std::unique_ptr<Compilation> c, const std::string& path) {
  if (c->rootUnreadable || !c->program) {
    std::fprintf(stderr, "bench: %s does not compile (%zu errors%s%s)\n", path.c_str(), c->diagnostics.errorCount(),
                 c->rootError.empty() ? "" : ": ", c->rootError.c_str());
    std::exit(2);
  }
  return std::make_shared<const bc::Program>(std::move(*c->program));
}

}  // namespace

std::shared_ptr<const bc::Program> compileFile(const std::string& path) { return finish(compileProgram(path), path); }

std::shared_ptr<const bc::Program> compileText(const std::string& text, const std::string& virtualPath) {
  return finish(compileProgram(virtualPath, &text), virtualPath);
}

std::string generateEvents(uint32_t users, uint32_t seed) {
  const std::string command = "python3 " + sharedBenchDir() + "/gen_events.py --users " + std::to_string(users) +
                              " --seed " + std::to_string(seed) + " 2>/dev/null";
  std::string out;
  if (std::FILE* p = popen(command.c_str(), "r")) {
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    if (pclose(p) != 0) out.clear();
  }
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

DecodedStream decodeAll(const bc::Schema& schema, std::string_view text) {
  DecodedStream stream;
  stream.bytes = text.size();
  io::EventDecoder decoder(schema);
  uint64_t lineNo = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    io::DecodedEvent& e = stream.events.emplace_back();
    decoder.decode(text.substr(pos, end - pos), ++lineNo, e);
    e.own();
    pos = end + 1;
  }
  return stream;
}

std::string isoTime(int64_t epochMs) {
  const time_t secs = static_cast<time_t>(epochMs / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(epochMs % 1000));
  return buf;
}

std::string trackLine(std::string_view user, std::string_view event, int64_t t, uint64_t messageId,
                      std::string_view json) {
  char id[24];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(messageId));
  std::string line = R"({"type":"track","userId":")";
  line.append(user).append(R"(","event":")").append(event).append(R"(","timestamp":")").append(isoTime(t));
  line.append(R"(","messageId":")").append(id).append(R"(","properties":)").append(json);
  line.append(R"(,"context":{"library":{"name":"analytics-node","version":"6.2.0"}}})");
  return line;
}

std::string identifyLine(std::string_view user, int64_t t, std::string_view json) {
  std::string line = R"({"type":"identify","userId":")";
  line.append(user).append(R"(","timestamp":")").append(isoTime(t)).append(R"(","traits":)").append(json);
  line.append("}");
  return line;
}

std::vector<io::DecodedEvent> decodeLines(const bc::Schema& schema, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text.append(line).append("\n");
  return std::move(decodeAll(schema, text).events);
}

}  // namespace onb::bench
