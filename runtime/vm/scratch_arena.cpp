#include "runtime/vm/scratch_arena.hpp"

namespace onb::vm {

char* ScratchArena::allocate(size_t bytes) {
  if (bytes == 0) bytes = 1;
  while (current_ < blocks_.size()) {
    if (used_ + bytes <= sizes_[current_]) {
      char* p = blocks_[current_].get() + used_;
      used_ += bytes;
      return p;
    }
    ++current_;
    used_ = 0;
  }
  size_t size = bytes > 65536 ? bytes : 65536;
  blocks_.push_back(std::make_unique<char[]>(size));
  sizes_.push_back(size);
  current_ = blocks_.size() - 1;
  used_ = bytes;
  return blocks_.back().get();
}

}  // namespace onb::vm
