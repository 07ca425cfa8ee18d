// The C API (onb.h) over the C++ API (onb.hpp). Every entry point catches everything:
// no C++ exception may cross into C.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "onb/onb.h"
#include "onb/onb.hpp"

struct onb_error {
  std::string message;
  std::vector<std::string> diagnostics;
  std::string rendered;
};

struct onb_program {
  onb::Program program;
  std::vector<std::string> journeys;
  std::vector<onb::EventInfo> events;
  std::string sourceHash;
};

struct onb_engine {
  explicit onb_engine(onb::Engine e) : engine(std::move(e)) {}
  onb::Engine engine;
  std::string pending;     // buffered records, as JSONL
  std::string lastReason;  // onb_engine_last_reason
  onb_record_callback recordCallback = nullptr;
  void* recordUser = nullptr;
  onb_reject_callback rejectCallback = nullptr;
  void* rejectUser = nullptr;
};

namespace {

// Handed out when even allocating an error fails; never freed.
onb_error kOutOfMemory{"out of memory", {}, {}};

void setError(onb_error** error, const char* message) noexcept {
  if (!error) return;
  try {
    *error = new onb_error{message, {}, {}};
  } catch (...) {
    *error = &kOutOfMemory;
  }
}

void setError(onb_error** error, const onb::Error& e) noexcept {
  if (!error) return;
  try {
    *error = new onb_error{e.message, e.diagnostics, e.rendered};
  } catch (...) {
    *error = &kOutOfMemory;
  }
}

// Runs `body`, turning any exception into an onb_error and `failed`.
template <typename R, typename F>
R guarded(onb_error** error, R failed, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    setError(error, "out of memory");
  } catch (const std::exception& e) {
    setError(error, e.what());
  } catch (...) {
    setError(error, "unknown error");
  }
  return failed;
}

// A malloc'd, NUL-terminated copy (onb_string_free releases it).
char* copyOut(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

onb_program* wrap(onb::Result<onb::Program> result, onb_error** error) {
  if (!result.ok()) {
    setError(error, result.error());
    return nullptr;
  }
  auto p = std::make_unique<onb_program>(onb_program{std::move(result).value(), {}, {}, {}});
  p->journeys = p->program.journeys();
  p->events = p->program.events();
  p->sourceHash = p->program.sourceHash();
  return p.release();
}

}  // namespace

