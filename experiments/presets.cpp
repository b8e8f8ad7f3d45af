#include "experiments/presets.h"

namespace mutualab {

const char* findPreset(const std::string& name) {
  for (const auto& p : embeddedPresets())
    if (name == p.name) return p.json;
  return nullptr;
}

}  // namespace mutualab
