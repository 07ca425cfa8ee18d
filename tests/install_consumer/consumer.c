/* The same through the C API, built as C99 against the installed header. */
#include <onb/onb.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  const char* line = "{\"type\":\"track\",\"userId\":\"c2\",\"event\":\"Signed Up\",\"timestamp\":1735722000000}";
  onb_error* error = NULL;
  onb_program* program;
  onb_engine* engine;
  char* jsonl = NULL;
  size_t len = 0;
  if (argc < 2) return 2;
  program = onb_program_compile_file(argv[1], &error);
  if (!program) {
    fprintf(stderr, "%s\n", onb_error_message(error));
    onb_error_free(error);
    return 1;
  }
  engine = onb_engine_new(program, NULL, NULL);
  onb_program_free(program);
  if (!engine || onb_engine_push_json(engine, line, strlen(line), NULL) != ONB_PUSH_PROCESSED) return 1;
  if (onb_engine_finish(engine, 0, 0, NULL) != 0 || onb_engine_take_records(engine, &jsonl, &len, NULL) != 0) return 1;
  fwrite(jsonl, 1, len, stdout);
  onb_string_free(jsonl);
  onb_engine_free(engine);
  return 0;
}