extern "C" {

const char* onb_version(void) { return onb::version(); }

const char* onb_error_message(const onb_error* error) { return error ? error->message.c_str() : ""; }

size_t onb_error_diagnostic_count(const onb_error* error) { return error ? error->diagnostics.size() : 0; }

const char* onb_error_diagnostic(const onb_error* error, size_t i) {
  return error && i < error->diagnostics.size() ? error->diagnostics[i].c_str() : nullptr;
}

const char* onb_error_rendered(const onb_error* error) { return error ? error->rendered.c_str() : ""; }

void onb_error_free(onb_error* error) {
  if (error != &kOutOfMemory) delete error;
}

void onb_string_free(char* s) { std::free(s); }

onb_program* onb_program_compile_file(const char* path, onb_error** error) {
  return guarded(error, static_cast<onb_program*>(nullptr), [&]() -> onb_program* {
    if (!path) {
      setError(error, "onb_program_compile_file: path is NULL");
      return nullptr;
    }
    return wrap(onb::Program::compileFile(path), error);
  });
}

onb_program* onb_program_compile_source(const char* text, size_t len, const char* virtual_path, onb_error** error) {
  return guarded(error, static_cast<onb_program*>(nullptr), [&]() -> onb_program* {
    if (!text && len) {
      setError(error, "onb_program_compile_source: text is NULL");
      return nullptr;
    }
    const std::string_view source = text ? std::string_view(text, len) : std::string_view();
    return wrap(onb::Program::compileSource(source, virtual_path ? virtual_path : "program.onb"), error);
  });
}

onb_program* onb_program_load_artifact(const void* bytes, size_t len, onb_error** error) {
  return guarded(error, static_cast<onb_program*>(nullptr), [&]() -> onb_program* {
    if (!bytes && len) {
      setError(error, "onb_program_load_artifact: bytes is NULL");
      return nullptr;
    }
    const std::string_view data = bytes ? std::string_view(static_cast<const char*>(bytes), len) : std::string_view();
    return wrap(onb::Program::loadArtifact(data), error);
  });
}

int onb_program_artifact(const onb_program* program, char** bytes, size_t* len, onb_error** error) {
  return guarded(error, -1, [&] {
    if (!program || !bytes || !len) {
      setError(error, "onb_program_artifact: NULL argument");
      return -1;
    }
    const std::string artifact = program->program.artifact();
    *bytes = copyOut(artifact);
    *len = artifact.size();
    return 0;
  });
}

const char* onb_program_source_hash(const onb_program* program) { return program ? program->sourceHash.c_str() : ""; }

size_t onb_program_journey_count(const onb_program* program) { return program ? program->journeys.size() : 0; }

const char* onb_program_journey_name(const onb_program* program, size_t i) {
  return program && i < program->journeys.size() ? program->journeys[i].c_str() : nullptr;
}

size_t onb_program_event_count(const onb_program* program) { return program ? program->events.size() : 0; }

const char* onb_program_event_name(const onb_program* program, size_t i) {
  return program && i < program->events.size() ? program->events[i].name.c_str() : nullptr;
}

const char* onb_program_event_wire_name(const onb_program* program, size_t i) {
  return program && i < program->events.size() ? program->events[i].wireName.c_str() : nullptr;
}

void onb_program_free(onb_program* program) { delete program; }

void onb_engine_options_init(onb_engine_options* options) {
  if (!options) return;
  const onb::EngineOptions defaults;
  options->lateness_ms = defaults.latenessMs;
  options->dedup_window_ms = defaults.dedupWindowMs;
  options->explain = defaults.explain;
  options->metrics = defaults.metrics;
}

onb_engine* onb_engine_new(const onb_program* program, const onb_engine_options* options, onb_error** error) {
  return guarded(error, static_cast<onb_engine*>(nullptr), [&]() -> onb_engine* {
    if (!program) {
      setError(error, "onb_engine_new: program is NULL");
      return nullptr;
    }
    onb::EngineOptions o;
    if (options) {
      o.latenessMs = options->lateness_ms;
      o.dedupWindowMs = options->dedup_window_ms;
      o.explain = options->explain != 0;
      o.metrics = options->metrics != 0;
    }
    auto owned = std::make_unique<onb_engine>(onb::Engine(program->program, o));
    onb_engine* e = owned.get();
    // The handlers only call C callbacks or append: they do not throw, except for an
    // allocation failure, which the guarded entry point reports.
    e->engine.setRecordHandler([e](const onb::Record& r) {
      if (e->recordCallback) {
        e->recordCallback(r.json.data(), r.json.size(), e->recordUser);
      } else {
        e->pending += r.json;
        e->pending += '\n';
      }
    });
    e->engine.setRejectHandler([e](const onb::Reject& r) {
      if (e->rejectCallback)
        e->rejectCallback(r.line, onb::rejectKindName(r.kind), r.reason.c_str(), r.reason.size(), e->rejectUser);
    });
    return owned.release();
  });
}

void onb_engine_free(onb_engine* engine) { delete engine; }

const char* onb_push_status_name(onb_push_status status) {
  switch (status) {
    case ONB_PUSH_FAILED: return "failed";
    case ONB_PUSH_PROCESSED: return onb::pushStatusName(onb::PushStatus::Processed);
    case ONB_PUSH_HELD: return onb::pushStatusName(onb::PushStatus::Held);
    case ONB_PUSH_DUPLICATE: return onb::pushStatusName(onb::PushStatus::Duplicate);
    case ONB_PUSH_LATE: return onb::pushStatusName(onb::PushStatus::Late);
    case ONB_PUSH_IGNORED: return onb::pushStatusName(onb::PushStatus::Ignored);
    case ONB_PUSH_INVALID: return onb::pushStatusName(onb::PushStatus::Invalid);
    case ONB_PUSH_MALFORMED: return onb::pushStatusName(onb::PushStatus::Malformed);
    case ONB_PUSH_BLANK: return onb::pushStatusName(onb::PushStatus::Blank);
  }
  return "?";
}

onb_push_status onb_engine_push_json(onb_engine* engine, const char* line, size_t len, onb_error** error) {
  return guarded(error, ONB_PUSH_FAILED, [&] {
    if (!engine || (!line && len)) {
      setError(error, "onb_engine_push_json: NULL argument");
      return ONB_PUSH_FAILED;
    }
    engine->lastReason.clear();
    onb::PushResult r = engine->engine.push(line ? std::string_view(line, len) : std::string_view());
    engine->lastReason = std::move(r.reason);
    for (const std::string& e : r.traitErrors) {
      if (!engine->lastReason.empty()) engine->lastReason += "; ";
      engine->lastReason += e;
    }
    switch (r.status) {
      case onb::PushStatus::Processed: return ONB_PUSH_PROCESSED;
      case onb::PushStatus::Held: return ONB_PUSH_HELD;
      case onb::PushStatus::Duplicate: return ONB_PUSH_DUPLICATE;
      case onb::PushStatus::Late: return ONB_PUSH_LATE;
      case onb::PushStatus::Ignored: return ONB_PUSH_IGNORED;
      case onb::PushStatus::Invalid: return ONB_PUSH_INVALID;
      case onb::PushStatus::Malformed: return ONB_PUSH_MALFORMED;
      case onb::PushStatus::Blank: return ONB_PUSH_BLANK;
    }
    return ONB_PUSH_FAILED;
  });
}

const char* onb_engine_last_reason(const onb_engine* engine) { return engine ? engine->lastReason.c_str() : ""; }

int onb_engine_advance_to(onb_engine* engine, int64_t epoch_ms, onb_error** error) {
  return guarded(error, -1, [&] {
    if (!engine) {
      setError(error, "onb_engine_advance_to: engine is NULL");
      return -1;
    }
    engine->engine.advanceTo(epoch_ms);
    return 0;
  });
}

int onb_engine_finish(onb_engine* engine, int has_until, int64_t until, onb_error** error) {
  return guarded(error, -1, [&] {
    if (!engine) {
      setError(error, "onb_engine_finish: engine is NULL");
      return -1;
    }
    engine->engine.finish(has_until ? std::optional<int64_t>(until) : std::nullopt);
    return 0;
  });
}

int onb_engine_take_records(onb_engine* engine, char** jsonl, size_t* len, onb_error** error) {
  return guarded(error, -1, [&] {
    if (!engine || !jsonl || !len) {
      setError(error, "onb_engine_take_records: NULL argument");
      return -1;
    }
    *jsonl = copyOut(engine->pending);
    *len = engine->pending.size();
    engine->pending.clear();
    return 0;
  });
}

void onb_engine_set_record_callback(onb_engine* engine, onb_record_callback callback, void* user) {
  if (!engine) return;
  engine->recordCallback = callback;
  engine->recordUser = user;
}

void onb_engine_set_reject_callback(onb_engine* engine, onb_reject_callback callback, void* user) {
  if (!engine) return;
  engine->rejectCallback = callback;
  engine->rejectUser = user;
}

int onb_engine_stats(const onb_engine* engine, onb_stats* stats) {
  if (!engine || !stats) return -1;
  return guarded(nullptr, -1, [&] {
    const onb::Stats s = engine->engine.stats();
    stats->read = s.read;
    stats->processed = s.processed;
    stats->ignored = s.ignored;
    stats->invalid = s.invalid;
    stats->late = s.late;
    stats->duplicates = s.duplicates;
    stats->malformed = s.malformed;
    stats->trait_errors = s.traitErrors;
    stats->records = 0;
    for (uint64_t n : s.records) stats->records += n;
    stats->pending_timers = s.pendingTimers;
    return 0;
  });
}

int onb_engine_metrics_json(const onb_engine* engine, int has_until, int64_t until, char** json, size_t* len,
                            onb_error** error) {
  return guarded(error, -1, [&] {
    if (!engine || !json || !len) {
      setError(error, "onb_engine_metrics_json: NULL argument");
      return -1;
    }
    const std::string text = engine->engine.metricsJson(has_until ? std::optional<int64_t>(until) : std::nullopt);
    *json = copyOut(text);
    *len = text.size();
    return 0;
  });
}

}  // extern "C"
