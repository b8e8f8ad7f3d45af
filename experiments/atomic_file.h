// Files that appear whole or not at all: written under a temporary name in
// the same directory, then renamed. Batch runs use them for every result so
// a killed run never leaves a half-written file, and --resume can trust
// what it finds.
#pragma once

#include <filesystem>
#include <string>

namespace mutualab {

// Throws std::runtime_error naming the path on failure.
void writeAtomically(const std::filesystem::path& p, const std::string& text);

// "cell-00012.json": the per-cell result file name of sweeps and tournaments.
std::string cellFile(int index);

}  // namespace mutualab
