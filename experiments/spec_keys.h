// Shared by the batch specs (sweeps, tournaments): refuse a key the spec
// does not know, naming it and listing the valid ones.
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/scenario_json.h"

namespace mutualab {

inline void checkSpecKeys(const nlohmann::json& j, const std::string& path, std::initializer_list<const char*> keys) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    std::string valid;
    for (const char* k : keys) {
      ok = ok || it.key() == k;
      valid += (valid.empty() ? "" : ", ") + std::string(k);
    }
    if (!ok) throw InputError(path + "/" + escapeToken(it.key()), "unknown key '" + it.key() + "'; valid keys: " + valid);
  }
}

}  // namespace mutualab
