#include "runtime/engine/user_table.hpp"

#include <cstdlib>
#include <cstring>

#include "runtime/engine/hashing.hpp"
#include "runtime/engine/user_state.hpp"

namespace onb::engine {

UserTable::UserTable(const bc::Program& program)
    : program_(program),
      stride_(kHeaderBytes + (program.layout.size ? program.layout.size : 8)),
      prefetchBytes_(std::min(stride_, kPrefetchLines * 64)) {
  initialBlock_.assign(stride_ - kHeaderBytes, 0);
  uint8_t* init = initialBlock_.data();
  for (const bc::HistorySlot& s : program.historySlots) {
    if (s.kind == bc::HistKind::First || s.kind == bc::HistKind::Last) std::memcpy(init + s.offset, &kNoTime, 8);
    if (s.kind == bc::HistKind::Log) logOffsets_.push_back(s.offset);
  }
  for (const bc::HistoryStream& s : program.streams)
    if (s.lazy) eventLogOffsets_.push_back(s.logOffset);
  for (size_t t = 0; t < program.schema.traits.size(); ++t)
    if (program.layout.traitOffset[t] != bc::kNone && program.schema.traits[t].type == ValueType::String)
      stringTraitOffsets_.push_back(program.layout.traitOffset[t]);
  slots_.assign(1024, Slot{0, kNoUser});
}

UserTable::~UserTable() { clear(); }

uint64_t UserTable::hash(std::string_view id) { return hashString(id); }

std::string_view UserTable::id(uint32_t user) const {
  const uint8_t* h = header(user);
  uint32_t len;
  std::memcpy(&len, h, 4);
  if (len <= kInlineId) return std::string_view(reinterpret_cast<const char*>(h + 8), len);
  uint64_t offset;
  std::memcpy(&offset, h + 8, 8);
  return std::string_view(ids_).substr(offset, len);
}

void UserTable::releaseBlock(uint8_t* block) {
  for (uint32_t off : stringTraitOffsets_) {
    auto* cell = reinterpret_cast<TraitCell*>(block + off);
    if (cell->set) std::free(cell->s);
    cell->set = 0;
  }
  for (uint32_t off : logOffsets_) {
    TimeLog* log;
    std::memcpy(&log, block + off, sizeof log);
    if (log) {
      log->clear();
      delete log;
    }
  }
  for (uint32_t off : eventLogOffsets_) {
    EventLog* log;
    std::memcpy(&log, block + off, sizeof log);
    delete log;
    log = nullptr;
    std::memcpy(block + off, &log, sizeof log);
  }
}

void UserTable::clear() {
  for (uint32_t u = 0; u < size(); ++u) releaseBlock(block(u));
  chunks_.clear();
  ids_.clear();
  count_ = 0;
  slots_.assign(1024, Slot{0, kNoUser});
}

uint32_t UserTable::probe(uint64_t h) const {
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.user == kNoUser) return kNoUser;
    if (s.tag == tag) return s.user;
  }
}

uint32_t UserTable::find(std::string_view id) const {
  const uint64_t h = hash(id);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.user == kNoUser) return kNoUser;
    if (s.tag == tag && this->id(s.user) == id) return s.user;
  }
}

uint32_t UserTable::intern(std::string_view id, uint64_t h) {
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.user == kNoUser) {
      const uint32_t user = count_++;
      if ((user & kChunkMask) == 0) chunks_.push_back(allocateHugePages(stride_ * kChunkUsers));
      uint8_t* head = header(user);
      const uint32_t len = static_cast<uint32_t>(id.size());
      std::memset(head, 0, kHeaderBytes);
      if (len <= kInlineId) {
        std::memcpy(head + 8, id.data(), len);
      } else {
        const uint64_t offset = ids_.size();
        ids_.append(id);
        std::memcpy(head + 8, &offset, 8);
      }
      std::memcpy(head, &len, 4);
      recent(user).spilledLatest = kNoTime;
      std::memcpy(head + kHeaderBytes, initialBlock_.data(), initialBlock_.size());
      s = Slot{tag, user};
      if (size_t(count_) * 2 > slots_.size()) grow();
      return user;
    }
    if (s.tag == tag && this->id(s.user) == id) return s.user;
  }
}

// A slot's place comes from its tag alone, so growing reads no user's id (a miss each).
void UserTable::grow() {
  std::vector<Slot> old(slots_.size() * 2, Slot{0, kNoUser});
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.user == kNoUser) continue;
    size_t i = s.tag & mask;
    while (slots_[i].user != kNoUser) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

size_t UserTable::memoryBytes() const {
  return size_t(count_) * stride_ + ids_.capacity() + slots_.capacity() * sizeof(Slot);
}

}  // namespace onb::engine
