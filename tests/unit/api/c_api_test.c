/* The C API, from C99: errors as values, ownership, records by pull and by callback,
 * artifacts, and that the JSONL equals the C++ API's (checked against expected lines).
 *
 *   unit_api_c PROGRAM.onb      (examples/embed/onboarding.onb)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <onb/onb.h>

static int failures = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

static const char* const kSignup =
    "{\"type\":\"track\",\"userId\":\"u2\",\"event\":\"Signed Up\",\"timestamp\":\"2025-01-01T09:30:00Z\"}";

static void test_errors(void) {
  onb_error* error = NULL;
  const char* bad = "event a \"A\"\njourney j {\n  enter when b\n}\n";
  onb_program* program = onb_program_compile_source(bad, strlen(bad), "bad.onb", &error);
  CHECK(program == NULL);
  CHECK(error != NULL);
  CHECK(onb_error_diagnostic_count(error) >= 1);
  CHECK(strncmp(onb_error_diagnostic(error, 0), "bad.onb:", 8) == 0);
  CHECK(strstr(onb_error_message(error), "error[E") != NULL);
  CHECK(strstr(onb_error_rendered(error), "enter when b") != NULL);
  CHECK(onb_error_diagnostic(error, 1000) == NULL);
  onb_error_free(error);

  /* NULL error pointers are allowed: the details are dropped. */
  CHECK(onb_program_compile_file("/nonexistent/x.onb", NULL) == NULL);
  error = NULL;
  CHECK(onb_program_compile_file("/nonexistent/x.onb", &error) == NULL);
  CHECK(error != NULL && strstr(onb_error_message(error), "x.onb") != NULL);
  CHECK(onb_error_diagnostic_count(error) == 0);
  onb_error_free(error);

  error = NULL;
  CHECK(onb_program_load_artifact("junk", 4, &error) == NULL);
  CHECK(error != NULL && strstr(onb_error_message(error), "invalid artifact") != NULL);
  onb_error_free(error);

  error = NULL;
  CHECK(onb_engine_new(NULL, NULL, &error) == NULL);
  CHECK(error != NULL);
  onb_error_free(error);
  CHECK(onb_engine_push_json(NULL, "x", 1, NULL) == ONB_PUSH_FAILED);
  CHECK(onb_engine_finish(NULL, 0, 0, NULL) == -1);

  /* Freeing NULL is fine. */
  onb_error_free(NULL);
  onb_program_free(NULL);
  onb_engine_free(NULL);
  onb_string_free(NULL);
}

struct Collected {
  char text[8192];
  size_t len;
  int count;
};

static void collect(const char* json, size_t len, void* user) {
  struct Collected* c = (struct Collected*)user;
  if (c->len + len + 1 < sizeof c->text) {
    memcpy(c->text + c->len, json, len);
    c->len += len;
    c->text[c->len++] = '\n';
    c->text[c->len] = '\0';
  }
  ++c->count;
}

static int rejects = 0;
static void on_reject(uint64_t line, const char* cls, const char* reason, size_t len, void* user) {
  (void)user;
  (void)len;
  CHECK(line == 2);
  CHECK(strcmp(cls, "malformed") == 0);
  CHECK(reason != NULL);
  ++rejects;
}

