#include "runtime/engine/snapshot.hpp"

#include <cstring>

#include "runtime/bytecode/byte_io.hpp"
#include "runtime/bytecode/utf8.hpp"
#include "runtime/engine/hashing.hpp"

namespace onb::engine {

namespace {

constexpr std::string_view kMagic = "ONBSNAP1";

// Offsets in a user block that hold owned memory (written apart from the block) and
// rings whose head and count index the block (validated on restore).
struct BlockMap {
  std::vector<uint32_t> stringTraits;
  std::vector<std::pair<uint32_t, uint32_t>> enumTraits;  // offset, member count
  std::vector<uint32_t> logs;
  std::vector<std::pair<uint32_t, uint32_t>> eventLogs;  // offset, event
  std::vector<std::pair<uint32_t, uint32_t>> rings;  // offset, k

  explicit BlockMap(const bc::Program& p) {
    for (size_t t = 0; t < p.schema.traits.size(); ++t) {
      uint32_t off = p.layout.traitOffset[t];
      if (off == bc::kNone) continue;
      const bc::TraitSpec& spec = p.schema.traits[t];
      if (spec.type == ValueType::String) stringTraits.push_back(off);
      if (spec.type == ValueType::Enum)
        enumTraits.emplace_back(off, static_cast<uint32_t>(p.schema.enums[spec.enumIndex].members.size()));
    }
    for (const bc::HistoryStream& s : p.streams)
      if (s.lazy) eventLogs.emplace_back(s.logOffset, s.event);
    for (const bc::HistorySlot& s : p.historySlots) {
      if (s.kind == bc::HistKind::Log) logs.push_back(s.offset);
      if (s.kind == bc::HistKind::Ring) rings.emplace_back(s.offset, s.k);
    }
    for (const bc::Rule& r : p.rules)
      if (!r.once && !r.limits.empty()) rings.emplace_back(r.limitOffset, r.limitRingSize);
    for (const bc::Cap& c : p.caps) rings.emplace_back(c.ringOffset, c.ringSize);
  }
};

uint64_t checksum(std::string_view bytes) { return fnv1a(kFnvBasis, bytes); }

}  // namespace

uint64_t layoutFingerprint(const bc::Program& p) {
  bc::ByteWriter w;
  w.u32(p.layout.size);
  for (uint32_t off : p.layout.traitOffset) w.u32(off);
  for (const auto& s : p.historySlots) {
    w.u8(static_cast<uint8_t>(s.kind));
    w.u32(s.offset);
    w.u32(s.k);
    w.i64(s.windowMs);
    w.u32(s.stream);
  }
  for (const auto& s : p.streams) {
    w.u32(s.event);
    w.u32(s.errorOffset);
  }
  for (const auto& j : p.journeys) {
    w.str(j.name);
    w.u32(j.stateOffset);
  }
  for (const auto& r : p.rules) {
    w.str(r.name);
    w.u32(r.timerOffset);
    w.u32(r.armedOffset);
    w.u32(r.limitOffset);
    w.u32(r.limitRingSize);
  }
  for (const auto& c : p.caps) {
    w.u32(c.ringOffset);
    w.u32(c.ringSize);
  }
  for (const auto& e : p.schema.events) w.u32(static_cast<uint32_t>(e.properties.size()));
  w.u32(static_cast<uint32_t>(p.schema.traits.size()));
  return checksum(w.buffer());
}

// ---- Writing ---------------------------------------------------------------------------

class SnapshotWriter {
 public:
  explicit SnapshotWriter(const Engine& e) : e_(e), p_(e.program_), map_(p_) {}

