#include "experiments/menu_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

#include "agents/registry.h"
#include "core/black_scholes.h"
#include "core/format_number.h"
#include "core/world.h"

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One writer's expected outcomes per position at step 0, averaged over puts
// and calls as positions are drawn: silo profit, and per contract its
// profit, the pool's expected cover and the fee.
struct WriterValues {
  double silo = 0;
  std::vector<double> profit, cost, fee;
};

WriterValues valuesOf(const World& w, int pool, int writer, double theta, const FeeContext& ctx) {
  const ScenarioDef& S = w.scenario();
  const auto& P = S.positions;
  const Pool& p = w.pool(pool);
  const int asset = writer % w.market().assetCount();
  const double spot = w.market().price(asset, 0), vol = w.market().pricingVol(asset, 0);
  const double tau = P.tenorSteps * S.sim.stepDays / S.sim.daysPerYear, r = S.market.rateAnnual;
  const double coc = S.writers.costOfCapitalAnnual;
  const size_t n = std::max<size_t>(1, p.def.menu.size());
  const int first = p.def.menu.empty() ? -1 : 0;
  WriterValues v;
  v.profit.assign(n, 0.0);
  v.cost.assign(n, 0.0);
  v.fee.assign(n, 0.0);
  // As the world draws them, without the noise: theta sets the distance
  // out of the money and the hidden-jump propensity (signal = theta).
  const double otm = std::clamp(P.otmSafe + (P.otmRisky - P.otmSafe) * theta, 0.0, 0.95);
  const double q = P.hiddenJumpProb * theta;
  for (const OptionKind kind : {OptionKind::Put, OptionKind::Call}) {
    const double weight = kind == OptionKind::Put ? P.putShare : 1.0 - P.putShare;
    const double strike = kind == OptionKind::Put ? spot * (1.0 - otm) : spot * (1.0 + otm);
    const double units = P.notional / spot;
    const double premium = bsPrice(kind, spot, strike, r, vol, tau) * units * (1.0 + S.writers.premiumMarkup);
    const double maxLoss = kind == OptionKind::Put ? strike * units : P.callMaxLossMultiple * P.notional;
    const double loss = units * expectedPayoffWithJump(kind, spot, strike, r, vol, tau, q, P.hiddenJumpSize);
    v.silo += weight * (premium - loss - coc * p.def.siloCollateralRatio * maxLoss * tau);
    for (size_t c = 0; c < n; ++c) {
      const int contract = first < 0 ? -1 : static_cast<int>(c);
      const double coll = p.contractCollateral(contract, maxLoss);
      const double coverStrike = kind == OptionKind::Put ? strike - coll / units : strike + coll / units;
      const double share = 1.0 - p.contractRetained(contract);
      FeeQuoteInput fq;
      fq.writer = writer;
      fq.kind = kind;
      fq.spot = spot;
      fq.strike = strike;
      fq.units = units;
      fq.notional = P.notional;
      fq.years = tau;
      fq.pricingVol = vol;
      fq.rate = r;
      fq.coverStrike = coverStrike;
      fq.coverShare = share;
      const double fee = p.contractQuote(contract, fq, ctx);  // as the world quotes it
      const double cover = share * units * expectedPayoffWithJump(kind, spot, coverStrike, r, vol, tau, q, P.hiddenJumpSize);
      v.profit[c] += weight * (premium - fee - loss + cover - coc * coll * tau);
      v.cost[c] += weight * cover;
      v.fee[c] += weight * fee;
    }
  }
  return v;
}

// A band's incentive constraint: it does not take a contract that loses on
// it (priced for safer writers) while one in the menu would serve it
// without loss.
bool icHolds(const BandCheck& b) {
  if (b.takes < 0 || b.fairBest < 0 || b.takes == b.fairBest) return true;
  const size_t t = static_cast<size_t>(b.takes);
  return !(b.cost[t] > b.fee[t]);
}

std::string money(double x) { return shortestNumber(std::round(x * 100.0) / 100.0); }

std::string bandName(const BandCheck& b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "theta %.2f-%.2f", b.thetaLow, b.thetaHigh);
  return buf;
}

