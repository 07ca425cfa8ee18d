// Users: interned ids and one fixed-size state block each (bc::StateLayout). Blocks are
// allocated in chunks of kChunkUsers and never move, so a pointer to a block stays valid
// for the life of the table (until clear()); growing never copies existing users.
//
// Each block is preceded by a small header holding the user's id (inline when it is at
// most 16 bytes) and the user's recent messageIds (RecentIds, for duplicate detection),
// so the id check and the dedup check read the same 96 bytes, next to the state. The
// engine prefetches the header and the block a few events ahead.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/engine/huge_pages.hpp"
#include "runtime/engine/user_state.hpp"

namespace onb::engine {

class UserTable {
 public:
  static constexpr uint32_t kNoUser = UINT32_MAX;

  explicit UserTable(const bc::Program& program);
  ~UserTable();
  UserTable(const UserTable&) = delete;
  UserTable& operator=(const UserTable&) = delete;

  static uint64_t hash(std::string_view id);
  // The user's number, creating the user (with a fresh block) when new; `h` is hash(id).
  uint32_t intern(std::string_view id, uint64_t h);
  uint32_t intern(std::string_view id) { return intern(id, hash(id)); }
  // The user's number, or kNoUser when unknown.
  uint32_t find(std::string_view id) const;

  uint8_t* block(uint32_t user) { return header(user) + kHeaderBytes; }
  const uint8_t* block(uint32_t user) const { return header(user) + kHeaderBytes; }
  std::string_view id(uint32_t user) const;
  RecentIds& recent(uint32_t user) { return *reinterpret_cast<RecentIds*>(header(user) + kIdBytes); }
  const RecentIds& recent(uint32_t user) const { return *reinterpret_cast<const RecentIds*>(header(user) + kIdBytes); }
  uint32_t size() const { return count_; }
  size_t blockBytes() const { return stride_ - kHeaderBytes; }
  // Bytes of memory held (blocks, ids, table), for the benchmark's report.
  size_t memoryBytes() const;

  // Lookahead for the engine's pipeline: bring in the table slot of a hash, then (a step
  // later) the block of the user that slot most likely names.
  void prefetchSlot(uint64_t h) const { __builtin_prefetch(&slots_[(h >> 32) & (slots_.size() - 1)]); }
  uint32_t probe(uint64_t h) const;  // a candidate user for the hash (not confirmed), or kNoUser
  // The cache lines of the header and the block (the first kPrefetchLines * 64 bytes of
  // a larger one), each once.
  void prefetchBlock(uint32_t user) const {
    const auto b = reinterpret_cast<uintptr_t>(header(user));
    for (uintptr_t line = b & ~uintptr_t{63}; line < b + prefetchBytes_; line += 64)
      __builtin_prefetch(reinterpret_cast<const void*>(line));
  }

  // Frees what blocks own (trait strings, history logs) and empties the table.
  void clear();

 private:
  static constexpr uint32_t kChunkBits = 14;
  static constexpr uint32_t kChunkUsers = 1u << kChunkBits;
  static constexpr uint32_t kChunkMask = kChunkUsers - 1;
  static constexpr uint32_t kInlineId = 16;
  // uint32 length, 4 unused bytes, then 16 bytes: the id itself when it fits, else its
  // uint64 offset in ids_ (64 bits: the ids of 100M users can pass 4 GiB); then RecentIds.
  static constexpr size_t kIdBytes = 24;
  static constexpr size_t kHeaderBytes = kIdBytes + sizeof(RecentIds);
  static constexpr size_t kPrefetchLines = 8;

  uint8_t* header(uint32_t user) { return chunks_[user >> kChunkBits].get() + size_t(user & kChunkMask) * stride_; }
  const uint8_t* header(uint32_t user) const {
    return chunks_[user >> kChunkBits].get() + size_t(user & kChunkMask) * stride_;
  }
  void grow();
  void releaseBlock(uint8_t* block);

  const bc::Program& program_;
  size_t stride_;                      // header + block, a multiple of 8
  size_t prefetchBytes_;               // the bytes prefetchBlock covers from the header
  uint32_t count_ = 0;
  std::vector<HugePagesPtr> chunks_;      // kChunkUsers blocks each
  std::vector<uint8_t> initialBlock_;  // a fresh user's block
  std::string ids_;                    // ids longer than kInlineId, back to back
  struct Slot {
    uint32_t tag;   // upper 32 bits of the hash; its low bits are the slot's place
    uint32_t user;  // kNoUser: empty
  };
  std::vector<Slot> slots_;
  std::vector<uint32_t> stringTraitOffsets_;  // offsets of stored string traits (owned memory)
  std::vector<uint32_t> logOffsets_;          // offsets of history logs (owned memory)
  std::vector<uint32_t> eventLogOffsets_;     // offsets of event logs (owned memory)
};

}  // namespace onb::engine