  std::string run() {
    bc::ByteWriter& w = w_;
    const EngineOptions& o = e_.options_;
    w.i64(o.latenessMs);
    w.i64(o.dedupWindowMs);
    w.flag(o.metrics);
    w.u64(e_.seq_);
    w.i64(e_.maxTs_);
    w.flag(e_.haveMax_);
    w.u64(e_.heldSeq_);
    w.i64(e_.advancedTo_);
    const EngineStats& s = e_.stats_;
    for (uint64_t v : {s.read, s.processed, s.ignored, s.invalid, s.late, s.duplicates, s.malformed, s.traitErrors}) w.u64(v);
    for (uint64_t v : s.records) w.u64(v);
    users();
    w.u32(static_cast<uint32_t>(e_.timers_.size()));
    for (const TimerEntry& t : e_.timers_.sorted()) {
      w.i64(t.due);
      w.u64(t.seq);
      w.u32(t.user);
      w.u32(t.ref);
    }
    w.u32(static_cast<uint32_t>(e_.deferred_.size()));
    for (const Engine::Deferred& d : e_.deferred_) {
      w.flag(d.live);
      if (!d.live) continue;
      w.u32(d.rule);
      w.u32(d.body);
      event(d.event);
    }
    w.u32(static_cast<uint32_t>(e_.freeDeferred_.size()));
    for (uint32_t f : e_.freeDeferred_) w.u32(f);
    auto held = e_.held_;  // a copy: popping gives release order
    w.u32(static_cast<uint32_t>(held.size()));
    while (!held.empty()) {
      w.i64(held.top().t);
      w.u64(held.top().order);
      event(*held.top().event);
      held.pop();
    }
    uint32_t live = 0;
    for (const auto& d : e_.dedup_.entries()) live += d.id != 0;
    w.u32(live);
    for (const auto& d : e_.dedup_.entries()) {
      if (d.id == 0) continue;
      w.u32(d.user);
      w.u64(d.id);
      w.i64(d.first);
    }
    metrics();
    std::string payload = std::move(w.buffer());
    bc::ByteWriter head;
    head.bytes(kMagic.data(), kMagic.size());
    head.u32(kSnapshotVersion);
    head.str(p_.sourceHash);
    head.u64(layoutFingerprint(p_));
    head.u64(checksum(payload));
    head.buffer() += payload;
    return std::move(head.buffer());
  }

 private:
  void users() {
    const UserTable& u = e_.users_;
    w_.u32(u.size());
    w_.u32(p_.layout.size);
    std::vector<uint8_t> block(p_.layout.size);
    for (uint32_t i = 0; i < u.size(); ++i) {
      w_.str(u.id(i));
      std::memcpy(block.data(), u.block(i), block.size());
      for (uint32_t off : map_.stringTraits) std::memset(block.data() + off, 0, 8);  // pointers
      for (uint32_t off : map_.logs) std::memset(block.data() + off, 0, 8);
      for (auto [off, event] : map_.eventLogs) std::memset(block.data() + off, 0, 8);
      w_.bytes(block.data(), block.size());
      const RecentIds& recent = u.recent(i);
      for (int k = 0; k < RecentIds::kSlots; ++k) {
        w_.u64(recent.hash[k]);
        w_.i64(recent.first[k]);
      }
      w_.i64(recent.spilledLatest);
      const uint8_t* b = u.block(i);
      for (uint32_t off : map_.stringTraits) {
        const auto* cell = reinterpret_cast<const TraitCell*>(b + off);
        if (cell->set) w_.str(std::string_view(cell->s, cell->len));
      }
      for (uint32_t off : map_.logs) {
        const TimeLog* log;
        std::memcpy(&log, b + off, sizeof log);
        uint32_t n = log ? log->size() : 0;
        w_.u32(n);
        for (uint32_t k = 0; k < n; ++k) w_.i64(log->data[log->begin + k]);
      }
      for (auto [off, event] : map_.eventLogs) {
        const EventLog* log;
        std::memcpy(&log, b + off, sizeof log);
        w_.u32(log ? static_cast<uint32_t>(log->entries.size()) : 0);
        if (!log) continue;
        const auto& props = p_.schema.events[event].properties;
        for (const EventLog::Entry& e : log->entries) {
          w_.i64(e.t);
          for (size_t k = 0; k < props.size(); ++k) value(e.props[k], props[k].type);
        }
      }
    }
  }