PoolMenuCheck checkPool(const World& w, int k, const MenuCheckOptions& opt) {
  const Pool& p = w.pool(k);
  PoolMenuCheck out;
  out.pool = p.name;
  const size_t n = std::max<size_t>(1, p.def.menu.size());
  for (size_t c = 0; c < n; ++c) {
    ContractCheck cc;
    if (p.def.menu.empty()) {
      cc.name = "terms";  // the pool's own: it has no menu
      cc.coverage = 1.0 - p.def.retainedShare;
      cc.collateralRatio = p.def.writerCollateralRatio;
    } else {
      const ContractDef& d = p.def.menu[c];
      cc.name = d.name;
      cc.coverage = d.coverage;
      cc.collateralRatio = d.firstLoss > 0 ? kNaN : d.collateralRatio;
      cc.firstLoss = d.firstLoss;
    }
    out.contracts.push_back(cc);
  }

  // The writers this pool can cover, safest first.
  const FeeContext ctx = w.feeContext(k);
  const auto theta = w.writerTheta();
  std::vector<int> writers;
  for (int i = 0; i < w.writerCount(); ++i)
    if (p.underwrites[static_cast<size_t>(i % w.market().assetCount())]) writers.push_back(i);
  std::stable_sort(writers.begin(), writers.end(),
                   [&](int a, int b) { return theta[static_cast<size_t>(a)] < theta[static_cast<size_t>(b)]; });
  const int bands = std::min<int>(opt.bands, static_cast<int>(writers.size()));
  std::vector<double> takerWriters(n, 0.0), takerTheta(n, 0.0), takerCost(n, 0.0), takerFee(n, 0.0);
  for (int b = 0; b < bands; ++b) {
    const size_t from = writers.size() * static_cast<size_t>(b) / static_cast<size_t>(bands);
    const size_t to = writers.size() * static_cast<size_t>(b + 1) / static_cast<size_t>(bands);
    BandCheck band;
    band.writers = static_cast<int>(to - from);
    band.contracts.assign(n, 0.0);
    band.cost.assign(n, 0.0);
    band.fee.assign(n, 0.0);
    band.thetaLow = theta[static_cast<size_t>(writers[from])];
    band.thetaHigh = theta[static_cast<size_t>(writers[to - 1])];
    for (size_t i = from; i < to; ++i) {
      const int wr = writers[i];
      const WriterValues v = valuesOf(w, k, wr, theta[static_cast<size_t>(wr)], ctx);
      band.thetaMean += theta[static_cast<size_t>(wr)] / band.writers;
      band.silo += v.silo / band.writers;
      for (size_t c = 0; c < n; ++c) {
        band.contracts[c] += v.profit[c] / band.writers;
        band.cost[c] += v.cost[c] / band.writers;
        band.fee[c] += v.fee[c] / band.writers;
      }
    }
    // Its best choice, the expected-utility writer's (the first on ties,
    // silo before contracts, abstain last, as the strategy decides).
    double best = band.silo;
    band.takes = -1;
    for (size_t c = 0; c < n; ++c)
      if (band.contracts[c] > best) { best = band.contracts[c]; band.takes = static_cast<int>(c); }
    if (!(best > 0)) band.takes = -2;
    const size_t bestContract = static_cast<size_t>(std::max_element(band.contracts.begin(), band.contracts.end()) -
                                                    band.contracts.begin());
    band.participationMargin = band.contracts[bestContract] - std::max(band.silo, 0.0);
    // Of the contracts that serve it without loss (fee >= its expected
    // cover), the one it likes best; its incentive constraint compares it
    // with what it takes.
    band.fairBest = -1;
    for (size_t c = 0; c < n; ++c)
      if (band.fee[c] >= band.cost[c] &&
          (band.fairBest < 0 || band.contracts[c] > band.contracts[static_cast<size_t>(band.fairBest)]))
        band.fairBest = static_cast<int>(c);
    band.icMargin = band.takes >= 0 && band.fairBest >= 0
                        ? band.contracts[static_cast<size_t>(band.fairBest)] - band.contracts[static_cast<size_t>(band.takes)]
                        : kNaN;
    if (band.takes >= 0) {
      const size_t c = static_cast<size_t>(band.takes);
      takerWriters[c] += band.writers;
      takerTheta[c] += band.thetaMean * band.writers;
      takerCost[c] += band.cost[c] * band.writers;
      takerFee[c] += band.fee[c] * band.writers;
      ++out.contracts[c].takerBands;
    }
    out.bands.push_back(std::move(band));
  }

  int taken = 0;
  for (size_t c = 0; c < n; ++c) {
    ContractCheck& cc = out.contracts[c];
    cc.takersMeanTheta = takerWriters[c] > 0 ? takerTheta[c] / takerWriters[c] : kNaN;
    cc.expectedLossRatio = takerFee[c] > 0 ? takerCost[c] / takerFee[c] : (takerWriters[c] > 0 ? kNaN : kNaN);
    taken += cc.takerBands > 0 ? 1 : 0;
  }

  // What is violated, in words.
  for (const BandCheck& b : out.bands) {
    const std::string name = bandName(b);
    if (b.participationMargin < 0) {
      const bool silo = b.silo >= 0;
      out.violations.push_back("participation: " + name + " stays out (" + (silo ? "the silo" : "abstaining") +
                               " earns " + money(-b.participationMargin) +
                               " more per position than its best contract)");
    } else if (!icHolds(b)) {
      const size_t t = static_cast<size_t>(b.takes);
      out.violations.push_back("incentive compatibility: " + name + " takes '" + out.contracts[t].name +
                               "', which loses on it (expected cover " +
                               shortestNumber(std::round(b.cost[t] / b.fee[t] * 100.0) / 100.0) + " x its fee), over '" +
                               out.contracts[static_cast<size_t>(b.fairBest)].name +
                               "', which would serve it without loss (preferred by " + money(-b.icMargin) +
                               " per position)");
    }
  }
  for (const ContractCheck& c : out.contracts)
    if (c.takerBands > 0 && c.expectedLossRatio > 1.0)
      out.violations.push_back("break-even: '" + c.name + "' loses on its takers: their expected cover is " +
                               shortestNumber(std::round(c.expectedLossRatio * 100.0) / 100.0) +
                               " x its fee (a fee rule that learns from experience would raise it: the spiral)");
  if (taken == 0) out.verdict = "no takers: every band prefers the silo or abstaining";
  else if (taken == 1) out.verdict = "pooling: every band that joins takes the same contract";
  else out.verdict = "separating: " + std::to_string(taken) + " contracts taken by different theta bands";
  out.verdict += out.violations.empty() ? "; no constraint violated" : "; " + std::to_string(out.violations.size()) + " violated";
  return out;
}

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

}  // namespace

