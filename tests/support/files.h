// Small file helpers shared by the tests: a fresh temporary folder and a
// whole file as a string.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mutualab::testing {

// An empty folder under the system's temporary directory (removed first if it exists).
inline std::filesystem::path freshTempDir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mutualab::testing
