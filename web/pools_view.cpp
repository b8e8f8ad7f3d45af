#include "web/pools_view.h"

#include <algorithm>
#include <cmath>

#include "core/money.h"

namespace mutualab::web {

double PoolsPicture::largestFlow() const {
  double m = 0;
  for (const auto& p : pools) m = std::max({m, p.fromBackstop, p.toBackstop});
  return m;
}

double PoolsPicture::largestBalance() const {
  double m = 0;
  for (const auto& p : pools) m = std::max({m, p.lpCapital, p.insuranceFund, p.unpaid});
  return m;
}

PoolsPicture poolsPicture(const World& w) {
  PoolsPicture pic;
  const int t = w.currentStep();
  const int n = w.poolCount();
  const Ledger& ledger = w.ledger();
  const Backstop& bs = w.backstop();
  const ScenarioDef& sc = w.scenario();
  const bool chains = sc.chains.size() > 1;
  auto chainName = [&](const std::string& c) { return chains ? (c.empty() ? sc.chains.front().name : c) : std::string(); };
  pic.step = t;
  pic.backstopBalance = toCurrency(bs.balance(ledger));
  pic.backstopInitial = toCurrency(bs.initial);
  pic.backstopChain = chainName(sc.backstop.chain);
  for (int k = 0; k < n; ++k) {
    const Pool& p = w.pool(k);
    const size_t K = static_cast<size_t>(k);
    PoolFlows f;
    f.name = p.name;
    f.chain = chains ? sc.chains[static_cast<size_t>(p.chain)].name : std::string();
    f.lpCapital = toCurrency(ledger.balance(p.capitalAccount));
    f.insuranceFund = toCurrency(ledger.balance(p.fundAccount));
    f.unpaid = toCurrency(p.layers.unpaid);
    f.fromBackstop = K < bs.paidTo.size() ? toCurrency(bs.paidTo[K]) : 0.0;
    f.toBackstop = K < bs.feesFrom.size() ? toCurrency(bs.feesFrom[K]) : 0.0;
    f.inTransit = w.poolMetric(t, k, PoolStepMetric::InTransit);
    f.lostInTransit = toCurrency(p.lostInTransit);
    f.paidLate = toCurrency(p.paidLate);
    f.participation = w.poolMetric(t, k, PoolStepMetric::Participation);
    f.nav = p.totalShares > 0 ? p.nav(ledger) : std::nan("");
    f.lps = static_cast<int>(w.poolMetric(t, k, PoolStepMetric::LpCount));
    f.defaulted = p.defaulted;
    pic.pools.push_back(std::move(f));
  }
  pic.contagion.assign(static_cast<size_t>(n) + 1, std::vector<double>(static_cast<size_t>(n), 0.0));
  if (bs.paid.size() == static_cast<size_t>((n + 1) * n))
    for (int c = 0; c <= n; ++c)
      for (int j = 0; j < n; ++j)
        pic.contagion[static_cast<size_t>(c)][static_cast<size_t>(j)] = bs.paid[static_cast<size_t>(c * n + j)];
  return pic;
}

nlohmann::json poolsJson(const PoolsPicture& p) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  nlohmann::json pools = nlohmann::json::array();
  for (const auto& f : p.pools)
    pools.push_back({{"name", f.name},
                     {"lp_capital", f.lpCapital},
                     {"insurance_fund", f.insuranceFund},
                     {"unpaid", f.unpaid},
                     {"from_backstop", f.fromBackstop},
                     {"to_backstop", f.toBackstop},
                     {"in_transit", num(f.inTransit)},
                     {"lost_in_transit", f.lostInTransit},
                     {"participation", num(f.participation)},
                     {"nav", num(f.nav)},
                     {"lps", f.lps},
                     {"defaulted", f.defaulted}});
  return {{"pools", pools},
          {"backstop", {{"balance", p.backstopBalance}, {"initial", p.backstopInitial}, {"paid", p.contagion}}}};
}

}  // namespace mutualab::web
