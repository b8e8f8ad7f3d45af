// Output folders that mutualab owns. Every folder mutualab writes holds a
// marker file (.mutualab-output) naming what wrote it (a run, a sweep, a
// tournament). A folder that exists, is not empty and has no marker belongs
// to someone else: it is refused, never emptied. A folder with another
// kind's marker is refused too, so a run cannot replace a sweep's results.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mutualab {

inline constexpr const char* kOutputMarker = ".mutualab-output";

// The marker's text for a kind ("run", "sweep", "tournament", "risk",
// "backtest"). A
// folder that is replaced whole lists the files it was written with
// (`files`), so a later run can tell them from files someone added.
std::string outputMarkerText(const std::string& kind, const std::vector<std::string>& files = {});

// Throws std::runtime_error saying why `dir` may not be used for `kind`'s
// results (it exists and is not a directory; it holds files mutualab did not
// write, naming one; it holds another kind's results; it is the current
// directory or one above it, which a replacing run would move away; it is a
// symbolic link to nothing, where the results could not be moved). Returns
// whether it exists (and is then an empty folder or one of ours).
bool checkOutputDir(const std::filesystem::path& dir, const std::string& kind);
// `dir` made absolute with its trailing separators and "." taken off
// ("out/x/" and "out/x/." are out/x), its links left as they are; throws
// std::runtime_error for a path that names no folder ("/").
std::filesystem::path outputDirPath(const std::filesystem::path& dir);

// For a folder of `kind`'s that a new run would replace whole (see
// ResultsDirWriter): throws std::runtime_error naming what in it mutualab
// did not write, which replacing it would delete. What it wrote is the
// marker's list of files, with the figures mutualab's plot script adds to
// a risk or backtest folder; a marker from before the list names only its writer, and
// then the files that writer has always written are its own.
void checkReplaceable(const std::filesystem::path& dir, const std::string& kind);

// For sweeps and tournaments, which fill their folder in place: checks it
// (as above), creates it and DIR/cells, and writes the marker.
void claimOutputDir(const std::filesystem::path& dir, const std::string& kind);

}  // namespace mutualab
