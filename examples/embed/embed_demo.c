/* Embedding onb from C: compile a journey, push Segment JSON lines, move the clock, and
 * stream the records through a callback.
 *
 *   embed_demo_c [PROGRAM.onb]     (default: onboarding.onb next to this file)
 */
#include <stdio.h>
#include <string.h>

#include <onb/onb.h>

static void on_record(const char* json, size_t len, void* user) {
  const char* when = (const char*)user;
  printf("%s %.*s\n", when, (int)len, json);
}

static void on_reject(uint64_t line, const char* cls, const char* reason, size_t len, void* user) {
  (void)user;
  printf("rejected line %llu (%s): %.*s\n", (unsigned long long)line, cls, (int)len, reason);
}

static const char* const kEvents[] = {
    "{\"type\":\"identify\",\"userId\":\"u1\",\"timestamp\":\"2025-01-01T08:00:00Z\","
    "\"traits\":{\"first_name\":\"Ann\",\"plan\":\"pro\",\"email_consent\":true}}",
    "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Signed Up\",\"timestamp\":\"2025-01-01T09:00:00Z\"}",
    "{\"type\":\"track\",\"userId\":\"u2\",\"event\":\"Signed Up\",\"timestamp\":\"2025-01-01T09:30:00Z\"}",
    "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Project Created\",\"timestamp\":\"2025-01-01T12:00:00Z\","
    "\"properties\":{\"template\":\"kanban\"}}",
    "{\"type\":\"track\",\"userId\":\"u3\",\"event\":\"Signed Up\",\"timestamp\":\"yesterday\"}",
};

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "onboarding.onb";
  onb_error* error = NULL;
  onb_program* program = onb_program_compile_file(path, &error);
  if (!program) {
    fprintf(stderr, "%s\n", onb_error_message(error));
    onb_error_free(error);
    return 1;
  }
  printf("onb %s, journey %s\n", onb_version(), onb_program_journey_name(program, 0));

  onb_engine_options options;
  onb_engine_options_init(&options);
  onb_engine* engine = onb_engine_new(program, &options, &error);
  onb_program_free(program); /* the engine keeps the program alive */
  if (!engine) {
    fprintf(stderr, "%s\n", onb_error_message(error));
    onb_error_free(error);
    return 1;
  }
  onb_engine_set_record_callback(engine, on_record, (void*)"event");
  onb_engine_set_reject_callback(engine, on_reject, NULL);

  for (size_t i = 0; i < sizeof kEvents / sizeof kEvents[0]; ++i) {
    onb_push_status status = onb_engine_push_json(engine, kEvents[i], strlen(kEvents[i]), &error);
    if (status == ONB_PUSH_FAILED) {
      fprintf(stderr, "%s\n", onb_error_message(error));
      onb_error_free(error);
      onb_engine_free(engine);
      return 1;
    }
    if (status != ONB_PUSH_PROCESSED)
      printf("line %zu: %s: %s\n", i + 1, onb_push_status_name(status), onb_engine_last_reason(engine));
  }

  /* 2025-01-02T10:00:00Z: the one-day nudge for u2 is due. */
  onb_engine_set_record_callback(engine, on_record, (void*)"clock");
  onb_engine_advance_to(engine, 1735812000000LL, NULL);

  /* Back to buffering for the end of input, then take the rest as JSONL. */
  onb_engine_set_record_callback(engine, NULL, NULL);
  onb_engine_finish(engine, 0, 0, NULL);
  char* jsonl = NULL;
  size_t len = 0;
  if (onb_engine_take_records(engine, &jsonl, &len, NULL) == 0) {
    printf("finish: %zu bytes of records\n", len);
    onb_string_free(jsonl);
  }

  onb_stats stats;
  onb_engine_stats(engine, &stats);
  printf("read %llu, processed %llu, malformed %llu, records %llu\n", (unsigned long long)stats.read,
         (unsigned long long)stats.processed, (unsigned long long)stats.malformed, (unsigned long long)stats.records);
  onb_engine_free(engine);
  return 0;
}
