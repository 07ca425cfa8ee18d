/* The onb embedding API for C (C99 and later; also usable from C++).
 *
 *   onb_error* err = NULL;
 *   onb_program* program = onb_program_compile_file("journeys/main.onb", &err);
 *   if (!program) { fprintf(stderr, "%s\n", onb_error_message(err)); onb_error_free(err); return 1; }
 *   onb_engine* engine = onb_engine_new(program, NULL, &err);
 *   onb_program_free(program);                 (the engine keeps its own reference)
 *   onb_engine_push_json(engine, line, strlen(line), NULL);
 *   onb_engine_finish(engine, 0, 0, NULL);
 *   char* jsonl; size_t len;
 *   onb_engine_take_records(engine, &jsonl, &len, NULL);
 *   fwrite(jsonl, 1, len, stdout);
 *   onb_string_free(jsonl);
 *   onb_engine_free(engine);
 *
 * Semantics are those of `onb run` and of the C++ API (onb.hpp): pushing the lines of a
 * file, then onb_engine_finish, gives exactly the records `onb run` writes.
 *
 * ---- Ownership and lifetimes ---------------------------------------------------------
 *
 * - Every `onb_program*`, `onb_engine*` and `onb_error*` returned to you is yours: free it
 *   with onb_program_free, onb_engine_free or onb_error_free. Each accepts NULL.
 * - Programs are reference-counted: an engine keeps its program alive, so
 *   onb_program_free may be called right after onb_engine_new.
 * - `char*` results written to an out-parameter (records, artifacts, metrics) are
 *   allocated by the library and yours: free them with onb_string_free. They are
 *   NUL-terminated, and their length (without the NUL) is returned separately because
 *   artifacts contain NUL bytes.
 * - `const char*` results (names, messages, reasons) are borrowed: they stay valid as
 *   long as the object they came from, or as documented on the function.
 * - Strings passed in are only read during the call (lengths are explicit; no NUL needed
 *   where a length is given).
 *
 * ---- Errors --------------------------------------------------------------------------
 *
 * Functions that can fail take `onb_error** error` last. It may be NULL (the details are
 * then dropped); otherwise *error is set to a new onb_error on failure and left untouched
 * on success. Failure is signalled by the return value: NULL, or -1 for int results.
 * A bad input line is not a failure: onb_engine_push_json returns its status.
 * No C++ exception ever crosses this API: every failure (out of memory included) becomes
 * an onb_error.
 *
 * ---- Threads -------------------------------------------------------------------------
 *
 * A program may be used by any number of threads at once (its functions only read it;
 * only onb_program_free must not race with them). An engine is not thread-safe: use one
 * per thread, or serialise the calls on it.
 */
#ifndef ONB_ONB_H
#define ONB_ONB_H

#include <stddef.h>
#include <stdint.h>

#ifndef ONB_API
#define ONB_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct onb_program onb_program;
typedef struct onb_engine onb_engine;
typedef struct onb_error onb_error;

/* "MAJOR.MINOR.PATCH", static. */
ONB_API const char* onb_version(void);

/* ---- Errors ---- */

/* One line describing the failure (for compile errors, the first error and how many
 * more). Valid until onb_error_free. */
ONB_API const char* onb_error_message(const onb_error* error);
/* Compile errors: how many, and the i-th one as its first rendered line
 * ("file:line:col: error[E0201]: ..."); NULL when i is out of range. */
ONB_API size_t onb_error_diagnostic_count(const onb_error* error);
ONB_API const char* onb_error_diagnostic(const onb_error* error, size_t i);
/* Compile errors rendered in full for a person (source excerpts, carets, summary), as
 * `onb check` prints them; "" for other errors. */
ONB_API const char* onb_error_rendered(const onb_error* error);
ONB_API void onb_error_free(onb_error* error);

/* Frees a char* the library returned. Accepts NULL. */
ONB_API void onb_string_free(char* s);

/* ---- Programs ---- */

/* Compiles a .onb file (its imports are read relative to it). */
ONB_API onb_program* onb_program_compile_file(const char* path, onb_error** error);
/* Compiles source text; `virtual_path` (NULL: "program.onb") names it in diagnostics and
 * its imports are read relative to it. */
ONB_API onb_program* onb_program_compile_source(const char* text, size_t len, const char* virtual_path,
                                                onb_error** error);
/* Loads and verifies a compiled artifact. */
ONB_API onb_program* onb_program_load_artifact(const void* bytes, size_t len, onb_error** error);
/* The program's artifact: *bytes (free with onb_string_free) and *len. 0, or -1. */
ONB_API int onb_program_artifact(const onb_program* program, char** bytes, size_t* len, onb_error** error);
/* Introspection; the strings are valid until onb_program_free. NULL when out of range. */
ONB_API const char* onb_program_source_hash(const onb_program* program);
ONB_API size_t onb_program_journey_count(const onb_program* program);
ONB_API const char* onb_program_journey_name(const onb_program* program, size_t i);
ONB_API size_t onb_program_event_count(const onb_program* program);
ONB_API const char* onb_program_event_name(const onb_program* program, size_t i);      /* signed_up */
ONB_API const char* onb_program_event_wire_name(const onb_program* program, size_t i); /* "Signed Up" */
/* Drops the caller's reference; engines made from it keep working. */
ONB_API void onb_program_free(onb_program* program);

