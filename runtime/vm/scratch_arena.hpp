// A bump allocator for the strings an evaluation makes (concatenation, lower/upper):
// reset once per firing, so the steady state allocates nothing.
#pragma once

#include <memory>
#include <vector>

#include "stdlib/builtins.hpp"

namespace onb::vm {

class ScratchArena final : public stdlib::Scratch {
 public:
  char* allocate(size_t bytes) override;
  void reset() {
    used_ = 0;
    current_ = 0;
  }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> sizes_;
  size_t current_ = 0;  // block being filled
  size_t used_ = 0;     // bytes used in it
};

}  // namespace onb::vm
