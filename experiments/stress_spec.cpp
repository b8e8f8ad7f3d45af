#include "experiments/stress_spec.h"

#include <algorithm>
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
double multiplier(const nlohmann::json& v, const std::string& path) {
  if (!v.is_number() || !(v.get<double>() > 0.0) || v.get<double>() > 20.0)
    throw InputError(path, "expected a number in (0, 20], got " + v.dump());
  return v.get<double>();
}
double shift(const nlohmann::json& v, const std::string& path) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < -5.0 || v.get<double>() > 5.0)
    throw InputError(path, "expected volatility points to add, annual, in [-5, 5] (0.2 = +20 points), got " + v.dump());
  return v.get<double>();
}

// `key` of scenario object `o`: a number for every asset, or an object of
// asset names (the others keep `none`), one value per market asset.
template <typename Parse>
std::vector<double> perAsset(const nlohmann::json& o, const char* key, double none, const std::string& base,
                             const MarketDef& market, Parse parse) {
  const size_t A = market.assets.size();
  std::vector<double> out(A, none);
  if (!o.contains(key)) return out;
  const auto& m = o[key];
  const std::string path = base + "/" + key;
  if (!m.is_object()) return std::vector<double>(A, parse(m, path));
  for (auto it = m.begin(); it != m.end(); ++it) {
    size_t a = 0;
    while (a < A && market.assets[a].name != it.key()) ++a;
    if (a == A)
      throw InputError(path + "/" + escapeToken(it.key()),
                       "unknown asset: expected one of the market's assets (" + assetList(market) + ")");
    out[a] = parse(it.value(), path + "/" + escapeToken(it.key()));
  }
  return out;
}
}  // namespace

std::vector<StressScenario> parseStressScenarios(const nlohmann::json& j, const MarketDef& market) {
  if (!j.is_array() || j.empty())
    throw InputError("", "expected a non-empty array of stress scenarios, got " +
                             (j.is_array() ? std::string("an empty array") : std::string(j.type_name())));
  std::vector<StressScenario> out;
  std::unordered_map<std::string, size_t> seen;  // name -> its scenario's index
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string base = "/" + std::to_string(i);
    const auto& o = j[i];
    if (!o.is_object()) throw InputError(base, "expected a scenario object, got " + std::string(o.type_name()));
    for (auto it = o.begin(); it != o.end(); ++it)
      if (it.key() != "name" && it.key() != "spotMove" && it.key() != "volMultiplier" && it.key() != "volShift")
        throw InputError(base + "/" + escapeToken(it.key()),
                         "unknown key: expected name, spotMove, volMultiplier or volShift");
    StressScenario s;
    if (o.contains("name") && !(o["name"].is_string() && !o["name"].get<std::string>().empty()))
      throw InputError(base + "/name", "expected the scenario's name, a non-empty string, got " + o["name"].dump());
    s.name = o.contains("name") ? o["name"].get<std::string>() : "scenario " + std::to_string(i + 1);
    // stress.csv's rows are told apart by name.
    if (const auto [at, fresh] = seen.emplace(s.name, i); !fresh)
      throw InputError(base + "/name", "'" + s.name + "' is also scenario " + std::to_string(at->second + 1) +
                                           "'s name; give each scenario its own");
    s.spotMove = perAsset(o, "spotMove", 0.0, base, market, move);
    s.volMultiplier = perAsset(o, "volMultiplier", 1.0, base, market, multiplier);
    s.volShift = perAsset(o, "volShift", 0.0, base, market, shift);
    out.push_back(s);
  }
  return out;
}

void checkStressVolatility(const std::vector<StressScenario>& scenarios, const RiskBook& book, const MarketDef& market) {
  // The lowest pricing volatility of each asset's positions: the one a
  // negative shift takes below zero first.
  const size_t A = market.assets.size();
  std::vector<double> lowest(A, HUGE_VAL);
  for (int k = 0; k < book.size(); ++k) {
    const size_t a = static_cast<size_t>(book.asset[static_cast<size_t>(k)]);
    if (a < A) lowest[a] = std::min(lowest[a], book.volAnnual[static_cast<size_t>(k)]);
  }
  for (size_t i = 0; i < scenarios.size(); ++i)
    for (size_t a = 0; a < A; ++a) {
      const StressScenario& s = scenarios[i];
      if (lowest[a] == HUGE_VAL || !(lowest[a] * s.volMultiplier[a] + s.volShift[a] < 0.0)) continue;
      throw InputError("/" + std::to_string(i) + "/volShift",
                       "takes " + market.assets[a].name + "'s pricing volatility below zero: its positions' lowest is " +
                           shortestNumber(lowest[a]) + ", times volMultiplier " + shortestNumber(s.volMultiplier[a]) +
                           " plus " + shortestNumber(s.volShift[a]) + "; expected a shift of at least " +
                           shortestNumber(-lowest[a] * s.volMultiplier[a]) + " for " + market.assets[a].name);
    }
}

std::vector<StressScenario> readStressScenarios(const std::string& path, const MarketDef& market,
                                                const RiskBook* book) {
  const nlohmann::json j = parseJsonText(readInputFile(path, "stress file", "--stress", false), path);
  try {
    std::vector<StressScenario> out = parseStressScenarios(j, market);
    if (book) checkStressVolatility(out, *book, market);
    return out;
  } catch (const InputError& e) {
    if (e.path().empty()) throw InputError("--stress " + path, e.what());
    throw InputError("--stress " + path + ": " + e.path(), e.message());
  }
}

}  // namespace mutualab
