// Reads input lines in large chunks from a file or stdin, gunzipping transparently, and
// hands them out in place with kPadding readable bytes after each (so EventDecoder parses
// them without a copy).
//
//   LineReader reader;
//   if (!reader.open(path)) die(reader.error());
//   LineReader::Line line;
//   while (reader.next(line)) decoder.decode(line.data, line.len, line.capacity, line.number, event);
//   if (reader.failed()) die(reader.error());
//
// Lines are split on '\n' (not included; a '\r' before it stays, JSON reads it as
// whitespace). A last line without '\n' is returned; an empty input has no lines, and a
// final '\n' does not start one. Lines longer than the chunk grow the buffer, up to
// Options::maxLineBytes: a longer line is skipped without being held (its bytes are read
// and dropped up to the next '\n') and handed out as an empty Line with `overlong` set, so
// memory stays bounded whatever the input (a 10 GB line without a newline included).
// Data starting with the gzip magic (1f 8b) is decompressed with zlib (concatenated
// members too); offsets and bytesConsumed() then count decompressed bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/io/event_decoder.hpp"  // kPadding

namespace onb::io {

class LineReader {
 public:
  // A read of 256 KiB stays in the L2 cache for line splitting and decoding; 16 MiB
  // reads cost 8% more time on 1M events, and 15 MB of peak memory.
  static constexpr size_t kDefaultChunk = size_t{256} << 10;

  struct Line {
    const char* data = nullptr;
    size_t len = 0;       // without the '\n'
    size_t capacity = 0;  // readable bytes from data: always >= len + kPadding
    uint64_t number = 0;  // 1-based line number (Options::firstLine for the first line read)
    // Non-zero: the line had this many bytes, more than Options::maxLineBytes, and was
    // skipped (len is 0). EventDecoder::decodeOverlong reports it as malformed.
    uint64_t overlong = 0;
    std::string_view view() const { return {data, len}; }
  };

  struct Options {
    // Resume at this offset of the (decompressed) stream: a value bytesConsumed() returned,
    // so the start of a line. Regular uncompressed files seek; stdin and gzip read and skip.
    uint64_t startOffset = 0;
    uint64_t firstLine = 1;  // the number of the first line read
    size_t chunkSize = kDefaultChunk;
    // Lines longer than this are skipped (Line::overlong); 0: no limit.
    size_t maxLineBytes = kDefaultMaxLineBytes;
  };

  LineReader();
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Opens `path`, or stdin when it is empty or "-". False (and error()) on failure,
  // including a start offset past the end of a regular file.
  bool open(std::string_view path, const Options& options);
  bool open(std::string_view path) { return open(path, Options()); }

  // The next line, valid until the next call. False at the end of the input or on a
  // read/decompression error (failed() tells which; lines complete before it were returned).
  bool next(Line& line);

  // Offset in the (decompressed) stream just past the last line handed out, its '\n'
  // included: where a resumed run starts. Includes Options::startOffset.
  uint64_t bytesConsumed() const { return consumed_; }
  // Size of the stream when known (a regular, uncompressed file), for progress.
  std::optional<uint64_t> totalBytes() const;
  // Bytes read from the file so far and the file's size when regular: progress for
  // compressed input, where the stream size is not known in advance.
  uint64_t rawBytesRead() const { return rawRead_; }
  std::optional<uint64_t> rawTotalBytes() const;

  size_t maxLineBytes() const { return maxLine_; }  // Options::maxLineBytes
  bool compressed() const { return gzip_ != nullptr; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& name() const { return name_; }  // the path, or "<stdin>"

 private:
  struct Gzip;

  bool fill();                     // more data after have_ (grows when full); false on error
  long produce(char* dst, size_t n);  // bytes of stream data into dst; 0 at end, -1 on error
  long readRaw(char* dst, size_t n);  // from the fd, EINTR retried; -1 on error (error_ set)
  bool skip(uint64_t bytes);       // discards stream bytes (resume without seeking)
  bool setError(std::string message);
  void close();

  int fd_ = -1;
  bool ownsFd_ = false;
  std::string name_;
  std::string error_;
  std::unique_ptr<char[]> buf_;  // chunk_ + kPadding bytes
  size_t chunk_ = 0;
  size_t pos_ = 0;   // start of the next line
  size_t scan_ = 0;  // where the search for '\n' resumes (no '\n' in [pos_, scan_))
  size_t have_ = 0;  // bytes of data in buf_
  bool eof_ = false;
  size_t maxLine_ = 0;
  uint64_t dropped_ = 0;  // bytes of an over-long line dropped so far (discarding while > 0)
  uint64_t consumed_ = 0;
  uint64_t nextLine_ = 1;
  uint64_t rawRead_ = 0;
  std::optional<uint64_t> rawSize_;  // regular files: size from the start position
  std::unique_ptr<Gzip> gzip_;
};

}  // namespace onb::io