std::vector<PoolMenuCheck> checkMenus(const ScenarioDef& def, const MenuCheckOptions& opt) {
  const World w(def, opt.seed, 0, makeStrategies(def));  // step 0: the population, prices and fee contexts
  std::vector<PoolMenuCheck> out;
  for (int k = 0; k < w.poolCount(); ++k) out.push_back(checkPool(w, k, opt));
  return out;
}

nlohmann::json menuCheckJson(const std::vector<PoolMenuCheck>& checks) {
  nlohmann::json pools = nlohmann::json::array();
  for (const PoolMenuCheck& p : checks) {
    nlohmann::json contracts = nlohmann::json::array(), bands = nlohmann::json::array();
    for (const ContractCheck& c : p.contracts)
      contracts.push_back({{"name", c.name},
                           {"coverage", c.coverage},
                           {"collateral_ratio", num(c.collateralRatio)},
                           {"first_loss", c.firstLoss},
                           {"taker_bands", c.takerBands},
                           {"takers_mean_theta", num(c.takersMeanTheta)},
                           {"expected_loss_ratio", num(c.expectedLossRatio)}});
    auto choice = [&](int c) -> std::string {
      return c == -2 ? "abstain" : c == -1 ? "silo" : p.contracts[static_cast<size_t>(c)].name;
    };
    for (const BandCheck& b : p.bands) {
      nlohmann::json profit = nlohmann::json::object(), cost = nlohmann::json::object(), fee = nlohmann::json::object();
      for (size_t c = 0; c < p.contracts.size(); ++c) {
        profit[p.contracts[c].name] = b.contracts[c];
        cost[p.contracts[c].name] = b.cost[c];
        fee[p.contracts[c].name] = b.fee[c];
      }
      bands.push_back({{"theta_low", b.thetaLow},
                       {"theta_high", b.thetaHigh},
                       {"theta_mean", b.thetaMean},
                       {"writers", b.writers},
                       {"profit_silo", b.silo},
                       {"profit", profit},
                       {"expected_cover", cost},
                       {"fee", fee},
                       {"takes", choice(b.takes)},
                       {"best_without_loss", b.fairBest >= 0 ? nlohmann::json(choice(b.fairBest)) : nlohmann::json(nullptr)},
                       {"participation_margin", b.participationMargin},
                       {"ic_margin", num(b.icMargin)},
                       {"ic_holds", icHolds(b)}});
    }
    pools.push_back({{"pool", p.pool},
                     {"verdict", p.verdict},
                     {"violations", p.violations},
                     {"contracts", contracts},
                     {"bands", bands}});
  }
  return {{"help",
           "per position, currency: profit_* is the expected-utility writer's expected profit (abstain = 0); "
           "expected_cover what the pool's cover pays in expectation; best_without_loss the band's "
           "favourite among the contracts whose fee covers its expected cover; participation_margin = best contract - max(silo, 0); ic_margin = best_without_loss - "
           "the contract it takes (ic_holds is false when it takes one that loses on it instead); expected_loss_ratio = takers' expected cover / fees"},
          {"pools", pools}};
}

