#include "experiments/presets.h"

namespace mutualab {

const char* findPreset(const std::string& name) {
  for (const auto& p : embeddedPresets())
    if (name == p.name) return p.json;
  return nullptr;
}

std::string_view presetClassroomText(std::string_view description) {
  const size_t cli = description.find(" Command line: ");
  return cli == std::string_view::npos ? description : description.substr(0, cli);
}

}  // namespace mutualab
