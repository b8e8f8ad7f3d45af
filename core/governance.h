// Governance: changes of the pools' terms mid-run (ScenarioDef::governance),
// on a schedule or by rule. Each change is a list of assignments as with
// --set, limited to what a protocol's governance can change while positions
// are open: pool terms and fee rules, the backstop's fee share, migration.
// Everything a change needs is built and validated when the scenario loads
// (the scenario after each scheduled change; each rule's change on top of
// the scenario before and after every scheduled change), so a run never
// parses or throws mid-step. A change only writes the terms it names, so a
// rule's change survives a later scheduled change to other terms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/governance_event.h"
#include "core/scenario.h"

namespace mutualab {

// A term a change may write.
enum class GovernedTerm : std::uint8_t {
  WriterCollateralRatio,
  RetainedShare,
  MinCollateralRatio,
  MaxPositionsPerWriter,
  MaxPositions,
  InsuranceFeeShare,
  LockupSteps,
  NoticeSteps,
  ExitFee,
  GateShare,
  FeeRule,  // the whole fee rule, name and params
  Menu,     // the whole menu (its contracts' terms; never their number)
  ShareMarket,  // the whole share-market terms
  Admission,    // the whole admission terms (rule, measure, level ...)
  BackstopFeeShare,
  MigrationSpeed,
  MigrationMinGain,
};

// One term a change writes, resolved at load.
struct GovernedWrite {
  GovernedTerm term = GovernedTerm::ExitFee;
  int pool = 0;      // the pool whose term it is (0 = the one `pool`); unused for backstop and migration
  double value = 0;  // the new value of a numeric term (integers too)
  int object = -1;   // FeeRule, Menu, ShareMarket, Admission: index into the change's objects of that kind
};

// What a change writes whole (a fee rule, a menu, share-market or admission
// terms), by GovernedWrite::object.
struct GovernedObjects {
  std::vector<FeeRuleDef> feeRules;
  std::vector<std::vector<ContractDef>> menus;
  std::vector<ShareMarketDef> shareMarkets;
  std::vector<AdmissionDef> admissions;
  bool empty() const { return feeRules.empty() && menus.empty() && shareMarkets.empty() && admissions.empty(); }
};

struct GovernedStep {
  int step = 0;                  // applied at the start of this step
  std::vector<std::string> set;  // the assignments, as given
  ScenarioDef def;               // the scenario from then on, when no rule has changed anything
  std::vector<GovernedWrite> writes;  // what it writes (values from def)
  GovernedObjects objects;            // what it writes whole, by GovernedWrite::object
};

// A rule, resolved. A fee-rule (or menu, or share-market) change is
// resolved against the scenario the schedule has in effect ("segment" s: before the first scheduled change for
// s = 0, after scheduled change s - 1 otherwise): that fee rule with the
// rule's assignments.
struct GovernedRule {
  int pool = 0;                       // whose state its condition reads
  std::vector<GovernedWrite> writes;  // what it writes
  std::vector<GovernedObjects> objects;  // [segment]; empty without fee-rule, menu or share-market writes
};

// The scenario after each scheduled change, in order. Throws InputError at
// /governance/schedule/i/... naming what to fix: an unknown or ungovernable
// path, a value the scenario refuses, a step outside 1..sim.steps, steps out
// of order. (Fee rule names and parameters are the registry's to check:
// experiments/load_scenario.cpp validates each governed scenario's rules.)
std::vector<GovernedStep> governedScenarios(const ScenarioDef& def);

// Each rule resolved against `schedule` (governedScenarios(def)). Throws
// InputError at /governance/rules/i/...: a duplicate name, an unknown pool, a
// delay that would apply past the horizon, a `when` that does not parse, an
// assignment that is ungovernable or makes the scenario invalid before or
// after any scheduled change.
std::vector<GovernedRule> governedRules(const ScenarioDef& def, const std::vector<GovernedStep>& schedule);

// The pool whose state rule `rule` of a validated scenario reads.
int ruleConditionPool(const ScenarioDef& def, int rule);

// Why a change was refused, for events.csv and summary.json.
const char* refusalText(GovernanceRefusal r);

// What governance may change, for messages and docs.
const char* governablePaths();

}  // namespace mutualab
