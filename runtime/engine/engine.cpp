// The engine's event loop (LANGUAGE.md section 6): classification, the watermark and
// allowed lateness, timers before events, and the six steps of processing a track event.
#include "runtime/engine/engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "runtime/engine/hashing.hpp"

namespace onb::engine {

Engine::Engine(const bc::Program& program, const EngineOptions& options, RecordSink& records, RejectSink* rejects)
    : program_(program),
      options_(options),
      records_(records),
      rejects_(rejects),
      vm_(program),
      users_(program),
      dedup_(options.dedupWindowMs) {
  if (options.metrics) metrics_ = std::make_unique<Metrics>(program);
  const size_t events = program.schema.events.size();
  streamsByEvent_.resize(events);
  enterByEvent_.resize(events);
  anchorsByEvent_.resize(events);
  whenByEvent_.resize(events);
  goalExitByEvent_.resize(events);
  retentionByEvent_.resize(events);
  enterRules_.resize(program.journeys.size());
  capsByChannel_.resize(program.channels.size());
  for (uint32_t s = 0; s < program.streams.size(); ++s) streamsByEvent_[program.streams[s].event].push_back(s);
  for (uint32_t j = 0; j < program.journeys.size(); ++j) {
    const bc::Journey& journey = program.journeys[j];
    enterByEvent_[journey.enterEvent].push_back(j);
    std::vector<bool> goalExit(events, false);
    if (journey.hasGoal) goalExit[journey.goalEvent] = true;
    for (const auto& x : journey.exits) goalExit[x.event] = true;
    for (uint32_t e = 0; e < events; ++e)
      if (goalExit[e]) goalExitByEvent_[e].push_back(j);
    if (journey.retentionEvent != bc::kNone) retentionByEvent_[journey.retentionEvent].push_back(j);
    for (uint32_t r = journey.ruleBegin; r < journey.ruleEnd; ++r) {
      const bc::Rule& rule = program.rules[r];
      if (rule.trigger == bc::Trigger::When) {
        for (uint32_t k = 0; k < rule.whenEvents.size(); ++k) whenByEvent_[rule.whenEvents[k]].push_back({r, k});
        continue;
      }
      switch (rule.anchor) {
        case bc::Anchor::Enter: enterRules_[j].push_back(r); break;
        case bc::Anchor::First:
        case bc::Anchor::Last: anchorsByEvent_[rule.anchorEvent].push_back(r); break;
        case bc::Anchor::LastAny:
          for (uint32_t e = 0; e < events; ++e) anchorsByEvent_[e].push_back(r);
          break;
      }
    }
  }
  for (const bc::Rule& rule : program.rules) {
    uint64_t h = fnv1a(kFnvBasis, program.journeys[rule.journey].name);
    h = fnv1a(h, "/");
    h = fnv1a(h, rule.name);
    idPrefixHash_.push_back(fnv1a(h, "/"));
  }
  for (uint32_t c = 0; c < program.caps.size(); ++c) {
    const bc::Cap& cap = program.caps[c];
    for (uint32_t ch = 0; ch < program.channels.size(); ++ch) {
      bool covers = cap.channels.empty();
      for (uint32_t x : cap.channels) covers = covers || x == ch;
      if (covers) capsByChannel_[ch].push_back(c);
    }
  }
}

Engine::~Engine() = default;

void Engine::reset() {
  users_.clear();
  timers_.clear();
  dedup_.clear();
  held_ = {};
  deferred_.clear();
  freeDeferred_.clear();
  stats_ = EngineStats{};
  seq_ = 0;
  maxTs_ = 0;
  haveMax_ = false;
  heldSeq_ = 0;
  advancedTo_ = INT64_MIN;
  if (metrics_) metrics_ = std::make_unique<Metrics>(program_);
}

// ---- Input classification and the watermark -------------------------------------------

void Engine::lookahead1(const io::DecodedEvent& e, Lookahead& ahead) const {
  ahead = Lookahead{};
  if (e.cls != io::LineClass::Track && e.cls != io::LineClass::Identify) return;
  ahead.userHash = UserTable::hash(e.user);
  ahead.hashed = true;
  users_.prefetchSlot(ahead.userHash);
}

void Engine::lookahead1(const io::DecodedEvent& e, uint64_t userHash, Lookahead& ahead) const {
  ahead = Lookahead{};
  if (e.cls != io::LineClass::Track && e.cls != io::LineClass::Identify) return;
  ahead.userHash = userHash;
  ahead.hashed = true;
  users_.prefetchSlot(userHash);
}

void Engine::lookahead2(const io::DecodedEvent& /*event*/, Lookahead& ahead) const {
  if (!ahead.hashed) return;
  const uint32_t candidate = users_.probe(ahead.userHash);  // most likely the user: checked by push()
  if (candidate != UserTable::kNoUser) users_.prefetchBlock(candidate);
}

void Engine::push(io::DecodedEvent& e, const Lookahead* ahead) {
  switch (e.cls) {
    case io::LineClass::Blank: return;
    case io::LineClass::Malformed:
      ++stats_.read;
      ++stats_.malformed;
      if (rejects_) rejects_->reject(e.line, RejectClass::Malformed, e.reason);
      if (observer_) [[unlikely]] observer_->onEvent(e.user, e, EventOutcome::Malformed);
      return;
    case io::LineClass::Ignored:
    case io::LineClass::Invalid:
    case io::LineClass::Track:
    case io::LineClass::Identify: break;
  }
  ++stats_.read;
  // Every well-formed line advances the watermark and the default `until`.
  if (!haveMax_ || e.t > maxTs_) maxTs_ = e.t;
  haveMax_ = true;
  if (e.cls == io::LineClass::Ignored) {
    ++stats_.ignored;
    if (observer_) [[unlikely]] observer_->onEvent(e.user, e, EventOutcome::Ignored);
  } else if (e.cls == io::LineClass::Invalid) {
    ++stats_.invalid;
    if (rejects_) rejects_->reject(e.line, RejectClass::Invalid, e.reason);
    if (observer_) [[unlikely]] observer_->onEvent(e.user, e, EventOutcome::Invalid);
  } else if (e.t < satSub(maxTs_, options_.latenessMs) || e.t < advancedTo_) {
    ++stats_.late;
    if (rejects_) rejects_->reject(e.line, RejectClass::Late, "older than the watermark (allowed lateness exceeded)");
    if (observer_) [[unlikely]] observer_->onEvent(e.user, e, EventOutcome::Late);
  } else if (options_.latenessMs == 0 && held_.empty()) {
    process(e, ahead);  // in order: nothing to hold
    return;
  } else {
    held_.push(Held{e.t, heldSeq_++, std::make_shared<io::DecodedEvent>(e)});
    if (observer_) [[unlikely]] observer_->onEvent(e.user, e, EventOutcome::Held);
  }
  releaseHeld();
}

void Engine::releaseHeld() {
  const int64_t watermark = satSub(maxTs_, options_.latenessMs);
  while (!held_.empty() && held_.top().t <= watermark) {
    std::shared_ptr<io::DecodedEvent> e = held_.top().event;
    held_.pop();
    process(*e);
  }
}

void Engine::finish(std::optional<int64_t> until) {
  while (!held_.empty()) {
    std::shared_ptr<io::DecodedEvent> e = held_.top().event;
    held_.pop();
    process(*e);
  }
  if (until) fireTimers(*until);
  else if (haveMax_) fireTimers(maxTs_);
}

void Engine::observeTime(int64_t t) {
  if (!haveMax_ || t > maxTs_) maxTs_ = t;
  haveMax_ = true;
  if (!held_.empty()) releaseHeld();
}

void Engine::advanceTo(int64_t t) {
  advancedTo_ = std::max(advancedTo_, t);
  while (!held_.empty() && held_.top().t <= t) {
    std::shared_ptr<io::DecodedEvent> e = held_.top().event;
    held_.pop();
    process(*e);
  }
  fireTimers(t);
}

// ---- Processing one event ---------------------------------------------------------------

void Engine::process(const io::DecodedEvent& e, const Lookahead* ahead) {
  fireTimers(e.t);  // timers due at or before t fire before the event
  const uint32_t user = users_.intern(e.user, ahead && ahead->hashed ? ahead->userHash : UserTable::hash(e.user));
  if (observer_) [[unlikely]] {
    const bool duplicate = e.cls == io::LineClass::Track && e.hasMessageId &&
                           dedup_.wouldDrop(user, users_.recent(user), DedupTable::idHash(e.messageId), e.t);
    observer_->onEvent(e.user, e, duplicate ? EventOutcome::Duplicate : EventOutcome::Processed);
  }
  if (e.cls == io::LineClass::Identify) identify(user, e);
  else track(user, e);
}

void Engine::identify(uint32_t user, const io::DecodedEvent& e) {
  ++stats_.processed;
  for (const std::string& error : e.traitErrors) {
    ++stats_.traitErrors;
    if (rejects_) rejects_->reject(e.line, RejectClass::Trait, error);
  }
  uint8_t* b = block(user);
  for (const io::TraitUpdate& u : e.traits) {
    const uint32_t offset = program_.layout.traitOffset[u.trait];
    if (offset == bc::kNone) continue;  // a trait the program never reads
    auto* cell = reinterpret_cast<TraitCell*>(b + offset);
    const bool isString = program_.schema.traits[u.trait].type == ValueType::String;
    if (isString && cell->set) std::free(cell->s);
    cell->set = 0;
    if (u.op == io::TraitOp::Remove) continue;
    if (isString) {
      cell->s = static_cast<char*>(std::malloc(u.value.len ? u.value.len : 1));
      if (u.value.len) std::memcpy(cell->s, u.value.s, u.value.len);
      cell->len = u.value.len;
    } else {
      cell->i = u.value.i;  // also copies a double's bits
      cell->len = 0;
    }
    cell->set = 1;
  }
}

void Engine::track(uint32_t user, const io::DecodedEvent& e) {
  // 1. Duplicates (the messageId of an earlier processed event, within the window).
  if (e.hasMessageId && dedup_.seen(user, users_.recent(user), DedupTable::idHash(e.messageId), e.t)) {
    ++stats_.duplicates;
    return;
  }
  ++stats_.processed;
  // 2. History.
  appendHistory(user, e);
  // 3. Entry, in journey order.
  for (uint32_t j : enterByEvent_[e.event])
    if (journeyCell(user, j).status == kNeverEntered) tryEnter(user, j, e);
  // 4. Timers anchored on this event.
  armAnchors(user, e);
  // 5. `when` rules, in journey and rule order.
  for (const WhenRef& w : whenByEvent_[e.event]) {
    const bc::Rule& rule = program_.rules[w.rule];
    if (journeyCell(user, rule.journey).status != kInJourney) continue;
    const int32_t where = rule.bodies[w.body].whereFn;
    if (where != bc::kNoFn && !matches(where, user, rule.journey, e.props.data(), e.t, rule.name, w.rule)) continue;
    fire(user, w.rule, w.body, e.t, &e);
  }
  // 6. Goal, then `exit when`.
  for (uint32_t j : goalExitByEvent_[e.event])
    if (journeyCell(user, j).status == kInJourney) checkGoalAndExits(user, j, e);
  // Metrics: retention counts the event also after the user exited.
  if (metrics_) {
    for (uint32_t j : retentionByEvent_[e.event]) {
      JourneyCell& cell = journeyCell(user, j);
      if (cell.status == kNeverEntered) continue;
      static const int64_t kDays[] = {1, 7, 30};
      for (int d = 0; d < 3; ++d) {
        const int64_t from = cell.enteredAt + kDays[d] * 86'400'000LL;
        if (e.t >= from && e.t < from + 86'400'000LL) cell.retention |= static_cast<uint8_t>(1u << d);
      }
    }
  }
}

void Engine::appendHistory(uint32_t user, const io::DecodedEvent& e) {
  for (uint32_t s : streamsByEvent_[e.event]) {
    const bc::HistoryStream& stream = program_.streams[s];
    if (stream.lazy) {  // kept with its properties; the filter runs when a query does
      uint8_t* slot = block(user) + stream.logOffset;
      EventLog* log;
      std::memcpy(&log, slot, sizeof log);
      if (!log) {
        log = new EventLog();
        std::memcpy(slot, &log, sizeof log);
      }
      log->push(e.t, e.props.data(), e.props.size());
      if (stream.keepMs > 0) log->pruneUpTo(satSub(e.t, stream.keepMs));
      continue;
    }
    if (stream.filterFn != bc::kNoFn) {
      runner_->resetScratch();
      if (!runner_->run(stream.filterFn, frame(user, e.props.data(), e.t, 0))) {
        // The failure is reported by the queries whose window covers this event.
        uint8_t* errors = block(user) + stream.errorOffset;
        uint64_t count;
        std::memcpy(&count, errors, 8);
        ++count;
        std::memcpy(errors, &count, 8);
        std::memcpy(errors + 8, &e.t, 8);
        continue;
      }
      if (!runner_->resultBool()) continue;
    }
    uint8_t* b = block(user);
    for (uint32_t slotIndex : stream.slots) {
      const bc::HistorySlot& slot = program_.historySlots[slotIndex];
      uint8_t* p = b + slot.offset;
      switch (slot.kind) {
        case bc::HistKind::Count: {
          int64_t n;
          std::memcpy(&n, p, 8);
          ++n;
          std::memcpy(p, &n, 8);
          break;
        }
        case bc::HistKind::First: {
          int64_t first;
          std::memcpy(&first, p, 8);
          if (first == kNoTime) std::memcpy(p, &e.t, 8);
          break;
        }
        case bc::HistKind::Last: std::memcpy(p, &e.t, 8); break;
        case bc::HistKind::Ring: Ring::push(p, slot.k, e.t); break;
        case bc::HistKind::Log: {
          TimeLog* log;
          std::memcpy(&log, p, sizeof log);
          if (!log) {
            log = new TimeLog();
            std::memcpy(p, &log, sizeof log);
          }
          log->push(e.t);
          if (slot.windowMs > 0) log->pruneUpTo(satSub(e.t, slot.windowMs));
          break;
        }
      }
    }
  }
}

// ---- Timers ---------------------------------------------------------------------------------

void Engine::fireTimers(int64_t upto) {
  while (!timers_.empty() && timers_.top().due <= upto) {
    TimerEntry entry = timers_.pop();
    // The next timer's user, whether it fires now or some lines later: its block is the
    // miss of a firing (the first fired of a batch was prefetched by the previous call).
    if (!timers_.empty()) users_.prefetchBlock(timers_.top().user);
    fireTimer(entry);
  }
}

void Engine::fireTimer(const TimerEntry& entry) {
  const uint32_t user = entry.user;
  switch (entry.kind()) {
    case TimerKind::Expiry: {
      if (journeyCell(user, entry.index()).status == kInJourney) {
        if (observer_) [[unlikely]] observer_->onTimerFired(users_.id(user), UINT32_MAX, entry.index(), entry.due);
        exitJourney(user, entry.index(), ExitReason::Expired, entry.due);
      }
      return;
    }
    case TimerKind::Deferred: {
      Deferred& d = deferred_[entry.index()];
      const bc::Rule& rule = program_.rules[d.rule];
      if (journeyCell(user, rule.journey).status == kInJourney) {
        io::DecodedEvent event = std::move(d.event);
        const uint32_t ruleIndex = d.rule, body = d.body;
        d.live = false;
        freeDeferred_.push_back(entry.index());
        if (observer_) [[unlikely]] observer_->onTimerFired(users_.id(user), ruleIndex, rule.journey, entry.due);
        fire(user, ruleIndex, body, entry.due, &event);
      } else {
        d.live = false;
        d.event = io::DecodedEvent();
        freeDeferred_.push_back(entry.index());
      }
      return;
    }
    case TimerKind::Rule: {
      const uint32_t r = entry.index();
      const bc::Rule& rule = program_.rules[r];
      if (journeyCell(user, rule.journey).status != kInJourney) return;  // cancelled by an exit
      auto* cell = reinterpret_cast<TimerCell*>(block(user) + rule.timerOffset);
      if (cell->heapSeq != entry.seq || cell->heapDue != entry.due) return;  // a newer entry stands for it
      cell->heapSeq = 0;
      if (cell->seq == 0) return;  // nothing pending any more
      if (cell->due == entry.due && cell->seq == entry.seq) {
        cell->seq = 0;
        if (observer_) [[unlikely]] observer_->onTimerFired(users_.id(user), r, rule.journey, entry.due);
        fire(user, r, 0, entry.due, nullptr);
        return;
      }
      // Re-armed to a later time since this entry was pushed: move it.
      cell->heapDue = cell->due;
      cell->heapSeq = cell->seq;
      timers_.push(TimerEntry{cell->due, cell->seq, user, TimerEntry::makeRef(TimerKind::Rule, r)});
      return;
    }
  }
}

uint64_t Engine::pendingTimers() const {
  uint64_t pending = 0;
  auto* self = const_cast<Engine*>(this);
  timers_.forEach([&](const TimerEntry& e) {
    switch (e.kind()) {
      case TimerKind::Expiry:
        pending += self->journeyCell(e.user, e.index()).status == kInJourney;
        break;
      case TimerKind::Deferred: {
        const bc::Rule& rule = program_.rules[deferred_[e.index()].rule];
        pending += self->journeyCell(e.user, rule.journey).status == kInJourney;
        break;
      }
      case TimerKind::Rule: {
        const bc::Rule& rule = program_.rules[e.index()];
        const auto* cell = reinterpret_cast<const TimerCell*>(users_.block(e.user) + rule.timerOffset);
        pending += self->journeyCell(e.user, rule.journey).status == kInJourney && cell->heapSeq == e.seq &&
                   cell->heapDue == e.due && cell->seq != 0;
        break;
      }
    }
  });
  return pending;
}

// ---- Records ------------------------------------------------------------------------------

Record Engine::base(RecordKind kind, int64_t t, uint32_t user, uint32_t journey) {
  Record r;
  r.kind = kind;
  r.t = t;
  r.user = users_.id(user);
  r.journey = journey;
  return r;
}

void Engine::emit(const Record& r) {
  ++stats_.records[static_cast<size_t>(r.kind)];
  if (metrics_ && r.rule != bc::kNone) {
    auto& counts = metrics_->byRule[r.rule];
    auto bump = [&](RuleCounter c) { ++counts[static_cast<size_t>(c)]; };
    switch (r.kind) {
      case RecordKind::Send: bump(RuleCounter::Send); break;
      case RecordKind::Handoff:
        bump(RuleCounter::Handoff);
        ++metrics_->journeys[r.journey].handoffs;
        break;
      case RecordKind::Emit: bump(RuleCounter::Emit); break;
      case RecordKind::Deferred: bump(RuleCounter::Deferred); break;
      case RecordKind::Error: bump(RuleCounter::Error); break;
      case RecordKind::Suppressed:
        switch (r.reason) {
          case SuppressReason::Holdout: bump(RuleCounter::SuppressedHoldout); break;
          case SuppressReason::Consent: bump(RuleCounter::SuppressedConsent); break;
          case SuppressReason::Limit: bump(RuleCounter::SuppressedLimit); break;
          case SuppressReason::Cap: bump(RuleCounter::SuppressedCap); break;
        }
        break;
      case RecordKind::Enter:
      case RecordKind::Goal:
      case RecordKind::Exit:
      case RecordKind::Skip: break;
    }
  }
  records_.record(r);
}

void Engine::errorRecord(int64_t t, uint32_t user, uint32_t journey, uint32_t rule, std::string_view ruleName,
                         std::string_view message) {
  Record r = base(RecordKind::Error, t, user, journey);
  r.rule = rule;
  r.ruleName = ruleName;
  scratch_.assign(ruleName);
  scratch_ += ": ";
  scratch_ += message;
  r.message = scratch_;
  emit(r);
}

MetricsReport Engine::metricsReport(int64_t until) const {
  MetricsReport report;
  report.until = until;
  report.hasUntil = haveMax_;
  if (!metrics_) return report;
  report.journeys = metrics_->journeys;
  report.byRule = metrics_->byRule;
  static const int64_t kDays[] = {1, 7, 30};
  for (uint32_t u = 0; u < users_.size(); ++u) {
    for (uint32_t j = 0; j < program_.journeys.size(); ++j) {
      if (program_.journeys[j].retentionEvent == bc::kNone) continue;
      const auto* cell = reinterpret_cast<const JourneyCell*>(users_.block(u) + program_.journeys[j].stateOffset);
      if (cell->status == kNeverEntered) continue;
      CohortMetrics& c = report.journeys[j].cohorts[cell->holdout ? 1 : 0];
      for (int d = 0; d < 3; ++d) {
        // Eligible once day N has fully passed by the end of input.
        if (cell->enteredAt + (kDays[d] + 1) * 86'400'000LL > until) continue;
        ++c.eligible[d];
        if (cell->retention & (1u << d)) ++c.retained[d];
      }
    }
  }
  return report;
}

}  // namespace onb::engine
