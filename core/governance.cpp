#include "core/governance.h"

#include <algorithm>

#include "core/errors.h"
#include "core/scenario_json.h"

namespace mutualab {

namespace {

// Fields of a pool that cannot change while positions are open: what it
// underwrites, where it lives, who its LPs are, how its NAV is measured and
// what it was endowed with.
bool fixedPoolField(const std::string& field) {
  for (const char* f : {"name", "assets", "chain", "lpShare", "enabled", "markToModel", "insuranceFundInitial",
                        "siloCollateralRatio", "backstopCapital"})
    if (field == f) return true;
  return false;
}

// "" if governance may assign `path`, else why not.
std::string ungovernable(const std::string& path, bool pools) {
  const auto slash = path.find('/');
  const std::string head = path.substr(0, slash);
  const std::string rest = slash == std::string::npos ? "" : path.substr(slash + 1);
  if (head == "pool" && !pools) {
    const std::string field = rest.substr(0, rest.find('/'));
    if (!field.empty() && !fixedPoolField(field)) return "";
  }
  if (head == "pools" && pools) {
    const auto s2 = rest.find('/');
    const std::string field = s2 == std::string::npos ? "" : rest.substr(s2 + 1, rest.find('/', s2 + 1) - s2 - 1);
    if (!field.empty() && !fixedPoolField(field)) return "";
  }
  if (path == "backstop/feeShare" && pools) return "";
  if ((path == "migration/speed" || path == "migration/minGain") && pools) return "";
  if (head == "pool" && pools)
    return "with `pools`, govern each pool's own terms (pools/K/...); `pool` is only what they start from";
  return "governance cannot change '" + path + "' mid-run; it may change " + governablePaths();
}

}  // namespace

const char* governablePaths() {
  return "a pool's terms and fee rule (pool/... or pools/K/...: collateral ratios, retainedShare, maxPositions, "
         "maxPositionsPerWriter, insuranceFeeShare, lockupSteps, noticeSteps, exitFee, gateShare, feeRule), "
         "backstop/feeShare, migration/speed and migration/minGain";
}

std::vector<GovernedStep> governedScenarios(const ScenarioDef& def) {
  std::vector<GovernedStep> out;
  if (def.governance.schedule.empty()) return out;
  ScenarioDef base = def;
  base.governance = {};
  nlohmann::json current = scenarioToJson(base);
  int last = 0;
  for (size_t i = 0; i < def.governance.schedule.size(); ++i) {
    const GovernanceChange& c = def.governance.schedule[i];
    const std::string at = "/governance/schedule/" + std::to_string(i);
    if (c.step < 1 || c.step > def.sim.steps)
      throw InputError(at + "/step", "expected a step from 1 to sim.steps (" + std::to_string(def.sim.steps) +
                                         "), got " + std::to_string(c.step) + ": a change past the horizon never happens");
    if (c.step < last)
      throw InputError(at + "/step", "changes must be in step order: step " + std::to_string(c.step) +
                                         " comes after step " + std::to_string(last));
    last = c.step;
    const nlohmann::json before = current;
    for (size_t j = 0; j < c.set.size(); ++j) {
      const std::string where = at + "/set/" + std::to_string(j);
      const std::string& a = c.set[j];
      const auto eq = a.find('=');
      if (eq == std::string::npos)
        throw InputError(where, "expected PATH=VALUE (as with --set), got '" + a + "'");
      std::string path = a.substr(0, eq);
      while (!path.empty() && path.front() == ' ') path.erase(0, 1);
      while (!path.empty() && path.back() == ' ') path.pop_back();
      if (!path.empty() && path.front() == '/') path.erase(0, 1);
      if (const std::string why = ungovernable(path, !def.pools.empty()); !why.empty()) throw InputError(where, why);
      try {
        applyOverride(current, a);
      } catch (const InputError& e) {
        throw InputError(where, e.what());
      }
    }
    // A renamed fee rule starts from its own defaults (the old rule's params
    // would be unknown keys to it), plus the params this change sets.
    auto renamed = [&](const nlohmann::json::json_pointer& rule) {
      if (!current.contains(rule / "name") || current.at(rule / "name") == before.at(rule / "name")) return;
      current[rule / "params"] = nlohmann::json::object();
      const std::string prefix = rule.to_string().substr(1) + "/params/";
      for (const std::string& a : c.set) {
        std::string p = a.substr(0, a.find('='));
        while (!p.empty() && (p.front() == ' ' || p.front() == '/')) p.erase(0, 1);
        if (p.rfind(prefix, 0) == 0) applyOverride(current, a);  // applied once already: cannot throw
      }
    };
    auto renamedWithMenu = [&](const std::string& pool) {
      renamed(nlohmann::json::json_pointer(pool + "/feeRule"));
      const nlohmann::json::json_pointer menu(pool + "/menu");
      if (current.contains(menu) && before.contains(menu) && current.at(menu).size() == before.at(menu).size())
        for (size_t c = 0; c < current.at(menu).size(); ++c) renamed(menu / c / "feeRule");
    };
    renamedWithMenu("/pool");
    if (current.contains("pools"))
      for (size_t k = 0; k < current["pools"].size(); ++k) renamedWithMenu("/pools/" + std::to_string(k));
    GovernedStep g;
    g.step = c.step;
    g.set = c.set;
    try {
      g.def = scenarioFromJson(current);
    } catch (const InputError& e) {
      throw InputError(at + "/set", std::string("after this change the scenario is invalid: ") + e.what());
    }
    g.def.governance = def.governance;
    // Writers and learners choose among the offers fixed at the start.
    const auto menuSize = [](const ScenarioDef& d, size_t k) {
      return d.pools.empty() ? d.pool.menu.size() : d.pools[k].terms.menu.size();
    };
    for (size_t k = 0; k < std::max<size_t>(1, def.pools.size()); ++k)
      if (menuSize(g.def, k) != menuSize(def, k))
        throw InputError(at + "/set", "a pool's menu cannot gain or lose contracts mid-run (every writer and learner "
                                      "chooses among the contracts offered at the start); change the contracts' terms "
                                      "instead, or give the full menu from the start");
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace mutualab
