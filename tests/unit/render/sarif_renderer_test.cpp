// DiagFormat::Sarif: the log's structure (checked by a python3 script against what GitHub
// code scanning requires), exact results, URIs and fingerprints.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "compiler/render/render.hpp"
#include "tests/unit/render/render_test_support.hpp"

namespace onb {
namespace {

using testing::havePython;
using testing::makeDiag;
using testing::renderAs;
using testing::runPython;
using testing::spanOf;

std::string sarif(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  return renderAs(diagnostics, sources, DiagFormat::Sarif);
}

// Asserts (in python) what a SARIF log must hold for GitHub to accept it, and that it
// has `results` results and `notifications` tool execution notifications.
int checkSarif(const std::string& log, size_t results, size_t notifications) {
  std::string script = fmt::format("expected_results = {}\nexpected_notifications = {}\nrule_count = {}\n", results,
                                   notifications, allDiagKinds().size());
  script += R"py(
import json, sys
doc = json.loads(sys.stdin.buffer.read().decode("utf-8"))
assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
assert doc["version"] == "2.1.0"
assert len(doc["runs"]) == 1
run = doc["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "onb" and driver["version"] == "0.1.0"
assert driver["informationUri"] == "https://github.com/onb-lang/onb"
rules = driver["rules"]
assert len(rules) == rule_count
assert len({r["id"] for r in rules}) == rule_count
for r in rules:
    assert r["name"] and r["shortDescription"]["text"] and r["fullDescription"]["text"]
    assert r["defaultConfiguration"]["level"] in ("error", "warning")
    assert "onb" in r["properties"]["tags"]
    if r["defaultConfiguration"]["level"] == "warning":
        assert "# onb:allow " + r["name"] in r["help"]["text"]
        assert "# onb:allow-file " + r["name"] in r["help"]["text"]
assert run["columnKind"] == "unicodeCodePoints"
assert len(run["results"]) == expected_results
for res in run["results"]:
    assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert res["level"] in ("error", "warning", "note")
    assert res["message"]["text"]
    assert len(res["locations"]) == 1
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"]
    region = loc["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    assert ":" in res["partialFingerprints"]["primaryLocationLineHash"]
    for related in res.get("relatedLocations", []):
        assert related["physicalLocation"]["artifactLocation"]["uri"] and related["message"]["text"]
invocation = run["invocations"][0]
notes = invocation["toolExecutionNotifications"]
assert len(notes) == expected_notifications
for n in notes:
    assert rules[n["associatedRule"]["index"]]["id"] == n["associatedRule"]["id"]
assert invocation["executionSuccessful"] == (not any(n["level"] == "error" for n in notes))
)py";
  return runPython(script, log);
}

TEST(SarifRenderer, EmptyRunIsAValidLog) {
  if (!havePython()) GTEST_SKIP() << "python3 not available";
  SourceManager sources;
  EXPECT_EQ(checkSarif(sarif({}, sources), 0, 0), 0);
}

TEST(SarifRenderer, ResultsWithRelatedLocationsAndFixes) {
  SourceManager sources;
  FileId f = sources.add("main.onb", "queue welcome\n\njourney a {\n  rule r when signup send welcome\n}\n");
  Diagnostic d = makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "welcome", 1),
                          "`welcome` is a queue; `send` needs a channel");
  d.notes.push_back({spanOf(sources, f, "welcome"), "`welcome` is declared here"});
  d.notes.push_back({Span{}, "queues take `handoff`"});
  d.fix = FixIt{spanOf(sources, f, "send welcome"), "handoff welcome"};
  Diagnostic warning = makeDiag(DiagKind::NoGoal, spanOf(sources, f, "a {"), "journey `a` has no goal");
  std::string log = sarif({d, warning}, sources);
  if (havePython()) {
    EXPECT_EQ(checkSarif(log, 2, 0), 0) << log;
  }

