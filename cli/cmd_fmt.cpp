// onb fmt [--check | --diff] PATHS...: the canonical layout (compiler/format/format.hpp).
// Files and directories (recursing into *.onb); `-` alone formats stdin to stdout. Files
// are rewritten in place only when their text changes, through a temporary file renamed
// over them. A file with syntax errors is left alone and its diagnostics are reported.
// Exit status: 0 done (nothing to change for --check/--diff); 1 syntax errors, or files
// that would change under --check/--diff; 2 usage or I/O errors.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "compiler/format/format.hpp"
#include "compiler/format/line_diff.hpp"

namespace onb::cli {

namespace fs = std::filesystem;

namespace {

struct FmtArgs {
  std::vector<std::string> paths;
  bool check = false;
  bool diff = false;
  DiagnosticOutputArgs output;
};

// Expands directories into their *.onb files (sorted). False (after a message) when a
// path does not exist or a directory cannot be read.
bool expandPaths(const std::vector<std::string>& paths, std::vector<std::string>& files) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".onb") found.push_back(it->path().string());
      if (ec) {
        fmt::print(stderr, "onb fmt: cannot read directory {}: {}\n", p, ec.message());
        return false;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      fmt::print(stderr, "onb fmt: no such file or directory: {}\n", p);
      return false;
    }
  }
  return true;
}

// Replaces `path` by `text` atomically: a temporary file in the same directory (with the
// original's permissions), flushed, then renamed over it. False (after a message) on error.
bool writeAtomically(const std::string& path, const std::string& text) {
  const fs::path target(path);
  std::string temp = (target.parent_path() / ("." + target.filename().string() + ".fmt-XXXXXX")).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    fmt::print(stderr, "onb fmt: cannot create a temporary file next to {}: {}\n", path, std::strerror(errno));
    return false;
  }
  struct stat original {};
  bool ok = ::stat(path.c_str(), &original) == 0 && ::fchmod(fd, original.st_mode & 07777) == 0;
  for (size_t written = 0; ok && written < text.size();) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int savedErrno = errno;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.c_str(), path.c_str()) == 0) return true;
  fmt::print(stderr, "onb fmt: cannot write {}: {}\n", path, std::strerror(ok ? errno : savedErrno));
  ::unlink(temp.c_str());
  return false;
}

void writeStdout(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// What happened to one input.
enum class Outcome { Unchanged, Changed, SyntaxErrors, IoError };

// Formats one file and acts on the result as the flags say (standard input goes back to
// standard output).
Outcome formatOne(const FmtArgs& args, const SourceFile& file, std::vector<Diagnostic>& diagnostics, bool isStdin) {
  const std::string& display = file.path();
  DiagnosticSink sink;
  std::optional<std::string> formatted = formatFile(file, sink);
  for (const Diagnostic& d : sink.diagnostics()) diagnostics.push_back(d);
  if (!formatted) return Outcome::SyntaxErrors;
  const bool changed = *formatted != file.text();
  if (args.check) {
    if (changed) fmt::print("{}\n", display);
  } else if (args.diff) {
    if (changed) writeStdout(unifiedDiff(file.text(), *formatted, display, display));
  } else if (isStdin) {
    writeStdout(*formatted);
  } else if (changed && !writeAtomically(display, *formatted)) {
    return Outcome::IoError;
  }
  return changed ? Outcome::Changed : Outcome::Unchanged;
}

int runFmt(const FmtArgs& args) {
  const bool useStdin = std::find(args.paths.begin(), args.paths.end(), "-") != args.paths.end();
  if (useStdin && args.paths.size() != 1) {
    fmt::print(stderr, "onb fmt: `-` (standard input) cannot be combined with other paths\n");
    return 2;
  }
  SourceManager sources;
  std::vector<Diagnostic> diagnostics;
  bool ioError = false, syntaxErrors = false, changed = false;
  const auto note = [&](Outcome outcome) {
    ioError |= outcome == Outcome::IoError;
    syntaxErrors |= outcome == Outcome::SyntaxErrors;
    changed |= outcome == Outcome::Changed;
  };
  if (useStdin) {
    std::string text(std::istreambuf_iterator<char>(std::cin), {});
    if (std::cin.bad()) {
      fmt::print(stderr, "onb fmt: cannot read standard input\n");
      return 2;
    }
    note(formatOne(args, sources.file(sources.add("<stdin>", std::move(text))), diagnostics, true));
  } else {
    std::vector<std::string> files;
    if (!expandPaths(args.paths, files)) return 2;
    for (const std::string& path : files) {
      std::string error;
      const FileId id = sources.load(path, error);
      if (id == kNoFile) {
        fmt::print(stderr, "onb fmt: cannot read {}: {}\n", path, error);
        ioError = true;
        continue;
      }
      note(formatOne(args, sources.file(id), diagnostics, false));
    }
  }
  if (!diagnostics.empty()) reportDiagnostics(diagnostics, sources, args.output, false);
  if (ioError) return 2;
  return syntaxErrors || (changed && (args.check || args.diff)) ? 1 : 0;
}

}  // namespace

void addFmt(CLI::App& app, Runner& run) {
  auto args = std::make_shared<FmtArgs>();
  CLI::App* cmd = app.add_subcommand("fmt", "Format programs in the canonical layout (files, directories or -)");
  cmd->add_option("paths", args->paths, "Files or directories (recursing into *.onb), or - for stdin")->required();
  CLI::Option* check =
      cmd->add_flag("--check", args->check, "Change nothing; list the files that would change, exit 1 if any");
  cmd->add_flag("--diff", args->diff, "Change nothing; print a unified diff, exit 1 if any file would change")
      ->excludes(check);
  // Syntax errors are reported as text on stderr (stdout carries the formatted text, the
  // file list or the diff).
  cmd->add_option("--color", args->output.color, "Colour diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->callback([&run, args] { run = [args] { return runFmt(*args); }; });
}

}  // namespace onb::cli
