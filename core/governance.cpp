#include "core/governance.h"

#include <algorithm>
#include <cstdlib>

#include "core/errors.h"
#include "core/governance_rules.h"
#include "core/scenario_json.h"
#include "core/suggest.h"

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

// The path of "PATH=VALUE", trimmed, without a leading '/'.
std::string pathOf(const std::string& assignment) {
  std::string path = assignment.substr(0, assignment.find('='));
  while (!path.empty() && (path.front() == ' ' || path.front() == '/')) path.erase(0, 1);
  while (!path.empty() && path.back() == ' ') path.pop_back();
  return path;
}

// Applies a change's assignments to `current` (a resolved scenario's JSON),
// each refused at `at`/set/j. A renamed fee rule starts from its own defaults
// (the old rule's params would be unknown keys to it), plus the params this
// change sets.
void applyChange(nlohmann::json& current, const std::vector<std::string>& set, const std::string& at, bool pools) {
  const nlohmann::json before = current;
  for (size_t j = 0; j < set.size(); ++j) {
    const std::string where = at + "/set/" + std::to_string(j);
    const std::string& a = set[j];
    if (a.find('=') == std::string::npos) throw InputError(where, "expected PATH=VALUE (as with --set), got '" + a + "'");
    if (const std::string why = ungovernable(pathOf(a), pools); !why.empty()) throw InputError(where, why);
    try {
      applyOverride(current, a);
    } catch (const InputError& e) {
      throw InputError(where, e.what());
    }
  }
  auto renamed = [&](const nlohmann::json::json_pointer& rule) {
    if (!current.contains(rule / "name") || current.at(rule / "name") == before.at(rule / "name")) return;
    current[rule / "params"] = nlohmann::json::object();
    const std::string prefix = rule.to_string().substr(1) + "/params/";
    for (const std::string& a : set)
      if (pathOf(a).rfind(prefix, 0) == 0) applyOverride(current, a);  // applied once already: cannot throw
  };
  // A pool's rule, and each of its menu's contracts' rules.
  auto renamedWithMenu = [&](const std::string& pool) {
    renamed(nlohmann::json::json_pointer(pool + "/feeRule"));
    const nlohmann::json::json_pointer menu(pool + "/menu");
    if (current.contains(menu) && before.contains(menu) && current.at(menu).size() == before.at(menu).size())
      for (size_t c = 0; c < current.at(menu).size(); ++c) renamed(menu / c / "feeRule");
  };
  renamedWithMenu("/pool");
  if (current.contains("pools"))
    for (size_t k = 0; k < current["pools"].size(); ++k) renamedWithMenu("/pools/" + std::to_string(k));
}

// Writers and learners choose among the offers fixed at the start: a change
// may reprice a menu's contracts, not add or remove them.
void menuSizesKept(const ScenarioDef& def, const ScenarioDef& after, const std::string& at) {
  const auto menuSize = [](const ScenarioDef& d, size_t k) {
    return d.pools.empty() ? d.pool.menu.size() : d.pools[k].terms.menu.size();
  };
  for (size_t k = 0; k < std::max<size_t>(1, def.pools.size()); ++k)
    if (menuSize(after, k) != menuSize(def, k))
      throw InputError(at, "a pool's menu cannot gain or lose contracts mid-run (every writer and learner chooses "
                           "among the contracts offered at the start); change the contracts' terms instead, or give "
                           "the full menu from the start");
}

struct TermName {
  const char* field;
  GovernedTerm term;
};
constexpr TermName kPoolTerms[] = {
    {"writerCollateralRatio", GovernedTerm::WriterCollateralRatio},
    {"retainedShare", GovernedTerm::RetainedShare},
    {"minCollateralRatio", GovernedTerm::MinCollateralRatio},
    {"maxPositionsPerWriter", GovernedTerm::MaxPositionsPerWriter},
    {"maxPositions", GovernedTerm::MaxPositions},
    {"insuranceFeeShare", GovernedTerm::InsuranceFeeShare},
    {"lockupSteps", GovernedTerm::LockupSteps},
    {"noticeSteps", GovernedTerm::NoticeSteps},
    {"exitFee", GovernedTerm::ExitFee},
    {"gateShare", GovernedTerm::GateShare},
    {"feeRule", GovernedTerm::FeeRule},
};