/* Runs the example's signup for u2 plus a bad line, then a day, both ways. */
static void test_engine(const onb_program* program) {
  rejects = 0;
  onb_error* error = NULL;
  onb_engine_options options;
  onb_engine_options_init(&options);
  CHECK(options.dedup_window_ms == 24LL * 3600 * 1000);
  CHECK(options.lateness_ms == 0 && options.explain == 0 && options.metrics == 0);
  options.metrics = 1;

  onb_engine* pulled = onb_engine_new(program, &options, &error);
  CHECK(pulled != NULL);
  onb_engine_set_reject_callback(pulled, on_reject, NULL);
  CHECK(onb_engine_push_json(pulled, kSignup, strlen(kSignup), &error) == ONB_PUSH_PROCESSED);
  CHECK(strcmp(onb_engine_last_reason(pulled), "") == 0);
  CHECK(onb_engine_push_json(pulled, "{oops", 5, &error) == ONB_PUSH_MALFORMED);
  CHECK(strlen(onb_engine_last_reason(pulled)) > 0);
  CHECK(rejects == 1);
  CHECK(onb_engine_push_json(pulled, "   ", 3, &error) == ONB_PUSH_BLANK);
  CHECK(strcmp(onb_push_status_name(ONB_PUSH_DUPLICATE), "duplicate") == 0);
  CHECK(onb_engine_advance_to(pulled, 1735812000000LL, &error) == 0); /* 2025-01-02T10:00:00Z */
  CHECK(onb_engine_finish(pulled, 1, 1735812000000LL, &error) == 0);
  char* jsonl = NULL;
  size_t len = 0;
  CHECK(onb_engine_take_records(pulled, &jsonl, &len, &error) == 0);
  CHECK(jsonl != NULL && strlen(jsonl) == len);
  CHECK(strstr(jsonl, "{\"t\":\"2025-01-01T09:30:00.000Z\",\"user\":\"u2\",\"journey\":\"activation\",\"kind\":\"enter\"") ==
        jsonl);
  CHECK(strstr(jsonl, "\"kind\":\"suppressed\",\"rule\":\"welcome\",\"reason\":\"consent\"") != NULL);
  CHECK(strstr(jsonl, "{\"t\":\"2025-01-02T09:30:00.000Z\",\"user\":\"u2\",\"journey\":\"activation\",\"kind\":\"send\","
                      "\"rule\":\"first_project_nudge\",\"channel\":\"in_app\"") != NULL);
  CHECK(jsonl[len - 1] == '\n');

  onb_stats stats;
  CHECK(onb_engine_stats(pulled, &stats) == 0);
  CHECK(stats.read == 2 && stats.processed == 1 && stats.malformed == 1 && stats.records == 3);
  CHECK(stats.pending_timers == 0);

  char* metrics = NULL;
  size_t metrics_len = 0;
  CHECK(onb_engine_metrics_json(pulled, 0, 0, &metrics, &metrics_len, &error) == 0);
  CHECK(metrics != NULL && strstr(metrics, "activation") != NULL);
  onb_string_free(metrics);

  /* Drained: a second take gives "". */
  char* empty = NULL;
  size_t empty_len = 1;
  CHECK(onb_engine_take_records(pulled, &empty, &empty_len, NULL) == 0);
  CHECK(empty != NULL && empty_len == 0 && empty[0] == '\0');
  onb_string_free(empty);

  /* The callback sees the same lines. */
  struct Collected collected;
  collected.len = 0;
  collected.count = 0;
  collected.text[0] = '\0';
  onb_engine* streamed = onb_engine_new(program, NULL, &error);
  CHECK(streamed != NULL);
  onb_engine_set_record_callback(streamed, collect, &collected);
  CHECK(onb_engine_push_json(streamed, kSignup, strlen(kSignup), NULL) == ONB_PUSH_PROCESSED);
  CHECK(onb_engine_push_json(streamed, "{oops", 5, NULL) == ONB_PUSH_MALFORMED);
  CHECK(onb_engine_finish(streamed, 1, 1735812000000LL, NULL) == 0);
  CHECK(collected.count == 3);
  CHECK(collected.len == len && memcmp(collected.text, jsonl, len) == 0);

  onb_string_free(jsonl);
  onb_engine_free(streamed);
  onb_engine_free(pulled);
}

static void test_program(const char* path) {
  onb_error* error = NULL;
  onb_program* program = onb_program_compile_file(path, &error);
  CHECK(program != NULL);
  if (!program) {
    fprintf(stderr, "%s\n", onb_error_message(error));
    onb_error_free(error);
    return;
  }
  CHECK(onb_program_journey_count(program) == 1);
  CHECK(strcmp(onb_program_journey_name(program, 0), "activation") == 0);
  CHECK(onb_program_journey_name(program, 1) == NULL);
  CHECK(onb_program_event_count(program) == 2);
  CHECK(strcmp(onb_program_event_name(program, 0), "signed_up") == 0);
  CHECK(strcmp(onb_program_event_wire_name(program, 1), "Project Created") == 0);
  CHECK(strlen(onb_program_source_hash(program)) == 16);
  CHECK(strcmp(onb_version(), "0.1.0") == 0);

  test_engine(program);

  /* Artifact round trip; the loaded program runs the same. */
  char* bytes = NULL;
  size_t len = 0;
  CHECK(onb_program_artifact(program, &bytes, &len, &error) == 0);
  CHECK(len > 16 && memcmp(bytes, "ONBC", 4) == 0);
  onb_program* loaded = onb_program_load_artifact(bytes, len, &error);
  CHECK(loaded != NULL);
  if (loaded) {
    CHECK(strcmp(onb_program_source_hash(loaded), onb_program_source_hash(program)) == 0);
    test_engine(loaded);
  }
  onb_string_free(bytes);

  /* An engine keeps its program alive after onb_program_free. */
  onb_engine* engine = onb_engine_new(loaded, NULL, &error);
  onb_program_free(loaded);
  CHECK(onb_engine_push_json(engine, kSignup, strlen(kSignup), &error) == ONB_PUSH_PROCESSED);
  CHECK(onb_engine_finish(engine, 0, 0, &error) == 0);
  onb_engine_free(engine);
  onb_program_free(program);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PROGRAM.onb\n", argv[0]);
    return 2;
  }
  test_errors();
  rejects = 0;
  test_program(argv[1]);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c api: all checks passed\n");
  return 0;
}
