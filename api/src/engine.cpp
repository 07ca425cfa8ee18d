// onb::Engine: the runtime engine behind a pimpl, with the pipeline of `onb run` (decode
// each line, push it, write records through the JSONL sink), so both give the same bytes.
#include <utility>

#include "api/src/event_json.hpp"
#include "api/src/program_impl.hpp"
#include "onb/onb.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/engine/metrics.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/record_writer.hpp"

namespace onb {

namespace {

RecordKind publicKind(engine::RecordKind kind) {
  switch (kind) {
    case engine::RecordKind::Enter: return RecordKind::Enter;
    case engine::RecordKind::Send: return RecordKind::Send;
    case engine::RecordKind::Handoff: return RecordKind::Handoff;
    case engine::RecordKind::Emit: return RecordKind::Emit;
    case engine::RecordKind::Suppressed: return RecordKind::Suppressed;
    case engine::RecordKind::Deferred: return RecordKind::Deferred;
    case engine::RecordKind::Goal: return RecordKind::Goal;
    case engine::RecordKind::Exit: return RecordKind::Exit;
    case engine::RecordKind::Error: return RecordKind::Error;
    case engine::RecordKind::Skip: return RecordKind::Skip;
  }
  return RecordKind::Error;
}

RejectKind publicReject(io::RejectClass cls) {
  switch (cls) {
    case io::RejectClass::Malformed: return RejectKind::Malformed;
    case io::RejectClass::Invalid: return RejectKind::Invalid;
    case io::RejectClass::Late: return RejectKind::Late;
    case io::RejectClass::Trait: return RejectKind::Trait;
  }
  return RejectKind::Malformed;
}

const char* actionName(bc::Action action) {
  switch (action) {
    case bc::Action::Send: return "send";
    case bc::Action::Handoff: return "handoff";
    case bc::Action::Emit: return "emit";
  }
  return "?";
}

engine::EngineOptions internalOptions(const EngineOptions& o) {
  engine::EngineOptions options;
  options.latenessMs = o.latenessMs;
  options.dedupWindowMs = o.dedupWindowMs;
  options.explain = o.explain;
  options.metrics = o.metrics;
  return options;
}

}  // namespace

const char* recordKindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::Enter: return "enter";
    case RecordKind::Send: return "send";
    case RecordKind::Handoff: return "handoff";
    case RecordKind::Emit: return "emit";
    case RecordKind::Suppressed: return "suppressed";
    case RecordKind::Deferred: return "deferred";
    case RecordKind::Goal: return "goal";
    case RecordKind::Exit: return "exit";
    case RecordKind::Error: return "error";
    case RecordKind::Skip: return "skip";
  }
  return "?";
}

const char* pushStatusName(PushStatus status) {
  switch (status) {
    case PushStatus::Processed: return "processed";
    case PushStatus::Held: return "held";
    case PushStatus::Duplicate: return "duplicate";
    case PushStatus::Late: return "late";
    case PushStatus::Ignored: return "ignored";
    case PushStatus::Invalid: return "invalid";
    case PushStatus::Malformed: return "malformed";
    case PushStatus::Blank: return "blank";
  }
  return "?";
}

const char* rejectKindName(RejectKind kind) {
  switch (kind) {
    case RejectKind::Malformed: return "malformed";
    case RejectKind::Invalid: return "invalid";
    case RejectKind::Late: return "late";
    case RejectKind::Trait: return "trait";
  }
  return "?";
}

// Heap-allocated and never moved: the writer, the sink and the engine point at members.
// Hidden: a nested class would otherwise inherit Engine's exported visibility.
struct [[gnu::visibility("hidden")]] Engine::Impl final : engine::RecordSink, engine::RejectSink {
  Impl(const Program& p, const EngineOptions& o)
      : program(p),
        compiled(ProgramAccess::impl(p)->program),
        options(o),
        writer(&out),
        jsonl(compiled, writer),
        decoder(compiled.schema),
        core(compiled, internalOptions(o), *this, this) {
    decoder.setMaxLineBytes(o.maxLineBytes);
  }

  void record(const engine::Record& r) override;
  void reject(uint64_t line, io::RejectClass cls, std::string_view reason) override;
  PushResult push(std::string_view line);

  Program program;  // keeps `compiled` alive
  const bc::Program& compiled;
  EngineOptions options;
  std::string out;  // the record being written, as JSONL
  io::RecordWriter writer;
  engine::JsonlSink jsonl;
  io::EventDecoder decoder;
  io::DecodedEvent event;
  std::string scratch;  // a typed event's JSON line
  std::vector<Record> buffered;
  std::function<void(const Record&)> recordHandler;
  std::function<void(const Reject&)> rejectHandler;
  uint64_t lines = 0;
  PushResult* current = nullptr;  // the push in progress: collects its own line's reports
  engine::Engine core;            // last: it reports into the members above
};

