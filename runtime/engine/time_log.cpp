#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "runtime/engine/user_state.hpp"

namespace onb::engine {

void TimeLog::push(int64_t t) {
  if (end == capacity) {
    uint32_t live = size();
    if (begin > 0 && live <= capacity / 2) {  // reuse the pruned front
      std::copy(data + begin, data + end, data);
    } else {
      uint32_t grown = capacity ? capacity * 2 : 4;
      auto* bigger = static_cast<int64_t*>(std::malloc(sizeof(int64_t) * grown));
      if (!bigger) throw std::bad_alloc();
      std::copy(data + begin, data + end, bigger);
      std::free(data);
      data = bigger;
      capacity = grown;
    }
    begin = 0;
    end = live;
  }
  data[end++] = t;
}

void TimeLog::pruneUpTo(int64_t t) {
  while (begin < end && data[begin] <= t) ++begin;
  if (begin == end) begin = end = 0;
}

uint32_t TimeLog::countAfter(int64_t t) const {
  const int64_t* first = std::upper_bound(data + begin, data + end, t);
  return static_cast<uint32_t>(data + end - first);
}

void TimeLog::clear() {
  std::free(data);
  data = nullptr;
  begin = end = capacity = 0;
}

}  // namespace onb::engine

namespace onb::engine {

void EventLog::push(int64_t t, const Value* props, size_t count) {
  Entry e;
  e.t = t;
  e.props.assign(props, props + count);
  size_t bytes = 0;
  for (const Value& v : e.props)
    if (!v.missing) bytes += v.len;
  if (bytes) {
    e.strings = std::make_unique<char[]>(bytes);
    char* p = e.strings.get();
    for (Value& v : e.props) {
      if (v.missing || v.len == 0) continue;
      std::memcpy(p, v.s, v.len);
      v.s = p;
      p += v.len;
    }
  }
  entries.push_back(std::move(e));
}

void EventLog::pruneUpTo(int64_t t) {
  while (!entries.empty() && entries.front().t <= t) entries.pop_front();
}

}  // namespace onb::engine
