#include "experiments/cell_store.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/scenario_json.h"
#include "experiments/atomic_file.h"
#include "experiments/fnv1a.h"

namespace mutualab {

namespace fs = std::filesystem;

namespace {

bool digits(const std::string& s, size_t from, size_t to) {
  if (from >= to) return false;
  for (size_t i = from; i < to; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// "cell-00012.json" (the store's cell files) and "cell-00012.json.tmp.PID" (their temporaries).
bool isCellFile(const std::string& n) {
  return n.size() > 10 && n.rfind("cell-", 0) == 0 && n.compare(n.size() - 5, 5, ".json") == 0 && digits(n, 5, n.size() - 5);
}
bool isCellTemporary(const std::string& n) {
  const auto at = n.find(".json.tmp.");
  return at != std::string::npos && isCellFile(n.substr(0, at + 5)) && digits(n, at + 10, n.size());
}

}  // namespace

std::string contentHash(const nlohmann::json& j) { return fnv1a64Hex(j.dump()); }

fs::path CellStore::file(int c) const { return dir_ / cellFile(c); }

void CellStore::prepare(bool resume) const {
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    std::error_code e2;
    if (isCellTemporary(n) || (!resume && isCellFile(n))) fs::remove(it->path(), e2);
  }
}

nlohmann::json CellStore::load(int c, const nlohmann::json& identity,
                               const std::function<bool(const nlohmann::json&)>& valid, std::string* why) const {
  const fs::path p = file(c);
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return nullptr;  // not there yet (or not a file: never opened)
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const nlohmann::json j = parseJsonOrDiscarded(ss.str());  // damaged: discarded, run again
  auto refuse = [&](const char* reason) {
    if (why) *why = p.string() + " " + reason + "; running that cell again";
    return nlohmann::json();
  };
  if (!j.is_object()) return refuse("is not a complete cell file");
  const auto id = j.find("identity");
  if (id == j.end() || *id != identity) return nullptr;  // another spec's cell: silently replaced
  const auto r = j.find("result");
  if (r == j.end() || !r->is_object() || r->empty() || !valid(*r)) return refuse("has no valid result");
  return *r;
}

void CellStore::save(int c, const nlohmann::json& identity, const nlohmann::json& result) const {
  writeAtomically(file(c), nlohmann::json{{"identity", identity}, {"result", result}}.dump(1) + "\n");
}

}  // namespace mutualab