  void value(const Value& v, ValueType type) {
    w_.flag(v.missing != 0);
    if (v.missing) return;
    if (type == ValueType::String) w_.str(v.str());
    else w_.i64(v.i);  // a double's bits too
  }

  void event(const io::DecodedEvent& e) {
    w_.u8(static_cast<uint8_t>(e.cls));
    w_.u64(e.line);
    w_.i64(e.t);
    w_.str(e.user);
    w_.flag(e.hasMessageId);
    w_.str(e.messageId);
    w_.u32(e.event);
    w_.u32(static_cast<uint32_t>(e.props.size()));
    for (size_t i = 0; i < e.props.size(); ++i) value(e.props[i], p_.schema.events[e.event].properties[i].type);
    w_.u32(static_cast<uint32_t>(e.traits.size()));
    for (const io::TraitUpdate& t : e.traits) {
      w_.u32(t.trait);
      w_.u8(static_cast<uint8_t>(t.op));
      if (t.op == io::TraitOp::Set) value(t.value, p_.schema.traits[t.trait].type);
    }
    w_.u32(static_cast<uint32_t>(e.traitErrors.size()));
    for (const std::string& s : e.traitErrors) w_.str(s);
    w_.str(e.reason);
  }

  void metrics() {
    const Metrics* m = e_.metrics_.get();
    w_.flag(m != nullptr);
    if (!m) return;
    for (const JourneyMetrics& j : m->journeys) {
      for (const CohortMetrics& c : j.cohorts) {
        w_.u64(c.entered);
        w_.u64(c.converted);
        w_.u32(static_cast<uint32_t>(c.ttv.size()));
        for (int64_t v : c.ttv) w_.i64(v);
      }
      w_.u64(j.handoffs);
    }
    for (const auto& counts : m->byRule)
      for (uint64_t v : counts) w_.u64(v);
  }

  const Engine& e_;
  const bc::Program& p_;
  BlockMap map_;
  bc::ByteWriter w_;
};

std::string writeSnapshot(const Engine& engine) { return SnapshotWriter(engine).run(); }

// ---- Reading ---------------------------------------------------------------------------

class SnapshotReader {
 public:
  SnapshotReader(Engine& e, std::string_view payload) : e_(e), p_(e.program_), map_(p_), r_(payload) {}

  bool run(std::string& error) {
    if (!body()) {
      error = error_.empty() ? r_.error() : error_;
      return false;
    }
    return true;
  }

