// The cell files of sweeps and tournaments: DIR/cells/cell-NNNNN.json, each
// {"identity": ..., "result": ...}, written atomically when its cell
// finishes. --resume keeps a cell only when its file parses, its identity
// matches exactly and its result has the shape the batch expects; anything
// else (missing, damaged, another spec's, a missing or mistyped result) is
// run again. The store deletes only the files it writes.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace mutualab {

// 16 hex digits of FNV-1a (64 bit) over j.dump(): a cell file names the spec
// it belongs to by this instead of carrying the whole spec.
std::string contentHash(const nlohmann::json& j);

class CellStore {
 public:
  explicit CellStore(std::filesystem::path cellsDir) : dir_(std::move(cellsDir)) {}

  // Not resuming: removes every cell file and temporary this store writes.
  // Resuming: removes only the temporaries (cell-NNNNN.json.tmp.PID) a
  // killed run left. Other files in the folder are never touched.
  void prepare(bool resume) const;

  // The stored result of cell c, or null when there is none to trust. When a
  // file exists but is refused, `why` (if given) says why.
  nlohmann::json load(int c, const nlohmann::json& identity, const std::function<bool(const nlohmann::json&)>& valid,
                      std::string* why = nullptr) const;

  void save(int c, const nlohmann::json& identity, const nlohmann::json& result) const;

  std::filesystem::path file(int c) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace mutualab