double termValue(const PoolDef& d, GovernedTerm t) {
  switch (t) {
    case GovernedTerm::WriterCollateralRatio: return d.writerCollateralRatio;
    case GovernedTerm::RetainedShare: return d.retainedShare;
    case GovernedTerm::MinCollateralRatio: return d.minCollateralRatio;
    case GovernedTerm::MaxPositionsPerWriter: return d.maxPositionsPerWriter;
    case GovernedTerm::MaxPositions: return d.maxPositions;
    case GovernedTerm::InsuranceFeeShare: return d.insuranceFeeShare;
    case GovernedTerm::LockupSteps: return d.lockupSteps;
    case GovernedTerm::NoticeSteps: return d.noticeSteps;
    case GovernedTerm::ExitFee: return d.exitFee;
    case GovernedTerm::GateShare: return d.gateShare;
    default: return 0;
  }
}

// The terms a change's assignments name (each once, in first-named order),
// with their values in `after`, the scenario the change gives. The paths
// were accepted by applyChange, so they parse.
std::vector<GovernedWrite> writesOf(const std::vector<std::string>& set, const ScenarioDef& after,
                                    GovernedObjects& objects) {
  std::vector<GovernedWrite> out;
  for (const std::string& a : set) {
    const std::string path = pathOf(a);
    GovernedWrite w;
    std::string field;
    if (path == "backstop/feeShare") {
      w.term = GovernedTerm::BackstopFeeShare;
      w.value = after.backstop.feeShare;
    } else if (path == "migration/speed") {
      w.term = GovernedTerm::MigrationSpeed;
      w.value = after.migration.speed;
    } else if (path == "migration/minGain") {
      w.term = GovernedTerm::MigrationMinGain;
      w.value = after.migration.minGain;
    } else {
      std::string rest = path.substr(path.find('/') + 1);
      if (path.rfind("pools/", 0) == 0) {
        w.pool = std::atoi(rest.c_str());
        rest = rest.substr(rest.find('/') + 1);
      }
      field = rest.substr(0, rest.find('/'));
      for (const TermName& t : kPoolTerms)
        if (field == t.field) w.term = t.term;
      const PoolDef& terms = after.pools.empty() ? after.pool : after.pools[static_cast<size_t>(w.pool)].terms;
      if (field == "menu") w.term = GovernedTerm::Menu;
      if (field == "shareMarket") w.term = GovernedTerm::ShareMarket;
      if (field == "admission") w.term = GovernedTerm::Admission;
      w.value = termValue(terms, w.term);
      bool seen = false;
      for (const GovernedWrite& o : out) seen = seen || (o.term == w.term && o.pool == w.pool);
      if (seen) continue;
      if (w.term == GovernedTerm::FeeRule) {
        w.object = static_cast<int>(objects.feeRules.size());
        objects.feeRules.push_back(terms.feeRule);
      } else if (w.term == GovernedTerm::Menu) {
        w.object = static_cast<int>(objects.menus.size());
        objects.menus.push_back(terms.menu);
      } else if (w.term == GovernedTerm::ShareMarket) {
        w.object = static_cast<int>(objects.shareMarkets.size());
        objects.shareMarkets.push_back(terms.shareMarket);
      } else if (w.term == GovernedTerm::Admission) {
        w.object = static_cast<int>(objects.admissions.size());
        objects.admissions.push_back(terms.admission);
      }
    }
    bool seen = false;
    for (const GovernedWrite& o : out) seen = seen || (o.term == w.term && o.pool == w.pool);
    if (seen) continue;
    out.push_back(w);
  }
  return out;
}

ScenarioDef withoutGovernance(const ScenarioDef& def) {
  ScenarioDef base = def;
  base.governance = {};
  return base;
}

// "0" .. "31", or a pool's name; "" = the first.
int poolIndex(const ScenarioDef& def, const std::string& ref, const std::string& at) {
  if (ref.empty()) return 0;
  const int count = def.pools.empty() ? 1 : static_cast<int>(def.pools.size());
  std::vector<std::string> names;
  if (def.pools.empty()) names.push_back("pool");
  for (const PoolEntryDef& e : def.pools) names.push_back(e.name);
  for (size_t k = 0; k < names.size(); ++k)
    if (names[k] == ref) return static_cast<int>(k);
  const bool digits = ref.find_first_not_of("0123456789") == std::string::npos && ref.size() <= 3;
  if (digits && std::atoi(ref.c_str()) < count) return std::atoi(ref.c_str());
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  std::string message = "unknown pool '" + ref + "'";
  if (const std::string near = nearestName(ref, names); !near.empty()) message += " (did you mean '" + near + "'?)";
  throw InputError(at, message + "; expected a pool's name (" + list + ") or its index, 0 to " +
                           std::to_string(count - 1));
}

}  // namespace