  bool body() {
    const EngineOptions& o = e_.options_;
    int64_t lateness = r_.i64(), window = r_.i64();
    bool withMetrics = r_.flag();
    if (r_.ok() && (lateness != o.latenessMs || window != o.dedupWindowMs || withMetrics != o.metrics))
      return fail("the snapshot was written with other --lateness, --dedup-window or --metrics settings");
    e_.seq_ = r_.u64();
    e_.maxTs_ = r_.i64();
    e_.haveMax_ = r_.flag();
    e_.heldSeq_ = r_.u64();
    e_.advancedTo_ = r_.i64();
    EngineStats& s = e_.stats_;
    for (uint64_t* v : {&s.read, &s.processed, &s.ignored, &s.invalid, &s.late, &s.duplicates, &s.malformed, &s.traitErrors})
      *v = r_.u64();
    for (uint64_t& v : s.records) v = r_.u64();
    if (!users()) return false;
    const uint32_t userCount = e_.users_.size();
    std::vector<TimerEntry> timers(r_.count(24));
    for (TimerEntry& t : timers) {
      t.due = r_.i64();
      t.seq = r_.u64();
      t.user = r_.u32();
      t.ref = r_.u32();
    }
    const uint32_t deferredCount = r_.count(1);
    e_.deferred_.assign(deferredCount, Engine::Deferred{});
    for (Engine::Deferred& d : e_.deferred_) {
      d.live = r_.flag();
      if (!d.live) continue;
      d.rule = r_.u32();
      d.body = r_.u32();
      if (!r_.ok()) return false;
      if (d.rule >= p_.rules.size() || p_.rules[d.rule].trigger != bc::Trigger::When ||
          d.body >= p_.rules[d.rule].bodies.size())
        return fail("a deferred firing names no `when` rule of this program");
      if (!event(d.event)) return false;
      if (d.event.cls != io::LineClass::Track || d.event.event != p_.rules[d.rule].whenEvents[d.body])
        return fail("a deferred firing keeps an event its rule cannot have");
    }
    e_.freeDeferred_.resize(r_.count(4));
    for (uint32_t& f : e_.freeDeferred_) {
      f = r_.u32();
      if (f >= deferredCount || e_.deferred_[f].live) return fail("the free list of deferred firings is corrupt");
    }
    for (const TimerEntry& t : timers) {
      if (!r_.ok()) return false;
      if (t.user >= userCount) return fail("a timer names an unknown user");
      switch (t.kind()) {
        case TimerKind::Rule:
          if (t.index() >= p_.rules.size() || p_.rules[t.index()].trigger != bc::Trigger::After)
            return fail("a timer names no `after` rule of this program");
          break;
        case TimerKind::Deferred:
          if (t.index() >= deferredCount || !e_.deferred_[t.index()].live) return fail("a timer names no deferred firing");
          break;
        case TimerKind::Expiry:
          if (t.index() >= p_.journeys.size()) return fail("a timer names no journey of this program");
          break;
        default: return fail("a timer of unknown kind");
      }
    }
    e_.timers_.assign(timers);
    const uint32_t heldCount = r_.count(8);
    for (uint32_t i = 0; i < heldCount; ++i) {
      Engine::Held h;
      h.t = r_.i64();
      h.order = r_.u64();
      h.event = std::make_shared<io::DecodedEvent>();
      if (!event(*h.event)) return false;
      if (h.event->cls != io::LineClass::Track && h.event->cls != io::LineClass::Identify)
        return fail("a held event is neither a track nor an identify");
      e_.held_.push(std::move(h));
    }
    std::vector<DedupTable::Entry> dedup(r_.count(20));
    for (auto& d : dedup) {
      d.user = r_.u32();
      d.id = r_.u64();
      d.first = r_.i64();
      if (!r_.ok()) return false;
      if (d.id == 0) return fail("an empty dedup entry");
      if (d.user >= e_.users_.size()) return fail("a dedup entry names an unknown user");
    }
    e_.dedup_.restore(std::move(dedup));
    if (!metrics()) return false;
    if (!r_.ok()) return false;
    if (r_.left() != 0) return fail("unexpected bytes after the end of the snapshot");
    return true;
  }

 private:
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  // A string of the snapshot; records and the engine hold text to be valid UTF-8.
  std::string_view text() {
    std::string_view s = r_.str();
    if (r_.ok() && !bc::isValidUtf8(s)) r_.fail("a string is not valid UTF-8");
    return s;
  }

