// LineReader + EventDecoder as the engine uses them: lines decoded in place in the
// reader's buffer, and no heap allocation per line once buffers have grown.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>

#include "runtime/io/line_reader.hpp"
#include "test_schema.hpp"

// Counts allocations while enabled (replaces the global operator new for this binary).
// Not under AddressSanitizer, which has its own allocator (ONB_SANITIZE builds).
#if defined(__SANITIZE_ADDRESS__)
#define ONB_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ONB_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef ONB_COUNT_ALLOCATIONS
#define ONB_COUNT_ALLOCATIONS 1
#endif

#if ONB_COUNT_ALLOCATIONS
static std::atomic<bool> gCounting{false};
static std::atomic<size_t> gAllocations{0};

void* operator new(size_t n) {
  if (gCounting.load(std::memory_order_relaxed)) gAllocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void* operator new[](size_t n) { return operator new(n); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
#endif

namespace onb::io::test {
namespace {

const char* const kLines[] = {
    R"({"type":"identify","userId":"u0001846","timestamp":"2025-03-01T00:05:47.611Z","messageId":"bdf69aed-a3a7-48c8","traits":{"plan":"free","first_name":"Noor","email":"u0001846@example.com","email_consent":true,"score":1.5},"context":{"library":{"name":"analytics-node","version":"6.2.0"}}})",
    R"({"type":"track","userId":"u0001846","event":"Signed Up","timestamp":"2025-03-01T00:05:48.858Z","messageId":"2b7e0763","properties":{"source":"ads"},"context":{"library":{"name":"analytics-node","version":"6.2.0"}}})",
    R"({"type":"track","userId":"u0000266","event":"Step Failed","timestamp":"2025-03-01T06:53:50.447Z","properties":{"step":"verify_email","code":500}})",
    R"({"type":"track","userId":"u0001846","event":"Docs Viewed","timestamp":"2025-03-01T13:09:54.068Z","properties":{"path":"/changelog"}})",
    R"({"type":"track","userId":"u0000266","event":"Step Failed","timestamp":"2025-03-01T06:53:51Z","properties":{"step":"verify_email","code":"500"}})",
    R"({"type":"track","userId":"u0000266","event":"Step Failed","timestamp":1740812031000,"properties":{"step":"x","code":1,"ratio":123456789012345678901234567890}})",
    R"({"type":"page","anonymousId":"a1","timestamp":"2025-03-01T06:53:51Z"})",
    R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-03-01T06:53:51Z","context":{"x":tru}})",
    "",
    R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"not a time"})",
};
const LineClass kClasses[] = {LineClass::Identify, LineClass::Track,   LineClass::Track,   LineClass::Ignored,
                              LineClass::Invalid,  LineClass::Track,   LineClass::Ignored, LineClass::Malformed,
                              LineClass::Blank,    LineClass::Malformed};

TEST(DecodePipeline, InPlaceFromTheReader) {
  char path[] = "/tmp/onb_pipeline_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    for (int round = 0; round < 50; ++round)
      for (const char* line : kLines) out << line << "\n";
  }
  LineReader reader;
  ASSERT_TRUE(reader.open(path, {0, 1, 1024}));  // a small chunk: lines cross refills
  EventDecoder decoder(testSchema());
  DecodedEvent event;
  LineReader::Line line;
  size_t n = 0;
  while (reader.next(line)) {
    decoder.decode(line.data, line.len, line.capacity, line.number, event);
    ASSERT_EQ(className(event.cls), std::string(className(kClasses[n % std::size(kLines)])))
        << line.number << ": " << event.reason;
    EXPECT_EQ(event.line, n + 1);
    ++n;
  }
  EXPECT_FALSE(reader.failed()) << reader.error();
  EXPECT_EQ(n, 50 * std::size(kLines));
  unlink(path);
}

#if ONB_COUNT_ALLOCATIONS
TEST(DecodePipeline, NoAllocationPerLineInTheSteadyState) {
  std::string buffer;
  std::vector<std::pair<size_t, size_t>> lines;
  for (const char* line : kLines) {
    lines.emplace_back(buffer.size(), std::strlen(line));
    buffer.append(line).append("\n");
  }
  buffer.append(kPadding, '\0');
  EventDecoder decoder(testSchema());
  DecodedEvent event;
  auto decodeAll = [&] {
    uint64_t lineNo = 0;
    for (const auto& [offset, len] : lines)
      decoder.decode(buffer.data() + offset, len, buffer.size() - offset, ++lineNo, event);
  };
  decodeAll();  // buffers grow to the largest line and event
  gAllocations = 0;
  gCounting = true;
  for (int i = 0; i < 100; ++i) decodeAll();
  gCounting = false;
  EXPECT_EQ(gAllocations.load(), 0u);
}
#endif

}  // namespace
}  // namespace onb::io::test
