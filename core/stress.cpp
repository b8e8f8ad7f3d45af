#include "core/stress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace mutualab {

std::vector<StressScenario> defaultStressScenarios(int assets) {
  std::vector<StressScenario> out;
  const double moves[] = {-0.40, -0.25, -0.10, 0.0, 0.10, 0.25, 0.40};
  const double vols[] = {1.0, 1.5, 2.5};
  for (double m : moves) {
    for (double v : vols) {
      if (m == 0.0 && v == 1.0) continue;  // no stress at all
      char name[64];
      std::snprintf(name, sizeof name, "spot %+.0f%% vol x%g", 100.0 * m, v);
      out.push_back(StressScenario::uniform(name, static_cast<size_t>(assets), m, v));
    }
  }
  return out;
}

StressScenario shockStressScenario(const ShockDef& shock, const MarketDef& market) {
  StressScenario s;
  const double move = std::exp(shock.logJump) - 1.0;
  for (const AssetDef& a : market.assets) s.spotMove.push_back(shock.asset.empty() || shock.asset == a.name ? move : 0.0);
  s.volMultiplier.assign(market.assets.size(), 1.0);
  s.volShift.assign(market.assets.size(), 0.0);
  char name[160];
  std::snprintf(name, sizeof name, "scenario shock: %s %+.0f%%", shock.asset.empty() ? "every asset" : shock.asset.c_str(),
                100.0 * move);
  s.name = name;
  return s;
}

CoverOutcome coverWith(double requirement, const BookCapital& c) {
  CoverOutcome o;
  o.requirement = requirement;
  double rest = std::max(requirement, 0.0);
  o.paidInsuranceFund = std::min(rest, std::max(c.insuranceFund, 0.0));
  rest -= o.paidInsuranceFund;
  o.shortAfterFund = rest;
  o.paidPoolCapital = std::min(rest, std::max(c.poolCapital, 0.0));
  rest -= o.paidPoolCapital;
  o.shortAfterPool = rest;
  o.paidBackstop = std::min(rest, std::max(c.backstop, 0.0));
  rest -= o.paidBackstop;
  o.uncovered = rest;
  return o;
}

CoverOutcome coverWithPools(const std::vector<double>& requirement, const std::vector<PoolCapital>& pools, double backstop) {
  CoverOutcome o;
  // Every pool the book lists, whether or not it holds positions (the
  // engine counts pools up to the highest that does).
  for (size_t p = 0; p < std::max(requirement.size(), pools.size()); ++p) {
    const PoolCapital none;
    const PoolCapital& c = p < pools.size() ? pools[p] : none;
    const CoverOutcome own =
        coverWith(p < requirement.size() ? requirement[p] : 0.0, BookCapital{c.insuranceFund, c.poolCapital, 0.0});
    o.pools.push_back({own.requirement, own.paidInsuranceFund, own.paidPoolCapital, own.shortAfterPool});
    o.requirement += own.requirement;
    o.paidInsuranceFund += own.paidInsuranceFund;
    o.shortAfterFund += own.shortAfterFund;
    o.paidPoolCapital += own.paidPoolCapital;
    o.shortAfterPool += own.shortAfterPool;
  }
  o.paidBackstop = std::min(o.shortAfterPool, std::max(backstop, 0.0));
  o.uncovered = o.shortAfterPool - o.paidBackstop;
  // Each pool's share of the backstop, pro rata to its claim.
  const double share = o.shortAfterPool > 0 ? o.paidBackstop / o.shortAfterPool : 0.0;
  for (PoolCover& p : o.pools) {
    p.paidBackstop = p.shortAfterPool * share;
    p.uncovered = p.shortAfterPool - p.paidBackstop;
  }
  return o;
}

StressResult runStress(const RiskEngine& engine, const std::vector<StressScenario>& scenarios, const BookCapital& capital,
                       const std::vector<PoolCapital>* pools) {
  StressResult r;
  RiskWorkspace ws = engine.workspace();
  std::vector<double> obligations, byPool, poolValue;
  const std::vector<int>& ids = engine.writerIds();
  const size_t P = static_cast<size_t>(engine.poolCount());
  // A pool's part of what the writers in `who` (engine indices) owe.
  auto partsOf = [&](const std::vector<size_t>& who) {
    std::vector<double> req(P, 0.0);
    for (size_t w : who)
      for (size_t p = 0; p < P; ++p) req[p] += byPool[w * P + p];
    return req;
  };
  for (const StressScenario& sc : scenarios) {
    StressRow row;
    row.scenario = sc;
    row.poolLoss = pools ? engine.stressedByPool(sc, ws, obligations, byPool, poolValue)
                         : engine.stressed(sc, ws, obligations);
    // Writers by stressed loss, largest first (ties: the lower id).
    std::vector<int> order(obligations.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return obligations[static_cast<size_t>(a)] > obligations[static_cast<size_t>(b)];
    });
    double one = 0, two = 0;
    std::vector<int> d1, d2;
    std::vector<size_t> w1, w2;  // the same, as engine indices
    for (size_t k = 0; k < order.size() && k < 2; ++k) {
      const size_t w = static_cast<size_t>(order[k]);
      if (k == 0) {
        one = obligations[w];
        d1.push_back(ids[w]);
        w1.push_back(w);
      }
      two += obligations[w];
      d2.push_back(ids[w]);
      w2.push_back(w);
    }
    row.poolValue = engine.valueNow() + row.poolLoss;
    if (pools) {
      row.cover1 = coverWithPools(partsOf(w1), *pools, capital.backstop);
      row.cover2 = coverWithPools(partsOf(w2), *pools, capital.backstop);
      row.wholeBook = coverWithPools(poolValue, *pools, capital.backstop);
    } else {
      row.cover1 = coverWith(one, capital);
      row.cover2 = coverWith(two, capital);
      row.wholeBook = coverWith(row.poolValue, capital);
    }
    row.cover1.defaulters = d1;
    row.cover2.defaulters = d2;
    r.rows.push_back(row);
  }
  // The worst leaves the most uncovered; where every one is covered (or
  // leaves as much), the largest requirement. With one layer the two agree
  // (what is uncovered grows with the requirement); with each pool paying
  // from its own layers a smaller requirement can leave more unpaid.
  auto worse = [](const CoverOutcome& a, double aSize, const CoverOutcome& b, double bSize) {
    return a.uncovered > b.uncovered || (a.uncovered == b.uncovered && aSize > bSize);
  };
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const StressRow& row = r.rows[i];
    auto at = [&r](int k) -> const StressRow& { return r.rows[static_cast<size_t>(k)]; };
    if (r.worstCover1 < 0 || worse(row.cover1, row.cover1.requirement, at(r.worstCover1).cover1, at(r.worstCover1).cover1.requirement))
      r.worstCover1 = static_cast<int>(i);
    if (r.worstCover2 < 0 || worse(row.cover2, row.cover2.requirement, at(r.worstCover2).cover2, at(r.worstCover2).cover2.requirement))
      r.worstCover2 = static_cast<int>(i);
    if (r.worstPoolLoss < 0 || worse(row.wholeBook, row.poolLoss, at(r.worstPoolLoss).wholeBook, at(r.worstPoolLoss).poolLoss))
      r.worstPoolLoss = static_cast<int>(i);
  }
  return r;
}

}  // namespace mutualab
