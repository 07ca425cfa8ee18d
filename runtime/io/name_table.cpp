#include "runtime/io/name_table.hpp"

namespace onb::io {

NameTable::NameTable(const std::vector<std::string_view>& names) {
  size_t capacity = 4;
  while (capacity < names.size() * 2) capacity *= 2;
  slots_.resize(capacity);
  mask_ = static_cast<uint32_t>(capacity - 1);
  for (size_t index = 0; index < names.size(); ++index) {
    const std::string_view name = names[index];
    if (find(name) != kNotFound) continue;  // a repeated name: the first position wins
    const Words w = words(name);
    const uint32_t h = hashOf(w, name.size());
    uint32_t i = h & mask_;
    while (slots_[i].index != kNotFound) i = (i + 1) & mask_;
    slots_[i] = Slot{w.a, w.b, h, static_cast<uint32_t>(index), static_cast<uint32_t>(chars_.size()),
                     static_cast<uint32_t>(name.size())};
    chars_.append(name);
    ++count_;
  }
}

}  // namespace onb::io
