// DiagFormat::Sarif: a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
// shaped for GitHub code scanning (github/codeql-action/upload-sarif):
// - one run; tool.driver.rules lists every kind in .def order, so ruleIndex is the
//   kind's index and the rule set does not depend on what this run found;
// - every result has a physical location with a relative `uri` under %SRCROOT%: GitHub
//   rejects the whole upload if one result has none, so diagnostics without a location
//   go to invocations[0].toolExecutionNotifications instead;
// - partialFingerprints.primaryLocationLineHash lets GitHub follow an alert when lines
//   move: it hashes the code, the file and the line's text without whitespace, plus
//   an occurrence counter for identical lines (GitHub's own "hash:n" form).
#include <cctype>
#include <cstdint>
#include <map>
#include <string>

#include <fmt/format.h>

#include "compiler/render/diag_wording.hpp"
#include "compiler/render/json_writer.hpp"
#include "compiler/render/located_span.hpp"
#include "compiler/render/renderers.hpp"

namespace onb::render {
namespace {

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/onb-lang/onb";

// A path as a SARIF artifact URI: backslashes become slashes, a leading "./" goes, and
// bytes outside RFC 3986's path characters are percent-encoded. `relative` tells whether
// the result is relative (to be resolved against %SRCROOT%) or a file:// URI.
struct ArtifactUri {
  std::string uri;
  bool relative = true;
};

ArtifactUri artifactUri(std::string_view path) {
  std::string slashed(path);
  for (char& c : slashed)
    if (c == '\\') c = '/';
  std::string_view rest = slashed;
  while (rest.starts_with("./")) rest.remove_prefix(2);
  bool driveLetter =
      rest.size() >= 3 && std::isalpha(static_cast<unsigned char>(rest[0])) && rest[1] == ':' && rest[2] == '/';
  ArtifactUri out;
  if (rest.starts_with('/') || driveLetter) {
    out.relative = false;
    out.uri = driveLetter ? "file:///" : "file://";
  }
  for (char c : rest) {
    auto byte = static_cast<unsigned char>(c);
    bool plain = std::isalnum(byte) || std::string_view("-._~/!$&'()*+,;=@").find(c) != std::string_view::npos ||
                 (c == ':' && !out.relative);  // a relative reference must not look like a scheme
    if (plain)
      out.uri += c;
    else
      out.uri += fmt::format("%{:02X}", byte);
  }
  return out;
}

// FNV-1a, 64 bits: small, and stable across platforms and releases (std::hash is not).
uint64_t fnv1a(std::string_view bytes, uint64_t hash = 0xcbf29ce484222325ULL) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string_view ruleCategory(std::string_view code) {
  // diagnostic_kinds.def groups codes by hundreds, one section each.
  if (code.starts_with('W')) return "onboarding-playbook";
  if (code.starts_with("E00")) return "syntax";
  if (code.starts_with("E01")) return "imports";
  if (code.starts_with("E02")) return "names";
  if (code.starts_with("E03")) return "types";
  return "correctness";
}

// `"key": {"text": text}`, SARIF's shape for messages and descriptions.
void writeText(JsonWriter& json, std::string_view key, std::string_view text) {
  json.key(key).beginObject().field("text", text).endObject();
}

void writeRule(JsonWriter& json, const DiagKindInfo& info) {
  std::string help(info.explanation);
  if (isSilenceable(info.kind)) help += "\n\n" + silenceInstructions(info.kind);
  json.beginObject().field("id", info.code).field("name", info.name);
  writeText(json, "shortDescription", info.explanation);
  writeText(json, "fullDescription", info.explanation);
  writeText(json, "help", help);
  json.key("defaultConfiguration").beginObject().field("level", severityName(info.severity)).endObject();
  json.key("properties").beginObject().key("tags").beginArray().string("onb").string(ruleCategory(info.code));
  json.endArray().endObject().endObject();
}

// `"key": {startLine, startColumn, endLine, endColumn}` (the end exclusive).
void writeRegion(JsonWriter& json, std::string_view key, const LocatedSpan& at) {
  json.key(key).beginObject().field("startLine", at.begin.line).field("startColumn", at.begin.column);
  json.field("endLine", at.end.line).field("endColumn", at.end.column).endObject();
}

void writeArtifactLocation(JsonWriter& json, const LocatedSpan& at) {
  ArtifactUri uri = artifactUri(at.file->path());
  json.key("artifactLocation").beginObject().field("uri", uri.uri);
  if (uri.relative) json.field("uriBaseId", "%SRCROOT%");
  json.endObject();
}

void writePhysicalLocation(JsonWriter& json, const LocatedSpan& at) {
  json.key("physicalLocation").beginObject();
  writeArtifactLocation(json, at);
  writeRegion(json, "region", at);
  json.endObject();
}

// The message, then the notes and the fix-it as extra lines (GitHub shows only the
// message text of an alert; related locations carry the notes' positions).
std::string messageText(const Diagnostic& d, const SourceManager& sources) {
  std::string text = d.message;
  for (const DiagNote& note : d.notes) text += "\nnote: " + note.message;
  if (d.fix) text += "\nhelp: " + fixHelp(*d.fix, d.span, sources);
  return text;
}

// Writes results, remembering fingerprints so identical lines get distinct ones.
class SarifRenderer {
 public:
  explicit SarifRenderer(const SourceManager& sources) : sources_(sources) {}

