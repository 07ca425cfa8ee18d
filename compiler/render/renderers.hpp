// The renderers behind renderDiagnostics (render.cpp picks one by DiagFormat). Each takes
// the whole run and returns the whole output; see render.hpp for the formats' contracts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::render {

std::string renderText(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources, bool color);
std::string renderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);
std::string renderSarif(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                        std::string_view toolVersion);
std::string renderGithub(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

}  // namespace onb::render
