// Built-in scenarios. Each is a JSON file in experiments/presets/ (the source
// of truth, readable and copyable by users) compiled into the binary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mutualab {

struct EmbeddedPreset {
  const char* name;  // file name without .json, used as preset:NAME
  const char* json;  // the file's text
};

// All presets, sorted by name.
const std::vector<EmbeddedPreset>& embeddedPresets();

// The preset's text, or nullptr when there is no preset of that name.
const char* findPreset(const std::string& name);

// A preset's description is written for a class; what only the command line
// can do comes last, as a sentence from " Command line: " to the end
// (`mutualab presets` prints it all). This is the part before it, what the
// playground shows: a student has no --set or experiments/ to use.
std::string_view presetClassroomText(std::string_view description);

}  // namespace mutualab