  void writeResult(JsonWriter& json, const Diagnostic& d, const LocatedSpan& primary) {
    const DiagKindInfo& info = diagInfo(d.kind);
    json.beginObject()
        .field("ruleId", info.code)
        .field("ruleIndex", static_cast<int64_t>(d.kind))
        .field("level", severityName(d.severity));
    writeText(json, "message", messageText(d, sources_));
    json.key("locations").beginArray().beginObject();
    writePhysicalLocation(json, primary);
    json.endObject().endArray();

    bool anyRelated = false;
    int64_t id = 0;
    for (const DiagNote& note : d.notes) {
      LocatedSpan at = locate(sources_, note.span);
      if (!at.located()) continue;
      if (!anyRelated) json.key("relatedLocations").beginArray();
      anyRelated = true;
      json.beginObject().field("id", ++id);
      writePhysicalLocation(json, at);
      writeText(json, "message", note.message);
      json.endObject();
    }
    if (anyRelated) json.endArray();

    json.key("partialFingerprints").beginObject().field("primaryLocationLineHash", fingerprint(info, primary));
    json.endObject();
    if (d.fix) writeFix(json, d);
    json.endObject();
  }

 private:
  void writeFix(JsonWriter& json, const Diagnostic& d) const {
    LocatedSpan at = locate(sources_, d.fix->span);
    if (!at.located()) return;
    json.key("fixes").beginArray().beginObject();
    writeText(json, "description", fixHelp(*d.fix, d.span, sources_));
    json.key("artifactChanges").beginArray().beginObject();
    writeArtifactLocation(json, at);
    json.key("replacements").beginArray().beginObject();
    writeRegion(json, "deletedRegion", at);
    writeText(json, "insertedContent", d.fix->replacement);
    json.endObject().endArray();  // replacements
    json.endObject().endArray();  // artifactChanges
    json.endObject().endArray();  // fixes
  }

  // "HASH:N": HASH is FNV-1a of the code, the path and the primary line's text without
  // whitespace (so re-indenting or moving the line keeps it); N counts the results with
  // the same HASH so far, telling identical lines apart.
  std::string fingerprint(const DiagKindInfo& info, const LocatedSpan& at) {
    std::string line;
    for (char c : at.file->lineText(at.begin.line))
      if (c != ' ' && c != '\t' && c != '\r') line += c;
    uint64_t hash = fnv1a(info.code);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(at.file->path(), hash);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(line, hash);
    int occurrence = ++seen_[hash];
    return fmt::format("{:016x}:{}", hash, occurrence);
  }

  const SourceManager& sources_;
  std::map<uint64_t, int> seen_;  // fingerprint hash -> results with it so far
};

}  // namespace

std::string renderSarif(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                        std::string_view toolVersion) {
  JsonWriter json(2);
  json.beginObject().field("$schema", kSchema).field("version", "2.1.0");
  json.key("runs").beginArray().beginObject();

  json.key("tool").beginObject().key("driver").beginObject();
  json.field("name", "onb").field("version", toolVersion).field("informationUri", kInformationUri);
  json.key("rules").beginArray();
  for (const DiagKindInfo& info : allDiagKinds()) writeRule(json, info);
  json.endArray().endObject().endObject();  // rules, driver, tool

  // Diagnostics without a location (an unreadable file) are about the run, not the code;
  // an error among them means the run could not do its job.
  bool failed = false;
  json.key("invocations").beginArray().beginObject();
  json.key("toolExecutionNotifications").beginArray();
  for (const Diagnostic& d : diagnostics) {
    if (locate(sources, d.span).located()) continue;
    failed = failed || d.severity == Severity::Error;
    const DiagKindInfo& info = diagInfo(d.kind);
    json.beginObject().field("level", severityName(d.severity));
    writeText(json, "message", messageText(d, sources));
    json.key("associatedRule").beginObject().field("id", info.code).field("index", static_cast<int64_t>(d.kind));
    json.endObject().endObject();
  }
  json.endArray();
  json.key("executionSuccessful").boolean(!failed);
  json.endObject().endArray();  // the invocation, invocations

  json.field("columnKind", "unicodeCodePoints");
  json.key("results").beginArray();
  SarifRenderer renderer(sources);
  for (const Diagnostic& d : diagnostics) {
    LocatedSpan primary = locate(sources, d.span);
    if (primary.located()) renderer.writeResult(json, d, primary);
  }
  json.endArray();

  json.endObject().endArray().endObject();  // the run, runs, the log
  return json.text() + "\n";
}

}  // namespace onb::render
