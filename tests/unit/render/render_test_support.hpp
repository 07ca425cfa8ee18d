// Helpers for the render tests: building diagnostics against small in-memory files, and
// checking output with python3's json module.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compiler/render/render.hpp"

namespace onb::testing {

// The span of the `occurrence`-th (0-based) appearance of `needle` in file `file`.
inline Span spanOf(const SourceManager& sources, FileId file, std::string_view needle, int occurrence = 0) {
  std::string_view text = sources.file(file).text();
  size_t at = text.find(needle);
  for (int i = 0; i < occurrence && at != std::string_view::npos; ++i) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << "no " << needle;
  return Span{file, static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

// A diagnostic of `kind` with the kind's default severity.
inline Diagnostic makeDiag(DiagKind kind, Span span, std::string message) {
  return Diagnostic{kind, diagInfo(kind).severity, span, std::move(message), {}, std::nullopt};
}

inline std::string renderAs(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources, DiagFormat format,
                            bool color = false) {
  RenderOptions options;
  options.format = format;
  options.color = color;
  return renderDiagnostics(diagnostics, sources, options);
}

inline bool havePython() { return std::system("python3 -c pass >/dev/null 2>&1") == 0; }

// Runs python3 `script` with `input` on its stdin; returns its exit status (0: success).
// The script sees the parsed JSON as `doc` when it starts with `doc = json.load(sys.stdin)`.
inline int runPython(const std::string& script, const std::string& input) {
  char path[] = "/tmp/onb_render_test_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  FILE* file = fdopen(fd, "w");
  std::fputs(script.c_str(), file);
  std::fclose(file);
  std::string command = std::string("python3 ") + path;
  FILE* pipe = popen(command.c_str(), "w");
  if (!pipe) return -1;
  std::fwrite(input.data(), 1, input.size(), pipe);
  int status = pclose(pipe);
  unlink(path);
  return status;
}

// True when `text` parses as JSON (python3's json module, strict about control characters).
inline bool parsesAsJson(const std::string& text) {
  return runPython("import json, sys\njson.loads(sys.stdin.buffer.read().decode('utf-8'), strict=True)\n", text) == 0;
}

}  // namespace onb::testing
