// Large zeroed allocations for the engine's randomly accessed state (user blocks, the
// dedup table): mapped whole and aligned to 2 MiB, with transparent huge pages requested
// (madvise), so that a lookup into tens of megabytes of state misses the TLB far less
// often and first touches fault in 2 MiB at a time instead of 4 KiB. Pages never touched
// take no memory. Where the system has no huge pages this is an ordinary anonymous
// mapping. Below 2 MiB it is an ordinary zeroed heap allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace onb::engine {

struct HugePagesDeleter {
  size_t bytes;  // of the mapping; 0: a heap allocation
  void operator()(uint8_t* p) const;
};
using HugePagesPtr = std::unique_ptr<uint8_t[], HugePagesDeleter>;

// At least `bytes` of zeroed memory. Throws std::bad_alloc.
HugePagesPtr allocateHugePages(size_t bytes);

}  // namespace onb::engine
