// Source files and spans. A Span is a byte range in one file; line and column are computed
// on demand from the file's line index (columns count Unicode code points, 1-based).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onb {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;  // byte offset of the first byte
  uint32_t end = 0;    // byte offset one past the last byte

  bool valid() const { return file != kNoFile; }
  static Span cover(Span a, Span b) { return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end}; }
};

struct LineCol {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in code points
};

// One loaded file: its path as given (for messages), its bytes, and a line index.
class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }

  LineCol lineCol(uint32_t offset) const;
  // The 1-based line of a byte offset (cheaper than lineCol: no column count).
  uint32_t line(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view lineText(uint32_t line) const;
  uint32_t lineCount() const { return static_cast<uint32_t>(lineStarts_.size()); }
  uint32_t lineStart(uint32_t line) const { return lineStarts_[line - 1]; }

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<uint32_t> lineStarts_;
};

// Owns every file of a compilation (the root and its imports); FileIds index into it.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_[id]; }
  size_t size() const { return files_.size(); }

  // Reads a file from disk; returns kNoFile and sets `error` when it cannot be read.
  FileId load(const std::string& path, std::string& error);

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace onb
