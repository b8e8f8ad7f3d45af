// Share and export: the link that reopens this run, the run's files as the
// command line writes them, and loading a command-line summary.json.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <imgui.h>

#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

// A link has no spaces, so ImGui's wrapping would break it anywhere
// ("127.0.0.|1"): it breaks before a '#' or '&' instead, where a reader
// expects a part of a link to start. A part wider than the row still wraps.
void linkText(const std::string& link) {
  for (size_t start = 0; start < link.size();) {
    const size_t end = std::min(link.find_first_of("#&", start + 1), link.size());
    const std::string part = link.substr(start, end - start);
    if (start > 0) {
      ImGui::SameLine(0, 0);
      if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(part.c_str()).x) ImGui::NewLine();
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(part.c_str());
    ImGui::PopTextWrapPos();
    start = end;
  }
}

}  // namespace

void drawSharePanel(App& app) {
  HostServices& host = app.host();
  sectionTitle("Link to this run");
  const std::string link = host.shareLink ? host.shareLink(app.shareFragment()) : "#" + app.shareFragment();
  // A link that would open as another run (entries dropped) or not at all is
  // said plainly, and not offered to copy as if it were this run's.
  if (const std::string problem = app.shareLinkProblem(); !problem.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, style::kError);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(("This run cannot be shared as a link: " + problem +
                            ". Change fewer parameters, or Reset to clear the interventions.").c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  } else {
    linkText(link);
    if (ImGui::Button("Copy link") && host.copyText) {
      host.copyText(link);
      app.note("link copied");
    }
  }
  helpMarker("The link holds the preset, the seed, every changed parameter, the comparison, the open lesson and the "
             "step the run is at: whoever opens it sees the same run, replayed to that step.");

  sectionTitle("Export this run");
  const Session* s = app.session();
  if (s) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("up to step %d; the files `mutualab run --reps 1` writes", s->currentStep());
    ImGui::PopTextWrapPos();
    for (int side = 0; side < s->sideCount(); ++side) {
      ImGui::PushID(side);
      if (s->sideCount() > 1) ImGui::Text("side %c (%s fee)", side == 0 ? 'A' : 'B', (s->world(side).scenario().pools.empty() ? s->world(side).pool(0).def : s->world(side).scenario().pool).feeRule.name.c_str());
      bool first = true;
      for (const char* f : {"summary.json", "timeseries.csv", "agents.csv"}) {
        if (!first) sameLineIfFits(ImGui::CalcTextSize(f).x + 2 * ImGui::GetStyle().FramePadding.x);  // wrap at large text
        first = false;
        if (ImGui::Button(f) && host.saveFile) {
          std::string name = (side == 0 ? std::string() : std::string("B-")) + s->world(side).scenario().name + "-" + f;
          for (char& c : name)  // a plain file name on every system: "B-akerlof-flat-fee--risk-based--summary.json"
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '-';
          host.saveFile(name, f[std::string(f).size() - 1] == 'n' ? "application/json" : "text/csv",
                        app.exportFile(f, side));
        }
      }
      ImGui::PopID();
    }
  }

  sectionTitle("Look at a command-line result");
  if (host.pickFile) {
    if (ImGui::Button("Load summary.json...")) host.pickFile();
    ImGui::TextDisabled("or drop the file onto the page");
  } else {
    static char path[512] = "";
    ImGui::SetNextItemWidth(-70);
    ImGui::InputTextWithHint("##path", "path/to/summary.json", path, sizeof path);
    ImGui::SameLine();
    if (ImGui::Button("Load")) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        app.note(std::string("error: cannot read '") + path + "'");
      } else {
        std::ostringstream ss;
        ss << in.rdbuf();
        app.loadResultsJson(ss.str(), path);
      }
    }
  }
  helpMarker("`mutualab run SCENARIO --out DIR` writes DIR/summary.json: load it to see its table and participation "
             "by decile here.");

  sectionTitle("Open a shared link");
  drawOpenLinkField(app, "share");
}

}  // namespace mutualab::web
