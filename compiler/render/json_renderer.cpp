// DiagFormat::Json: one JSON array of diagnostics, one object per line, for tools. The
// field names are a stable interface (documented in render.hpp); add fields, never
// rename or remove them.
#include <fmt/format.h>

#include "compiler/render/diag_wording.hpp"
#include "compiler/render/json_writer.hpp"
#include "compiler/render/located_span.hpp"
#include "compiler/render/renderers.hpp"

namespace onb::render {
namespace {

// "file", "line", "column", "end_line", "end_column" when `at` is located.
void writeLocation(JsonWriter& json, const LocatedSpan& at) {
  if (!at.located()) return;
  json.field("file", at.file->path())
      .field("line", at.begin.line)
      .field("column", at.begin.column)
      .field("end_line", at.end.line)
      .field("end_column", at.end.column);
}

std::string diagnosticJson(const Diagnostic& d, const SourceManager& sources) {
  const DiagKindInfo& info = diagInfo(d.kind);
  JsonWriter json;
  json.beginObject()
      .field("code", info.code)
      .field("name", info.name)
      .field("severity", severityName(d.severity))
      .field("message", d.message);
  writeLocation(json, locate(sources, d.span));
  json.key("notes").beginArray();
  for (const DiagNote& note : d.notes) {
    json.beginObject().field("message", note.message);
    writeLocation(json, locate(sources, note.span));
    json.endObject();
  }
  json.endArray();
  if (d.fix) {
    json.key("fix").beginObject().field("replacement", d.fix->replacement);
    writeLocation(json, locate(sources, d.fix->span));
    json.endObject();
  }
  json.endObject();
  return json.text();
}

}  // namespace

std::string renderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  if (diagnostics.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < diagnostics.size(); ++i)
    out += fmt::format("  {}{}\n", diagnosticJson(diagnostics[i], sources), i + 1 < diagnostics.size() ? "," : "");
  out += "]\n";
  return out;
}

}  // namespace onb::render
