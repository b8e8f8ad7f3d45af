#include "experiments/stress_spec.h"

#include <cmath>
#include <string>
#include <unordered_map>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/scenario_json.h"
#include "experiments/book_io.h"
#include "experiments/input_file.h"

namespace mutualab {

namespace {
double move(const nlohmann::json& v, const std::string& path) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || !(v.get<double>() > -1.0) || v.get<double>() > 10.0)
    throw InputError(path, "expected a relative price change in (-1, 10] (-0.4 = down 40%), got " + v.dump());
  return v.get<double>();
}
}  // namespace

std::vector<StressScenario> parseStressScenarios(const nlohmann::json& j, const MarketDef& market) {
  if (!j.is_array() || j.empty())
    throw InputError("", "expected a non-empty array of stress scenarios, got " +
                             (j.is_array() ? std::string("an empty array") : std::string(j.type_name())));
  std::vector<StressScenario> out;
  std::unordered_map<std::string, size_t> seen;  // name -> its scenario's index
  const size_t A = market.assets.size();
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string base = "/" + std::to_string(i);
    const auto& o = j[i];
    if (!o.is_object()) throw InputError(base, "expected a scenario object, got " + std::string(o.type_name()));
    for (auto it = o.begin(); it != o.end(); ++it)
      if (it.key() != "name" && it.key() != "spotMove" && it.key() != "volMultiplier")
        throw InputError(base + "/" + escapeToken(it.key()), "unknown key: expected name, spotMove or volMultiplier");
    StressScenario s;
    if (o.contains("name") && !(o["name"].is_string() && !o["name"].get<std::string>().empty()))
      throw InputError(base + "/name", "expected the scenario's name, a non-empty string, got " + o["name"].dump());
    s.name = o.contains("name") ? o["name"].get<std::string>() : "scenario " + std::to_string(i + 1);
    // stress.csv's rows are told apart by name.
    if (const auto [at, fresh] = seen.emplace(s.name, i); !fresh)
      throw InputError(base + "/name", "'" + s.name + "' is also scenario " + std::to_string(at->second + 1) +
                                           "'s name; give each scenario its own");
    s.spotMove.assign(A, 0.0);
    if (o.contains("spotMove")) {
      const auto& m = o["spotMove"];
      if (m.is_object()) {
        for (auto it = m.begin(); it != m.end(); ++it) {
          size_t a = 0;
          while (a < A && market.assets[a].name != it.key()) ++a;
          if (a == A)
            throw InputError(base + "/spotMove/" + escapeToken(it.key()),
                             "unknown asset: expected one of the market's assets (" + assetList(market) + ")");
          s.spotMove[a] = move(it.value(), base + "/spotMove/" + escapeToken(it.key()));
        }
      } else {
        const double v = move(m, base + "/spotMove");
        s.spotMove.assign(A, v);
      }
    }
    if (o.contains("volMultiplier")) {
      const auto& v = o["volMultiplier"];
      if (!v.is_number() || !(v.get<double>() > 0.0) || v.get<double>() > 20.0)
        throw InputError(base + "/volMultiplier", "expected a number in (0, 20], got " + v.dump());
      s.volMultiplier = v.get<double>();
    }
    out.push_back(s);
  }
  return out;
}

std::vector<StressScenario> readStressScenarios(const std::string& path, const MarketDef& market) {
  const nlohmann::json j = parseJsonText(readInputFile(path, "stress file", "--stress", false), path);
  try {
    return parseStressScenarios(j, market);
  } catch (const InputError& e) {
    if (e.path().empty()) throw InputError("--stress " + path, e.what());
    throw InputError("--stress " + path + ": " + e.path(), e.message());
  }
}

}  // namespace mutualab
