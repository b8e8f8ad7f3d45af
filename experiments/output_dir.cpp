#include "experiments/output_dir.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "core/scenario_json.h"
#include "experiments/atomic_file.h"

namespace mutualab {

namespace fs = std::filesystem;

namespace {

// dir's marker, parsed; an empty object if it has none (or it cannot be read).
nlohmann::json markerJson(const fs::path& dir) {
  std::ifstream in(dir / kOutputMarker, std::ios::binary);
  if (!in) return nlohmann::json::object();
  std::ostringstream ss;
  ss << in.rdbuf();
  const nlohmann::json j = parseJsonOrDiscarded(ss.str());
  return j.is_object() ? j : nlohmann::json::object();
}

// The kind written in dir's marker, "" if it has none (or it cannot be read).
std::string markerKind(const fs::path& dir) {
  const nlohmann::json j = markerJson(dir);
  if (!j.contains("kind") || !j["kind"].is_string()) return "";
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

std::string outputMarkerText(const std::string& kind, const std::vector<std::string>& files) {
  nlohmann::json j{{"written_by", "mutualab"}, {"kind", kind}};
  if (!files.empty()) {
    std::vector<std::string> sorted = files;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    j["files"] = sorted;
  }
  return j.dump() + "\n";
}

void checkReplaceable(const fs::path& dir, const std::string& kind) {
  std::set<std::string> ours;
  const nlohmann::json marker = markerJson(dir);
  if (marker.contains("files") && marker["files"].is_array()) {
    for (const auto& f : marker["files"])
      if (f.is_string()) ours.insert(f.get<std::string>());
  } else {
    // Written before markers listed their files: the names its writer has
    // always used (native/cmd_run.cpp, experiments/risk_run.cpp and risk_solve.cpp).
    if (kind == "run")
      ours = {"summary.json", "timeseries.csv", "agents.csv", "replications.csv", "events.csv",
              "book.csv",     "book.json",      "series.csv", "series.csv.gz"};
    if (kind == "risk")
      ours = {"risk.json", "var_es.csv", "components.csv", "stress.csv", "loss_histogram.csv", "solve.json", "solve.csv"};
  }
  // experiments/plot_risk.py and plot_backtest.py draw into the folder after it is written.
  if (kind == "risk" || kind == "backtest") ours.insert({"figure.png", "figure.svg"});
  std::vector<std::string> foreign;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(dir).generic_string();
    if (rel == kOutputMarker || ours.count(rel)) continue;
    // A folder is ours when it holds one of our files; its other entries are judged one by one.
    const auto below = ours.lower_bound(rel + "/");
    if (it->is_directory() && !it->is_symlink() && below != ours.end() && below->rfind(rel + "/", 0) == 0) continue;
    foreign.push_back(rel);
    if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
  }
  if (ec) throw std::runtime_error("cannot read '" + dir.string() + "': " + ec.message());
  if (foreign.empty()) return;
  std::sort(foreign.begin(), foreign.end());
  const std::string more = foreign.size() > 1 ? " and " + std::to_string(foreign.size() - 1) + " more" : "";
  throw std::runtime_error("'" + dir.string() + "' holds '" + foreign.front() + "'" + more +
                           ", which mutualab did not write, and a new " + kind +
                           " replaces the whole folder; move it out, or choose another folder (mutualab never "
                           "deletes files it did not write)");
}

fs::path outputDirPath(const fs::path& dirIn) {
  std::error_code ec;
  fs::path p = fs::absolute(dirIn, ec).lexically_normal();
  if (ec) throw std::runtime_error("cannot use '" + dirIn.string() + "': " + ec.message());
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();  // "out/x/" -> out/x
  if (!p.has_filename())
    throw std::runtime_error("cannot use '" + dirIn.string() + "' as the output folder: it names no folder to write "
                             "(give one such as out/run)");
  return p;
}

bool checkOutputDir(const fs::path& dirIn, const std::string& kind) {
  std::error_code ec;
  const fs::path given = outputDirPath(dirIn);
  // A link to nothing looks like a new folder until the results are moved there.
  if (fs::is_symlink(fs::symlink_status(given, ec)) && !fs::exists(given, ec))
    throw std::runtime_error("'" + dirIn.string() + "' is a symbolic link to '" + fs::read_symlink(given, ec).string() +
                             "', which does not exist; create that folder, or give another");
  const fs::path dir = fs::weakly_canonical(given, ec);
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
