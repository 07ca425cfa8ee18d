#include "compiler/render/render.hpp"

#include "compiler/render/renderers.hpp"

namespace onb {

std::string renderDiagnostics(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                              const RenderOptions& options) {
  switch (options.format) {
    case DiagFormat::Text:
      return render::renderText(diagnostics, sources, options.color);
    case DiagFormat::Json:
      return render::renderJson(diagnostics, sources);
    case DiagFormat::Sarif:
      return render::renderSarif(diagnostics, sources, options.toolVersion);
    case DiagFormat::Github:
      return render::renderGithub(diagnostics, sources);
  }
  return {};  // unreachable: the switch names every DiagFormat
}

}  // namespace onb
