// Output folders that mutualab owns. Every folder mutualab writes holds a
// marker file (.mutualab-output) naming what wrote it (a run, a sweep, a
// tournament). A folder that exists, is not empty and has no marker belongs
// to someone else: it is refused, never emptied. A folder with another
// kind's marker is refused too, so a run cannot replace a sweep's results.
#pragma once

#include <filesystem>
#include <string>

namespace mutualab {

inline constexpr const char* kOutputMarker = ".mutualab-output";

// The marker's text for a kind ("run", "sweep", "tournament").
std::string outputMarkerText(const std::string& kind);

// Throws std::runtime_error saying why `dir` may not be used for `kind`'s
// results (it exists and is not a directory; it holds files mutualab did not
// write, naming one; it holds another kind's results; it is the current
// directory or one above it, which a replacing run would move away). Returns
// whether it exists (and is then an empty folder or one of ours).
bool checkOutputDir(const std::filesystem::path& dir, const std::string& kind);

// For sweeps and tournaments, which fill their folder in place: checks it
// (as above), creates it and DIR/cells, and writes the marker.
void claimOutputDir(const std::filesystem::path& dir, const std::string& kind);

}  // namespace mutualab