/* ---- Engines ---- */

typedef struct onb_engine_options {
  int64_t lateness_ms;      /* allowed lateness (default 0) */
  int64_t dedup_window_ms;  /* messageId dedup window (default 24h) */
  int explain;              /* nonzero: also write skip records */
  int metrics;              /* nonzero: collect metrics for onb_engine_metrics_json */
} onb_engine_options;

/* Fills in the defaults. */
ONB_API void onb_engine_options_init(onb_engine_options* options);

/* `options` may be NULL (the defaults). */
ONB_API onb_engine* onb_engine_new(const onb_program* program, const onb_engine_options* options,
                                   onb_error** error);
ONB_API void onb_engine_free(onb_engine* engine);

/* What became of a pushed line (see onb::PushStatus in onb.hpp). */
typedef enum onb_push_status {
  ONB_PUSH_FAILED = -1,   /* the call failed (NULL engine, out of memory): see *error */
  ONB_PUSH_PROCESSED = 0, /* taken for processing */
  ONB_PUSH_HELD = 1,      /* held for allowed lateness (lateness_ms > 0) */
  ONB_PUSH_DUPLICATE = 2, /* messageId seen within the dedup window */
  ONB_PUSH_LATE = 3,      /* older than the watermark */
  ONB_PUSH_IGNORED = 4,   /* page/screen/group/alias or an undeclared event */
  ONB_PUSH_INVALID = 5,   /* a declared event with a bad property */
  ONB_PUSH_MALFORMED = 6, /* not a Segment JSON object */
  ONB_PUSH_BLANK = 7      /* only whitespace */
} onb_push_status;

/* "processed", "held", ..., "failed". Static. */
ONB_API const char* onb_push_status_name(onb_push_status status);

/* One line of Segment JSONL (`len` bytes; a trailing newline is allowed). Lines are
 * numbered by push, from 1. Rejected lines are not failures: the status says what
 * happened and onb_engine_last_reason why. */
ONB_API onb_push_status onb_engine_push_json(onb_engine* engine, const char* line, size_t len, onb_error** error);
/* Why the last pushed line was a duplicate, late, ignored, invalid or malformed, or the
 * trait errors of a processed identify ("; "-separated); "" otherwise. Valid until the
 * next push. */
ONB_API const char* onb_engine_last_reason(const onb_engine* engine);

/* Event time has reached `epoch_ms`: releases held events and fires due timers. 0, or -1. */
ONB_API int onb_engine_advance_to(onb_engine* engine, int64_t epoch_ms, onb_error** error);
/* End of input: releases held events, fires timers due at or before `until` (when
 * has_until is nonzero) or the largest timestamp seen. 0, or -1. */
ONB_API int onb_engine_finish(onb_engine* engine, int has_until, int64_t until, onb_error** error);

/* The records produced since the last call, as JSONL (one record per line, each ending
 * in '\n'; exactly what `onb run` writes). *jsonl is "" when there are none; free it with
 * onb_string_free. 0, or -1. */
ONB_API int onb_engine_take_records(onb_engine* engine, char** jsonl, size_t* len, onb_error** error);

/* Streams records instead of buffering them: `callback` gets each record's JSON (no
 * newline; valid only during the call) as it is produced, inside push/advance/finish.
 * It must not call back into the same engine. NULL goes back to buffering. */
typedef void (*onb_record_callback)(const char* json, size_t len, void* user);
ONB_API void onb_engine_set_record_callback(onb_engine* engine, onb_record_callback callback, void* user);

/* Reports each rejected line as `onb run --rejects` would: its line number, class
 * ("malformed", "invalid", "late", "trait") and reason (valid only during the call). */
typedef void (*onb_reject_callback)(uint64_t line, const char* cls, const char* reason, size_t len, void* user);
ONB_API void onb_engine_set_reject_callback(onb_engine* engine, onb_reject_callback callback, void* user);

typedef struct onb_stats {
  uint64_t read; /* non-blank lines */
  uint64_t processed;
  uint64_t ignored;
  uint64_t invalid;
  uint64_t late;
  uint64_t duplicates;
  uint64_t malformed;
  uint64_t trait_errors;
  uint64_t records;        /* records written, every kind */
  uint64_t pending_timers; /* timers not yet fired */
} onb_stats;

/* 0, or -1 (NULL arguments). */
ONB_API int onb_engine_stats(const onb_engine* engine, onb_stats* stats);

/* The journey metrics as JSON (needs options.metrics; otherwise *json is ""), given the
 * run's `until` (has_until zero: the largest timestamp seen). Free with onb_string_free.
 * 0, or -1. */
ONB_API int onb_engine_metrics_json(const onb_engine* engine, int has_until, int64_t until, char** json, size_t* len,
                                    onb_error** error);

#ifdef __cplusplus
}
#endif

#endif /* ONB_ONB_H */
