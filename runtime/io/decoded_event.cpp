#include "runtime/io/decoded_event.hpp"

#include <cstring>

namespace onb::io {

void DecodedEvent::own() {
  size_t need = user.size() + messageId.size();
  for (const Value& v : props) need += v.len;
  for (const TraitUpdate& u : traits) need += u.value.len;
  if (need == 0) {
    // Empty views may still point into a decoder's buffer: detach them too.
    user = {};
    messageId = {};
    return;
  }
  // A fresh buffer even when the old one is big enough: the views may point into it.
  std::unique_ptr<char[]> fresh(new char[need]);
  char* p = fresh.get();
  auto place = [&](const char* s, size_t n) {
    std::memcpy(p, s, n);
    const char* at = p;
    p += n;
    return at;
  };
  user = user.empty() ? std::string_view() : std::string_view(place(user.data(), user.size()), user.size());
  messageId = messageId.empty() ? std::string_view()
                                : std::string_view(place(messageId.data(), messageId.size()), messageId.size());
  for (Value& v : props)
    if (v.len > 0) v.s = place(v.s, v.len);
  for (TraitUpdate& u : traits)
    if (u.value.len > 0) u.value.s = place(u.value.s, u.value.len);
  storage_ = std::move(fresh);
  storageSize_ = need;
}

DecodedEvent& DecodedEvent::operator=(const DecodedEvent& other) {
  if (this == &other) return *this;
  cls = other.cls;
  line = other.line;
  t = other.t;
  user = other.user;
  hasMessageId = other.hasMessageId;
  messageId = other.messageId;
  event = other.event;
  props = other.props;
  traits = other.traits;
  traitErrors = other.traitErrors;
  reason = other.reason;
  own();  // the views still point into other's storage (or the decoder's): copy them
  return *this;
}

}  // namespace onb::io