  bool users() {
    const uint32_t count = r_.count(4);
    const uint32_t blockSize = r_.u32();
    if (!r_.ok()) return false;
    if (blockSize != p_.layout.size) return fail("the user state layout differs from this program's");
    std::vector<uint8_t> block(blockSize);
    UserTable& users = e_.users_;
    for (uint32_t i = 0; i < count; ++i) {
      std::string_view id = text();
      if (!r_.bytes(block.data(), block.size()) || !r_.ok()) return false;  // bytes() goes on after a failed str()
      if (users.intern(id) != i) return fail("a user id appears twice");
      RecentIds& recent = users.recent(i);
      for (int k = 0; k < RecentIds::kSlots; ++k) {
        recent.hash[k] = r_.u64();
        recent.first[k] = r_.i64();
      }
      recent.spilledLatest = r_.i64();
      uint8_t* b = users.block(i);
      std::memcpy(b, block.data(), block.size());
      // Every owned pointer of the block is null before anything below can fail, so that a
      // failure leaves only null or owned pointers for reset() to free (the stored bytes
      // hold anything at those offsets).
      for (uint32_t off : map_.stringTraits) {
        auto* cell = reinterpret_cast<TraitCell*>(b + off);
        cell->s = nullptr;
        cell->set = 0;
      }
      for (uint32_t off : map_.logs) std::memset(b + off, 0, sizeof(TimeLog*));
      for (auto [off, event] : map_.eventLogs) std::memset(b + off, 0, sizeof(EventLog*));
      for (uint32_t off : map_.stringTraits) {
        auto* cell = reinterpret_cast<TraitCell*>(b + off);
        const uint8_t set = reinterpret_cast<const TraitCell*>(block.data() + off)->set;
        if (set > 1) return fail("a trait cell is corrupt");
        if (!set) continue;
        std::string_view s = text();
        if (!r_.ok()) return false;
        cell->s = static_cast<char*>(std::malloc(s.size() ? s.size() : 1));
        std::memcpy(cell->s, s.data(), s.size());
        cell->len = static_cast<uint32_t>(s.size());
        cell->set = 1;
      }
      for (uint32_t off : map_.logs) {
        TimeLog* none = nullptr;
        std::memcpy(b + off, &none, sizeof none);
        const uint32_t n = r_.count(8);
        if (n == 0) continue;
        auto* log = new TimeLog();
        std::memcpy(b + off, &log, sizeof log);
        int64_t prev = INT64_MIN;
        for (uint32_t k = 0; k < n; ++k) {
          int64_t t = r_.i64();
          if (t < prev) return fail("a history log is out of order");
          prev = t;
          log->push(t);
        }
      }
      for (auto [off, event] : map_.eventLogs) {
        EventLog* none = nullptr;
        std::memcpy(b + off, &none, sizeof none);
        const uint32_t n = r_.count(8);
        if (n == 0) continue;
        auto* log = new EventLog();
        std::memcpy(b + off, &log, sizeof log);
        const auto& props = p_.schema.events[event].properties;
        std::vector<Value> values(props.size());
        int64_t prev = INT64_MIN;
        for (uint32_t k = 0; k < n; ++k) {
          int64_t t = r_.i64();
          if (t < prev) return fail("an event log is out of order");
          prev = t;
          for (size_t q = 0; q < props.size(); ++q)
            if (!value(values[q], props[q])) return false;
          log->push(t, values.data(), values.size());
        }
      }
      for (auto [off, members] : map_.enumTraits) {
        const auto* cell = reinterpret_cast<const TraitCell*>(b + off);
        if (cell->set > 1 || (cell->set && (cell->i < 0 || cell->i >= int64_t(members))))
          return fail("an enum trait holds no member of its enum");
      }
      for (auto [off, k] : map_.rings)
        if (Ring::size(b + off, k) > k || *Ring::head(b + off, k) >= k) return fail("a ring's head or size is corrupt");
      if (!r_.ok()) return false;
    }
    return true;
  }

  bool value(Value& v, const bc::FieldSpec& spec) {
    v = Value::ofInt(0);
    if (r_.flag()) {
      v = Value::none();
      if (!spec.optional) return fail("a required value is missing");
      return r_.ok();
    }
    if (spec.type == ValueType::String) {
      v = Value::ofString(text());
    } else {
      v.i = r_.i64();
      if (spec.type == ValueType::Enum && (v.i < 0 || v.i >= int64_t(p_.schema.enums[spec.enumIndex].members.size())))
        return fail("an enum value names no member");
    }
    return r_.ok();
  }

