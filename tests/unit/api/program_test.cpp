// onb::Program: compile errors and I/O errors as values, artifacts, introspection.
#include <gtest/gtest.h>

#include <filesystem>

#include "api_test_support.hpp"

namespace onb::apitest {
namespace {

const char* const kBadSource = R"(user { plan: string }
event a "A"
journey j {
  enter when b
  rule r {
    when a
    emit "x"
  }
}
)";

TEST(Program, CompileErrorsAreValuesWithRenderedDiagnostics) {
  Result<Program> r = Program::compileSource(kBadSource, "journeys/bad.onb");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  const Error& e = r.error();
  ASSERT_EQ(e.diagnostics.size(), 1u);
  EXPECT_EQ(e.diagnostics[0].rfind("journeys/bad.onb:4:14: error[E0201]: ", 0), 0u) << e.diagnostics[0];
  EXPECT_EQ(e.message, e.diagnostics[0]);
  // The full rendering: excerpt, caret, summary.
  EXPECT_NE(e.rendered.find("4 |   enter when b"), std::string::npos) << e.rendered;
  EXPECT_NE(e.rendered.find("1 error"), std::string::npos) << e.rendered;
  EXPECT_THROW((void)r.value(), std::bad_variant_access);
}

TEST(Program, SeveralErrorsAreCountedInTheMessage) {
  Result<Program> r = Program::compileSource("journey j {\n  enter when x\n}\nevent e \"E\"\njourney j {\n}\n", "two.onb");
  ASSERT_FALSE(r.ok());
  ASSERT_GE(r.error().diagnostics.size(), 2u);
  EXPECT_NE(r.error().message.find("more error"), std::string::npos) << r.error().message;
  for (const std::string& d : r.error().diagnostics) {
    EXPECT_EQ(d.rfind("two.onb:", 0), 0u) << d;
    EXPECT_NE(d.find(": error[E"), std::string::npos) << d;
    EXPECT_EQ(d.find('\n'), std::string::npos) << d;
  }
}

TEST(Program, UnreadableFileIsAnErrorWithoutDiagnostics) {
  Result<Program> r = Program::compileFile("/nonexistent/dir/x.onb");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("x.onb"), std::string::npos) << r.error().message;
  EXPECT_TRUE(r.error().diagnostics.empty());
  EXPECT_TRUE(r.error().rendered.empty());
}

TEST(Program, CompileSourceReadsImportsRelativeToTheVirtualPath) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "onb_api_import_test";
  std::filesystem::create_directories(dir);
  writeFile((dir / "schema.onb").string(), "event signed_up \"Signed Up\"\nchannel in_app requires true\ncap 1 per 1d\n");
  const char* source = "import \"schema.onb\"\njourney j {\n  enter when signed_up\n  rule hi {\n    when signed_up\n"
                       "    send in_app \"hi\"\n  }\n}\n";
  Result<Program> r = Program::compileSource(source, (dir / "main.onb").string());
  ASSERT_TRUE(r.ok()) << r.error().rendered << r.error().message;
  EXPECT_EQ(r.value().events().at(0).wireName, "Signed Up");
  std::filesystem::remove_all(dir);
}

TEST(Program, Introspection) {
  Result<Program> r = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(r.ok()) << r.error().rendered << r.error().message;
  const Program& p = r.value();
  EXPECT_EQ(p.journeys(), std::vector<std::string>{"activation"});
  const std::vector<EventInfo> events = p.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].name, "signed_up");
  EXPECT_EQ(events[0].wireName, "Signed Up");
  EXPECT_EQ(events[0].properties, std::vector<std::string>{"source"});
  EXPECT_EQ(events[1].wireName, "Project Created");
  EXPECT_EQ(p.traits(), (std::vector<std::string>{"first_name", "plan", "email_consent"}));
  EXPECT_EQ(p.sourceHash().size(), 16u);
  EXPECT_TRUE(p.warnings().empty());
  EXPECT_STREQ(version(), "0.1.0");
}

TEST(Program, WarningsAreKept) {
  Result<Program> r = Program::compileSource(
      "event a \"A\"\nchannel email\njourney j {\n  enter when a\n  rule r {\n    when a\n    send email \"t\"\n  }\n}\n",
      "warn.onb");
  ASSERT_TRUE(r.ok()) << r.error().rendered;
  ASSERT_FALSE(r.value().warnings().empty());
  EXPECT_NE(r.value().warnings()[0].find("warn.onb:"), std::string::npos);
  EXPECT_NE(r.value().warnings()[0].find("warning[W"), std::string::npos) << r.value().warnings()[0];
}

TEST(Program, ArtifactRoundTrip) {
  Result<Program> compiled = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(compiled.ok());
  const std::string bytes = compiled.value().artifact();
  ASSERT_EQ(bytes.compare(0, 4, "ONBC"), 0);
  EXPECT_EQ(bytes, compiled.value().artifact());  // deterministic

  Result<Program> loaded = Program::loadArtifact(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded.value().journeys(), compiled.value().journeys());
  EXPECT_EQ(loaded.value().sourceHash(), compiled.value().sourceHash());
  EXPECT_EQ(loaded.value().artifact(), bytes);

  // The loaded program runs exactly like the compiled one.
  const std::vector<std::string> lines = splitLines(kExampleEvents);
  const RunOutput a = apiRun(compiled.value(), lines, {}, std::nullopt);
  const RunOutput b = apiRun(loaded.value(), lines, {}, std::nullopt);
  EXPECT_FALSE(a.records.empty());
  EXPECT_EQ(a.records, b.records);
}

TEST(Program, BadArtifactsAreErrors) {
  for (const std::string& bytes : {std::string(), std::string("not an artifact"), std::string("ONBC\x01\0\0\0", 8)}) {
    Result<Program> r = Program::loadArtifact(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("invalid artifact: ", 0), 0u) << r.error().message;
    EXPECT_NE(r.error().message.find("(at byte "), std::string::npos) << r.error().message;
  }
  // A flipped byte fails the checksum.
  std::string bytes = Program::compileFile(kExampleProgram).value().artifact();
  bytes[bytes.size() / 2] ^= 0x5a;
  EXPECT_FALSE(Program::loadArtifact(bytes).ok());
}

TEST(Program, CopiesShareOneProgram) {
  Result<Program> r = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(r.ok());
  Program copy = r.value();
  EXPECT_EQ(&copy.warnings(), &r.value().warnings());
  Engine engine(copy);
  EXPECT_EQ(&engine.program().warnings(), &r.value().warnings());
}

}  // namespace
}  // namespace onb::apitest