std::string menuCheckText(const std::vector<PoolMenuCheck>& checks) {
  std::ostringstream o;
  char line[512];
  for (const PoolMenuCheck& p : checks) {
    o << "pool '" << p.pool << "': " << p.verdict << "\n\n";
    std::snprintf(line, sizeof line, "  %-18s %9s %11s %12s %12s %14s\n", "contract", "coverage", "deductible",
                  "taken by", "takers' θ", "exp. loss ratio");
    o << line;
    for (const ContractCheck& c : p.contracts) {
      const std::string deductible = c.firstLoss > 0 ? shortestNumber(c.firstLoss) + " (first loss)"
                                                     : shortestNumber(c.collateralRatio) + " x max";
      std::snprintf(line, sizeof line, "  %-18s %9.2f %11s %7d bands %12s %14s\n", c.name.c_str(), c.coverage,
                    deductible.c_str(), c.takerBands,
                    std::isfinite(c.takersMeanTheta) ? shortestNumber(std::round(c.takersMeanTheta * 100) / 100).c_str() : "-",
                    std::isfinite(c.expectedLossRatio) ? shortestNumber(std::round(c.expectedLossRatio * 100) / 100).c_str()
                                                       : "-");
      o << line;
    }
    o << "\n  expected profit per position (currency), by theta band:\n";
    std::snprintf(line, sizeof line, "  %-13s %8s", "theta", "silo");
    o << line;
    for (const ContractCheck& c : p.contracts) {
      std::snprintf(line, sizeof line, " %12.12s", c.name.c_str());
      o << line;
    }
    std::snprintf(line, sizeof line, "  %-14s %10s %9s %4s\n", "takes", "cover/fee", "PC margin", "IC");
    o << line;
    for (const BandCheck& b : p.bands) {
      std::snprintf(line, sizeof line, "  %.2f-%.2f %11.2f", b.thetaLow, b.thetaHigh, b.silo);
      o << line;
      for (double x : b.contracts) {
        std::snprintf(line, sizeof line, " %12.2f", x);
        o << line;
      }
      auto choice = [&](int c) -> std::string {
        return c == -2 ? "abstain" : c == -1 ? "silo" : p.contracts[static_cast<size_t>(c)].name;
      };
      const size_t t = static_cast<size_t>(std::max(b.takes, 0));
      std::snprintf(line, sizeof line, "  %-14.14s %10s %9.2f %4s\n", choice(b.takes).c_str(),
                    b.takes >= 0 && b.fee[t] > 0 ? money(b.cost[t] / b.fee[t]).c_str() : "-", b.participationMargin,
                    icHolds(b) ? "ok" : "no");
      o << line;
    }
    if (!p.violations.empty()) {
      o << "\n  violated:\n";
      for (const std::string& v : p.violations) o << "  - " << v << '\n';
    }
    o << '\n';
  }
  return o.str();
}

}  // namespace mutualab