  bool event(io::DecodedEvent& e) {
    uint8_t cls = r_.u8();
    if (cls > static_cast<uint8_t>(io::LineClass::Identify)) return fail("an event of unknown class");
    e.cls = static_cast<io::LineClass>(cls);
    e.line = r_.u64();
    e.t = r_.i64();
    e.user = text();
    e.hasMessageId = r_.flag();
    e.messageId = text();
    e.event = r_.u32();
    const uint32_t props = r_.count(1);
    if (!r_.ok()) return false;
    if (e.cls == io::LineClass::Track &&
        (e.event >= p_.schema.events.size() || props != p_.schema.events[e.event].properties.size()))
      return fail("an event does not match this program's schema");
    if (e.cls != io::LineClass::Track && props != 0) return fail("an identify with properties");
    e.props.resize(props);
    for (uint32_t i = 0; i < props; ++i)
      if (!value(e.props[i], p_.schema.events[e.event].properties[i])) return false;
    e.traits.resize(r_.count(5));
    for (io::TraitUpdate& t : e.traits) {
      t.trait = r_.u32();
      uint8_t op = r_.u8();
      if (!r_.ok()) return false;
      if (t.trait >= p_.schema.traits.size() || op > 1) return fail("a trait update names no trait");
      t.op = static_cast<io::TraitOp>(op);
      t.value = Value::none();
      if (t.op == io::TraitOp::Set) {
        bc::FieldSpec spec = p_.schema.traits[t.trait];
        spec.optional = false;
        if (!value(t.value, spec)) return false;
      }
    }
    e.traitErrors.resize(r_.count(4));
    for (std::string& s : e.traitErrors) s = std::string(text());
    e.reason = std::string(text());
    if (!r_.ok()) return false;
    e.own();  // copy the strings out of the snapshot bytes
    return true;
  }

  bool metrics() {
    const bool has = r_.flag();
    if (!r_.ok()) return false;
    if (has != (e_.metrics_ != nullptr)) return fail("the snapshot's metrics setting differs");
    if (!has) return true;
    for (JourneyMetrics& j : e_.metrics_->journeys) {
      for (CohortMetrics& c : j.cohorts) {
        c.entered = r_.u64();
        c.converted = r_.u64();
        c.ttv.resize(r_.count(8));
        for (int64_t& v : c.ttv) v = r_.i64();
      }
      j.handoffs = r_.u64();
    }
    for (auto& counts : e_.metrics_->byRule)
      for (uint64_t& v : counts) v = r_.u64();
    return r_.ok();
  }

  Engine& e_;
  const bc::Program& p_;
  BlockMap map_;
  bc::ByteReader r_;
  std::string error_;
};

bool restoreSnapshot(Engine& engine, std::string_view bytes, std::string& error) {
  const bc::Program& p = engine.program();
  bc::ByteReader head(bytes);
  char magic[8] = {};
  if (!head.bytes(magic, sizeof magic) || std::string_view(magic, 8) != kMagic) {
    error = "not an onb engine snapshot";
    return false;
  }
  const uint32_t version = head.u32();
  if (head.ok() && version != kSnapshotVersion) {
    error = "snapshot format version " + std::to_string(version) + ", this onb reads " + std::to_string(kSnapshotVersion);
    return false;
  }
  std::string_view hash = head.str();
  const uint64_t fingerprint = head.u64();
  const uint64_t sum = head.u64();
  if (!head.ok()) {
    error = "snapshot header: " + head.error();
    return false;
  }
  if (hash != p.sourceHash || fingerprint != layoutFingerprint(p)) {
    error = "the snapshot was written by another program (source " + std::string(hash) + ", this program is " +
            p.sourceHash + ")";
    return false;
  }
  std::string_view payload = bytes.substr(head.pos());
  if (checksum(payload) != sum) {
    error = "the snapshot is corrupted (checksum mismatch)";
    return false;
  }
  if (!SnapshotReader(engine, payload).run(error)) {
    engine.reset();
    error = "snapshot: " + error;
    return false;
  }
  return true;
}

}  // namespace onb::engine
