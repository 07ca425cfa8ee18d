#include "runtime/engine/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace onb::engine {

namespace {
constexpr size_t kHugePage = size_t{2} << 20;
}

void HugePagesDeleter::operator()(uint8_t* p) const {
  if (!p) return;
  if (bytes)
    ::munmap(p, bytes);
  else
    std::free(p);
}

HugePagesPtr allocateHugePages(size_t bytes) {
  if (bytes < kHugePage) {  // small: the heap, as any allocation
    void* p = std::calloc(bytes ? bytes : 1, 1);
    if (!p) throw std::bad_alloc();
    return HugePagesPtr(static_cast<uint8_t*>(p), HugePagesDeleter{0});
  }
  const size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  // Map a huge page more than needed and trim to a 2 MiB-aligned start.
  void* raw = ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  auto* base = static_cast<uint8_t*>(raw);
  const uintptr_t addr = reinterpret_cast<uintptr_t>(base);
  const size_t head = (kHugePage - addr % kHugePage) % kHugePage;
  if (head) ::munmap(base, head);
  const size_t tail = kHugePage - head;
  if (tail) ::munmap(base + head + size, tail);
  uint8_t* p = base + head;
#ifdef MADV_HUGEPAGE
  ::madvise(p, size, MADV_HUGEPAGE);  // advice only: without huge pages this still works
#endif
  return HugePagesPtr(p, HugePagesDeleter{size});
}

}  // namespace onb::engine