  // The first result, exactly (indented as it sits in the log).
  std::string expected = R"(      "results": [
        {
          "ruleId": "E0203",
          "ruleIndex": )" +
                         std::to_string(static_cast<int>(DiagKind::WrongDestination)) +
                         R"(,
          "level": "error",
          "message": {
            "text": "`welcome` is a queue; `send` needs a channel\nnote: `welcome` is declared here\nnote: queues take `handoff`\nhelp: replace `send welcome` with `handoff welcome`"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "main.onb",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 27,
                  "endLine": 4,
                  "endColumn": 34
                }
              }
            }
          ],
          "relatedLocations": [
            {
              "id": 1,
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "main.onb",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 1,
                  "startColumn": 7,
                  "endLine": 1,
                  "endColumn": 14
                }
              },
              "message": {
                "text": "`welcome` is declared here"
              }
            }
          ],
          "partialFingerprints": {
            "primaryLocationLineHash": ")";
  EXPECT_NE(log.find(expected), std::string::npos) << log;
  EXPECT_NE(log.find(R"("text": "replace `send welcome` with `handoff welcome`")"), std::string::npos);
  EXPECT_NE(log.find(R"("insertedContent": {
                        "text": "handoff welcome"
                      })"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(R"("version": "0.1.0")"), std::string::npos);
  EXPECT_EQ(log.back(), '\n');
}

TEST(SarifRenderer, UnlocatedDiagnosticsBecomeToolNotifications) {
  SourceManager sources;
  Diagnostic io = makeDiag(DiagKind::ImportNotFound, Span{}, "cannot read `c.onb`");
  std::string log = sarif({io}, sources);
  if (havePython()) {
    EXPECT_EQ(checkSarif(log, 0, 1), 0) << log;
  }
  EXPECT_NE(log.find(R"("executionSuccessful": false)"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("results": [])"), std::string::npos) << log;
}

TEST(SarifRenderer, ArtifactUris) {
  SourceManager sources;
  FileId spaced = sources.add("./flows/my file.onb", "x\n");
  FileId absolute = sources.add("/srv/app/main.onb", "x\n");
  FileId windows = sources.add("flows\\w.onb", "x\n");
  std::vector<Diagnostic> diagnostics;
  for (FileId f : {spaced, absolute, windows})
    diagnostics.push_back(makeDiag(DiagKind::UnknownName, spanOf(sources, f, "x"), "unknown name `x`"));
  std::string log = sarif(diagnostics, sources);
  if (havePython()) {
    EXPECT_EQ(checkSarif(log, 3, 0), 0) << log;
  }
  EXPECT_NE(log.find(R"("uri": "flows/my%20file.onb",
                  "uriBaseId": "%SRCROOT%")"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(R"("uri": "file:///srv/app/main.onb"
                })"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(R"("uri": "flows/w.onb",)"), std::string::npos) << log;
}

// The hash in "primaryLocationLineHash": "HASH:N" of each result, in order.
std::vector<std::string> fingerprints(const std::string& log) {
  std::vector<std::string> out;
  std::string_view key = R"("primaryLocationLineHash": ")";
  for (size_t at = log.find(key); at != std::string::npos; at = log.find(key, at + 1)) {
    size_t begin = at + key.size();
    out.push_back(log.substr(begin, log.find('"', begin) - begin));
  }
  return out;
}

TEST(SarifRenderer, FingerprintsFollowLineTextNotLineNumbers) {
  SourceManager sources;
  FileId f = sources.add("a.onb", "a\n  send w\nb\nsend   w\n");
  std::vector<Diagnostic> diagnostics = {
      makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "w"), "first"),
      makeDiag(DiagKind::WrongDestination, spanOf(sources, f, "w", 1), "second, same text without spaces"),
      makeDiag(DiagKind::UnknownName, spanOf(sources, f, "w"), "another code"),
  };
  std::vector<std::string> prints = fingerprints(sarif(diagnostics, sources));
  ASSERT_EQ(prints.size(), 3u);
  std::string hash = prints[0].substr(0, prints[0].find(':'));
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(prints[0], hash + ":1");
  EXPECT_EQ(prints[1], hash + ":2");
  EXPECT_NE(prints[2].substr(0, prints[2].find(':')), hash);
  // Stable from one run to the next.
  EXPECT_EQ(fingerprints(sarif(diagnostics, sources)), prints);
}

}  // namespace
}  // namespace onb