void Engine::Impl::record(const engine::Record& r) {
  jsonl.record(r);
  writer.flush();  // appends the line to `out`
  Record rec;
  rec.kind = publicKind(r.kind);
  rec.t = r.t;
  rec.user = r.user;
  rec.journey = compiled.journeys[r.journey].name;
  const bc::Rule* rule = r.rule != bc::kNone ? &compiled.rules[r.rule] : nullptr;
  if (r.kind == engine::RecordKind::Error) rec.rule = r.ruleName;
  else if (rule) rec.rule = rule->name;
  rec.json.assign(out.data(), out.empty() ? 0 : out.size() - 1);  // without the newline
  out.clear();
  switch (r.kind) {
    case engine::RecordKind::Enter: rec.holdout = r.holdout; break;
    case engine::RecordKind::Send:
      rec.channel = compiled.channels[rule->destination].name;
      rec.templateName = rule->text;
      rec.id = r.id;
      break;
    case engine::RecordKind::Handoff:
      rec.queue = compiled.queues[rule->destination];
      rec.id = r.id;
      break;
    case engine::RecordKind::Emit:
      rec.name = rule->text;
      rec.id = r.id;
      break;
    case engine::RecordKind::Suppressed:
      rec.reason = engine::suppressReasonName(r.reason);
      rec.action = actionName(r.action);
      break;
    case engine::RecordKind::Deferred: rec.until = r.until; break;
    case engine::RecordKind::Goal: rec.ttvMs = r.ttvMs; break;
    case engine::RecordKind::Exit: rec.reason = engine::exitReasonName(r.exitReason); break;
    case engine::RecordKind::Error: rec.message = r.message; break;
    case engine::RecordKind::Skip: break;
  }
  if (recordHandler) recordHandler(rec);
  else buffered.push_back(std::move(rec));
}

void Engine::Impl::reject(uint64_t line, io::RejectClass cls, std::string_view reason) {
  if (current && current->line == line) {
    if (cls == io::RejectClass::Trait) current->traitErrors.emplace_back(reason);
    else current->reason = reason;
  }
  if (rejectHandler) rejectHandler(Reject{line, publicReject(cls), std::string(reason)});
}

PushResult Engine::Impl::push(std::string_view line) {
  PushResult result;
  result.line = ++lines;
  decoder.decode(line, result.line, event);
  const uint64_t lateBefore = core.stats().late;
  const uint64_t duplicatesBefore = core.stats().duplicates;
  // Reset even when a handler throws: `result` lives on this frame.
  struct Collecting {
    PushResult*& slot;
    ~Collecting() { slot = nullptr; }
  } collecting{current};
  current = &result;
  core.push(event);
  switch (event.cls) {
    case io::LineClass::Blank: result.status = PushStatus::Blank; break;
    case io::LineClass::Malformed: result.status = PushStatus::Malformed; break;
    case io::LineClass::Ignored: result.status = PushStatus::Ignored; break;
    case io::LineClass::Invalid: result.status = PushStatus::Invalid; break;
    case io::LineClass::Track:
    case io::LineClass::Identify:
      if (core.stats().late > lateBefore) result.status = PushStatus::Late;
      // With allowed lateness the event is queued; the engine decides duplicates on release.
      else if (options.latenessMs > 0) result.status = PushStatus::Held;
      else if (core.stats().duplicates > duplicatesBefore) result.status = PushStatus::Duplicate;
      else result.status = PushStatus::Processed;
      break;
  }
  if (result.status == PushStatus::Malformed || result.status == PushStatus::Ignored ||
      result.status == PushStatus::Invalid)
    result.reason = event.reason;
  else if (result.status == PushStatus::Duplicate)
    result.reason = "messageId already processed within the dedup window";
  return result;
}

Engine::Engine(const Program& program, const EngineOptions& options)
    : impl_(std::make_unique<Impl>(program, options)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

PushResult Engine::push(std::string_view jsonLine) { return impl_->push(jsonLine); }

PushResult Engine::push(const Event& event) {
  impl_->scratch.clear();
  appendJsonLine(event, impl_->scratch);
  return impl_->push(impl_->scratch);
}

void Engine::advanceTo(int64_t epochMs) { impl_->core.advanceTo(epochMs); }

void Engine::finish(std::optional<int64_t> until) { impl_->core.finish(until); }

std::vector<Record> Engine::takeRecords() { return std::exchange(impl_->buffered, {}); }

void Engine::setRecordHandler(std::function<void(const Record&)> handler) { impl_->recordHandler = std::move(handler); }

void Engine::setRejectHandler(std::function<void(const Reject&)> handler) { impl_->rejectHandler = std::move(handler); }

Stats Engine::stats() const {
  const engine::EngineStats& s = impl_->core.stats();
  Stats stats;
  stats.read = s.read;
  stats.processed = s.processed;
  stats.ignored = s.ignored;
  stats.invalid = s.invalid;
  stats.late = s.late;
  stats.duplicates = s.duplicates;
  stats.malformed = s.malformed;
  stats.traitErrors = s.traitErrors;
  for (int k = 0; k <= static_cast<int>(engine::RecordKind::Skip); ++k)
    stats.records[static_cast<size_t>(publicKind(static_cast<engine::RecordKind>(k)))] = s.records[k];
  stats.pendingTimers = impl_->core.pendingTimers();
  return stats;
}

std::string Engine::metricsJson(std::optional<int64_t> until) const {
  if (!impl_->options.metrics) return {};
  const int64_t end = until ? *until : impl_->core.maxTimestamp();
  return engine::metricsJson(impl_->compiled, impl_->core.metricsReport(end));
}

const Program& Engine::program() const { return impl_->program; }

}  // namespace onb