const char* governablePaths() {
  return "a pool's terms and fee rule (pool/... or pools/K/...: collateral ratios, retainedShare, maxPositions, "
         "maxPositionsPerWriter, insuranceFeeShare, lockupSteps, noticeSteps, exitFee, gateShare, feeRule, "
         "a menu's contracts' terms, shareMarket, admission), "
         "backstop/feeShare, migration/speed and migration/minGain";
}

int ruleConditionPool(const ScenarioDef& def, int rule) {
  return poolIndex(def, def.governance.rules[static_cast<size_t>(rule)].pool, "");
}

const char* refusalText(GovernanceRefusal r) {
  switch (r) {
    case GovernanceRefusal::FeeSharesAboveOne:
      return "a pool's insuranceFeeShare plus backstop.feeShare would exceed 1 with the changes already made";
    default: return "";
  }
}

std::vector<GovernedStep> governedScenarios(const ScenarioDef& def) {
  std::vector<GovernedStep> out;
  if (def.governance.schedule.empty()) return out;
  nlohmann::json current = scenarioToJson(withoutGovernance(def));
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
    applyChange(current, c.set, at, !def.pools.empty());
    GovernedStep g;
    g.step = c.step;
    g.set = c.set;
    try {
      g.def = scenarioFromJson(current);
    } catch (const InputError& e) {
      throw InputError(at + "/set", std::string("after this change the scenario is invalid: ") + e.what());
    }
    g.def.governance = def.governance;
    menuSizesKept(def, g.def, at + "/set");
    g.writes = writesOf(c.set, g.def, g.objects);
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<GovernedRule> governedRules(const ScenarioDef& def, const std::vector<GovernedStep>& schedule) {
  std::vector<GovernedRule> out;
  const auto& rules = def.governance.rules;
  if (rules.empty()) return out;
  // The scenario in each segment of the schedule, without governance.
  std::vector<nlohmann::json> segments = {scenarioToJson(withoutGovernance(def))};
  for (const GovernedStep& g : schedule) segments.push_back(scenarioToJson(withoutGovernance(g.def)));
  for (size_t i = 0; i < rules.size(); ++i) {
    const GovernanceRuleDef& r = rules[i];
    const std::string at = "/governance/rules/" + std::to_string(i);
    for (size_t o = 0; o < i; ++o)
      if (rules[o].name == r.name)
        throw InputError(at + "/name", "rule names must be unique (they name events): rule " + std::to_string(o) +
                                           " is named '" + r.name + "' too");
    if (r.set.empty())
      throw InputError(at + "/set", "expected at least one assignment PATH=VALUE, e.g. \"pool/exitFee=0.05\"");
    if (r.delay > def.sim.steps - 1)
      throw InputError(at + "/delay", "expected 0 to sim.steps - 1 (" + std::to_string(def.sim.steps - 1) + "), got " +
                                          std::to_string(r.delay) +
                                          ": a change fired at the end of step t applies at step t + 1 + delay, "
                                          "so this one could never apply within the horizon");
    GovernedRule g;
    g.pool = poolIndex(def, r.pool, at + "/pool");
    for (size_t s = 0; s < segments.size(); ++s) {
      nlohmann::json current = segments[s];
      const std::string when = s == 0 ? "before any scheduled change"
                                      : "after /governance/schedule/" + std::to_string(s - 1) + " (step " +
                                            std::to_string(schedule[s - 1].step) + ")";
      ScenarioDef after;
      try {
        applyChange(current, r.set, at, !def.pools.empty());
        after = scenarioFromJson(current);
      } catch (const InputError& e) {
        // A bad assignment is the same in every segment: name it plainly.
        if (e.path().rfind(at + "/set/", 0) == 0) throw;
        throw InputError(at + "/set", "with this change, " + when + ", the scenario is invalid: " + e.what());
      }
      menuSizesKept(def, after, at + "/set");
      GovernedObjects objects;
      std::vector<GovernedWrite> writes = writesOf(r.set, after, objects);
      if (s == 0) g.writes = std::move(writes);
      if (!objects.empty()) g.objects.push_back(std::move(objects));
    }
    out.push_back(std::move(g));
  }
  (void)RuleConditions(rules);  // each `when` parses, with its params
  return out;
}

}  // namespace mutualab
