// Little-endian binary encoding with bounds-checked reading: the primitives of onb's
// binary files (engine snapshots; see artifact_codec.hpp for the artifact). A reader
// that has failed keeps returning zeros and empty values, so callers check ok() once at
// the end of a record instead of after every field.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace onb::bc {

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
  void f64(double v) { put(std::bit_cast<uint64_t>(v), 8); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void bytes(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }

  std::string& buffer() { return out_; }
  size_t size() const { return out_.size(); }

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t pos() const { return pos_; }
  size_t left() const { return data_.size() - pos_; }

  uint8_t u8() { return static_cast<uint8_t>(take(1)); }
  uint32_t u32() { return static_cast<uint32_t>(take(4)); }
  uint64_t u64() { return take(8); }
  int64_t i64() { return static_cast<int64_t>(take(8)); }
  double f64() { return std::bit_cast<double>(take(8)); }
  bool flag() {
    uint8_t v = u8();
    if (v > 1) fail("a flag byte is not 0 or 1");
    return v == 1;
  }
  std::string_view str() {
    uint32_t n = u32();
    if (n > left()) {
      fail("a string runs past the end");
      return {};
    }
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool bytes(void* p, size_t n) {
    if (n > left()) {
      fail("a block runs past the end");
      return false;
    }
    std::memcpy(p, data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  // A count of elements of at least `minBytes` each: refused when they cannot fit in what
  // is left, so a corrupted count never causes a huge allocation.
  uint32_t count(size_t minBytes) {
    uint32_t n = u32();
    if (minBytes && n > left() / minBytes) {
      fail("a count is larger than the data");
      return 0;
    }
    return n;
  }
  void fail(std::string message) {
    if (error_.empty()) error_ = message + " (at byte " + std::to_string(pos_) + ")";
  }

 private:
  uint64_t take(size_t n) {
    if (!error_.empty()) return 0;
    if (left() < n) {
      fail("truncated");
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t{static_cast<unsigned char>(data_[pos_ + i])} << (8 * i);
    pos_ += n;
    return v;
  }

  std::string_view data_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace onb::bc
