// `mutualab menu-check`: a screening menu against the writer type
// distribution, before any run (Rothschild–Stiglitz). For each band of theta
// (deciles by default) it computes what the expected-utility writer earns
// per position in the silo, in each contract and abstaining, from the same
// quotes the world makes at step 0; then which contract each band takes,
// whether it joins at all (participation), whether it takes a contract that
// loses on it while another would serve it without loss (incentive
// compatibility), and whether each contract's takers cost it more than it
// charges (break-even). A designer sees why a
// menu separates, pools or invites the spiral before running it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario.h"

namespace mutualab {

struct MenuCheckOptions {
  int bands = 10;          // theta bands, by rank (2..100)
  std::uint64_t seed = 1;  // the writer population drawn (as replication 0 of a run with this seed)
};

struct BandCheck {
  double thetaLow = 0, thetaHigh = 0, thetaMean = 0;
  int writers = 0;
  // Expected profit per position, currency: silo, then each contract (in
  // menu order); abstain earns 0.
  double silo = 0;
  std::vector<double> contracts;
  std::vector<double> cost;  // each contract's expected cover (what the pool pays) per position, currency
  std::vector<double> fee;   // each contract's fee per position, currency
  int takes = -1;            // best choice: -2 abstain, -1 silo, else a contract
  int fairBest = -1;         // its favourite of the contracts whose fee covers its expected cover (-1: none)
  double participationMargin = 0;  // best contract - best of silo and abstain (< 0: violated)
  double icMargin = 0;       // profit in fairBest - profit in what it takes (NaN without either)
};

struct ContractCheck {
  std::string name;
  double coverage = 0, collateralRatio = 0, firstLoss = 0;
  int takerBands = 0;
  double takersMeanTheta = 0;   // writer-weighted, NaN with no takers
  double expectedLossRatio = 0; // takers' expected cover / fees, NaN with no takers
};

struct PoolMenuCheck {
  std::string pool;
  std::vector<ContractCheck> contracts;
  std::vector<BandCheck> bands;
  std::string verdict;               // "separating", "pooling", "no takers", plus "; unprofitable: ..." when one loses
  std::vector<std::string> violations;  // one line each, in words
};

// Every pool of the scenario (a pool without a menu as its one contract).
// The scenario must have been validated.
std::vector<PoolMenuCheck> checkMenus(const ScenarioDef& def, const MenuCheckOptions& opt);

nlohmann::json menuCheckJson(const std::vector<PoolMenuCheck>& checks);
std::string menuCheckText(const std::vector<PoolMenuCheck>& checks);

}  // namespace mutualab
