// Users: interned ids and one fixed-size state block each (bc::StateLayout). Blocks are
// allocated in chunks of kChunkUsers and never move, so a pointer to a block stays valid
// for the life of the table (until clear()); growing never copies existing users.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"

namespace onb::engine {

class UserTable {
 public:
  explicit UserTable(const bc::Program& program);
  ~UserTable();
  UserTable(const UserTable&) = delete;
  UserTable& operator=(const UserTable&) = delete;

  // The user's number, creating the user (with a fresh block) when new.
  uint32_t intern(std::string_view id);
  // The user's number, or UINT32_MAX when unknown.
  uint32_t find(std::string_view id) const;
  uint8_t* block(uint32_t user) { return chunks_[user >> kChunkBits].get() + size_t(user & kChunkMask) * stride_; }
  const uint8_t* block(uint32_t user) const {
    return chunks_[user >> kChunkBits].get() + size_t(user & kChunkMask) * stride_;
  }
  // Hints the CPU to load the user's block (the engine prefetches ahead of processing).
  void prefetch(uint32_t user) const {
    const uint8_t* b = block(user);
    for (size_t off = 0; off < stride_ && off < 256; off += 64) __builtin_prefetch(b + off);
  }
  std::string_view id(uint32_t user) const { return std::string_view(ids_).substr(idOffset_[user], idLength_[user]); }
  uint32_t size() const { return static_cast<uint32_t>(idOffset_.size()); }
  size_t blockBytes() const { return stride_; }
  // Bytes of memory held per user (block, id, table), for the benchmark's report.
  size_t memoryBytes() const;

  // Frees what blocks own (trait strings, history logs) and empties the table.
  void clear();

 private:
  void grow();
  void releaseBlock(uint8_t* block);

  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunkUsers = 1u << kChunkBits;
  static constexpr uint32_t kChunkMask = kChunkUsers - 1;

  const bc::Program& program_;
  size_t stride_;                      // block size in bytes (a multiple of 8)
  std::vector<std::unique_ptr<uint8_t[]>> chunks_;
  std::vector<uint8_t> initialBlock_;  // a fresh user's block
  std::string ids_;                    // every id, back to back
  std::vector<uint32_t> idOffset_, idLength_;
  struct Slot {
    uint32_t tag;   // upper 32 bits of the hash
    uint32_t user;  // UINT32_MAX: empty
  };
  std::vector<Slot> slots_;
  std::vector<uint32_t> stringTraitOffsets_;  // offsets of stored string traits (owned memory)
  std::vector<uint32_t> logOffsets_;          // offsets of history logs (owned memory)
};

}  // namespace onb::engine
