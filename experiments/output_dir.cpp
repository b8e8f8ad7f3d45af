#include "experiments/output_dir.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "core/scenario_json.h"
#include "experiments/atomic_file.h"

namespace mutualab {

namespace fs = std::filesystem;

namespace {

// The kind written in dir's marker, "" if it has none (or it cannot be read).
std::string markerKind(const fs::path& dir) {
  std::ifstream in(dir / kOutputMarker, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  const nlohmann::json j = parseJsonOrDiscarded(ss.str());
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string()) return "";
  return j["kind"].get<std::string>();
}

// Is `inner` equal to `outer` or inside it (both absolute, normalized)?
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

std::string outputMarkerText(const std::string& kind) {
  return nlohmann::json{{"written_by", "mutualab"}, {"kind", kind}}.dump() +
         "\n";
}

bool checkOutputDir(const fs::path& dirIn, const std::string& kind) {
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(fs::absolute(dirIn), ec);
  if (ec) throw std::runtime_error("cannot use '" + dirIn.string() + "': " + ec.message());
  const fs::path cwd = fs::current_path(ec);
  if (!ec && within(cwd, dir))
    throw std::runtime_error("'" + dirIn.string() + "' is the current directory or one above it; give a folder for the " +
                             kind + "'s results, e.g. out/" + kind);
  const auto st = fs::status(dir, ec);
  if (!fs::exists(st)) return false;
  if (!fs::is_directory(st)) throw std::runtime_error("'" + dirIn.string() + "' exists and is not a directory");
  const std::string mine = markerKind(dir);
  if (mine == kind) return true;
  if (!mine.empty())
    throw std::runtime_error("'" + dirIn.string() + "' holds a " + mine + "'s results, which this " + kind +
                             " would replace; choose another folder");
  fs::directory_iterator it(dir, ec);
  if (ec) throw std::runtime_error("cannot read '" + dirIn.string() + "': " + ec.message());
  if (it != fs::directory_iterator())
    throw std::runtime_error("'" + dirIn.string() + "' already exists and was not written by mutualab (it holds '" +
                             it->path().filename().string() +
                             "'); mutualab never deletes files it did not write: choose a new or empty folder");
  return true;
}

void claimOutputDir(const fs::path& dir, const std::string& kind) {
  checkOutputDir(dir, kind);
  std::error_code ec;
  fs::create_directories(dir / "cells", ec);
  if (ec) throw std::runtime_error("cannot create '" + (dir / "cells").string() + "': " + ec.message());
  if (!fs::exists(dir / kOutputMarker)) writeAtomically(dir / kOutputMarker, outputMarkerText(kind));
}

}  // namespace mutualab
