#include "core/market.h"

#include <cassert>
#include <cmath>
#include <cstdio>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/rng.h"

namespace mutualab {

bool choleskyFactor(const std::vector<std::vector<double>>& c, std::vector<double>& L) {
  const size_t n = c.size();
  L.assign(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j <= i; ++j) {
      double s = c[i][j];
      for (size_t k = 0; k < j; ++k) s -= L[i * n + k] * L[j * n + k];
      if (i == j) {
        // Semi-definite matrices (e.g. correlation exactly 1) give a zero pivot.
        if (s < -1e-9) return false;
        L[i * n + i] = s > 0 ? std::sqrt(s) : 0.0;
      } else {
        L[i * n + j] = L[j * n + j] > 0 ? s / L[j * n + j] : 0.0;
      }
    }
  }
  return true;
}

double Market::trueVol(int a, int t) const {
  const double v = def_.assets[static_cast<size_t>(a)].volAnnual;
  if (def_.pricePath.fromData())  // no hidden process: the step's realized volatility
    return t == 0 ? v : std::abs(std::log(price(a, t) / price(a, t - 1))) / std::sqrt(dt_);
  return stress(t) ? v * def_.regime.stressVolMultiplier : v;
}

bool Market::troubleAhead(int t, int lookahead) const {
  for (int s = t + 1; s <= t + lookahead && s <= steps_; ++s)
    if (trouble_[static_cast<size_t>(s)]) return true;
  return false;
}

Market::Market(const MarketDef& def, const ShockDef& shock, int steps, double stepYears, std::uint64_t seed,
               std::uint64_t rep, double stepDays)
    : def_(def), assets_(static_cast<int>(def.assets.size())), steps_(steps), dt_(stepYears), stepDays_(stepDays) {
  const size_t n = static_cast<size_t>(assets_);
  const size_t cells = static_cast<size_t>(steps + 1) * n;
  price_.assign(cells, 0.0);
  pricingVol_.assign(cells, 0.0);
  jump_.assign(cells, 0);
  regime_.assign(static_cast<size_t>(steps + 1), 0);
  trouble_.assign(static_cast<size_t>(steps + 1), 0);
  if (def.pricePath.fromData()) {
    samplePath(shock, stepDays);
    // The observations live on in the scenario; each world needs only its sampled path.
    def_.pricePath.days.clear();
    def_.pricePath.prices.clear();
  } else {
    drawPath(shock, seed, rep);
  }
}

void Market::samplePath(const ShockDef& shock, double stepDays) {
  const PricePathDef& data = def_.pricePath;
  assert(data.loaded() && data.days.size() == def_.assets.size());  // read and checked at the edge
  const size_t n = static_cast<size_t>(assets_);
  const bool ewma = def_.pricingVol == "ewma";
  const double lambda = def_.ewmaLambda;
  for (size_t a = 0; a < n; ++a) {
    const AssetDef& A = def_.assets[a];
    const std::vector<double>& days = data.days[a];
    const std::vector<double>& prices = data.prices[a];
    const double bigMove = kDataJumpSds * A.volAnnual * std::sqrt(dt_);
    const bool shocked = shock.asset.empty() || shock.asset == A.name;
    double ewmaVar = A.volAnnual * A.volAnnual;
    size_t i = 0;  // the last observation at or before the current step's day
    for (int t = 0; t <= steps_; ++t) {
      const size_t T = static_cast<size_t>(t);
      const double day = static_cast<double>(t) * stepDays;
      while (i + 1 < days.size() && days[i + 1] <= day + pricePathDayTolerance(day)) ++i;
      double p = prices[i];
      // The shock, as on a drawn path: the price moves by e^logJump at its step and stays moved.
      if (shocked && shock.step >= 1 && t >= shock.step) p *= std::exp(shock.logJump);
      price_[T * n + a] = p;
      if (t == 0) {
        pricingVol_[a] = A.volAnnual;
        continue;
      }
      const double r = std::log(p / price_[(T - 1) * n + a]);
      const bool jump = std::abs(r) > bigMove;
      jump_[T * n + a] = jump ? (r < 0 ? -1 : 1) : 0;
      if (jump && r < 0) trouble_[T] = 1;
      ewmaVar = lambda * ewmaVar + (1.0 - lambda) * (r * r / dt_);
      pricingVol_[T * n + a] = ewma ? std::sqrt(ewmaVar) : A.volAnnual;
    }
  }
}

void Market::checkPrice(size_t a, int t, std::uint64_t replication) const {
  const double p = price_[idx(static_cast<int>(a), t)];
  const AssetDef& A = def_.assets[a];
  if (p >= A.spot / kPriceRange && p <= A.spot * kPriceRange) return;  // (false for NaN too)
  char moved[64];
  std::snprintf(moved, sizeof moved, "%.3g", p);
  throw InputError("market/assets/" + std::to_string(a),
                   A.name + "'s price reaches " + moved + " at step " + std::to_string(t) + " of replication " +
                       std::to_string(replication) + ", beyond 1e250 times its spot (" + shortestNumber(A.spot) +
                       ") either way, where prices stop being numbers. Its drift (" + shortestNumber(A.driftAnnual) +
                       " a year), volatility (" + shortestNumber(A.volAnnual) + " a year) and jumps (" +
                       shortestNumber(A.jumpIntensityAnnual) + " a year, mean log " + shortestNumber(A.jumpMeanLog) +
                       ", sd " + shortestNumber(A.jumpSdLog) + "), over steps of " + shortestNumber(stepDays_) +
                       " days (sim/stepDays), move it that far: choose milder ones or shorter steps");
}

void Market::drawPath(const ShockDef& shock, std::uint64_t seed, std::uint64_t rep) {
  const MarketDef& def = def_;
  const int steps = steps_;
  const size_t n = static_cast<size_t>(assets_);

  std::vector<double> L;
  if (def.correlation.empty()) {
    L.assign(n * n, 0.0);
    for (size_t i = 0; i < n; ++i) L[i * n + i] = 1.0;
  } else {
    choleskyFactor(def.correlation, L);  // validated at the edge
  }

  Engine diffusion = makeEngine(seed, rep, AgentKind::Market, 0, Purpose::MarketDiffusion);
  Engine regimeRng = makeEngine(seed, rep, AgentKind::Market, 0, Purpose::MarketRegime);
  std::vector<Engine> jumpRng;
  for (size_t a = 0; a < n; ++a) jumpRng.push_back(makeEngine(seed, rep, AgentKind::Market, a, Purpose::MarketJumps));

  boost::random::normal_distribution<double> stdNormal(0.0, 1.0);
  boost::random::uniform_01<double> u01;
  const bool ewma = def.pricingVol == "ewma";
  const double lambda = def.ewmaLambda;

  std::vector<double> eps(n), z(n), ewmaVar(n);
  for (size_t a = 0; a < n; ++a) {
    price_[a] = def.assets[a].spot;
    pricingVol_[a] = def.assets[a].volAnnual;
    ewmaVar[a] = def.assets[a].volAnnual * def.assets[a].volAnnual;
  }

  for (int t = 1; t <= steps; ++t) {
    const size_t T = static_cast<size_t>(t);
    // Regime for step t (Markov chain on the previous step's regime).
    unsigned char reg = regime_[T - 1];
    if (def.regime.enabled) {
      const double u = u01(regimeRng);
      if (reg == 0 && u < def.regime.pCalmToStress) reg = 1;
      else if (reg == 1 && u < def.regime.pStressToCalm) reg = 0;
    }
    regime_[T] = reg;
    if (reg == 1 && regime_[T - 1] == 0) trouble_[T] = 1;

    for (size_t a = 0; a < n; ++a) eps[a] = stdNormal(diffusion);
    for (size_t i = 0; i < n; ++i) {
      double s = 0;
      for (size_t k = 0; k <= i; ++k) s += L[i * n + k] * eps[k];
      z[i] = s;
    }
    for (size_t a = 0; a < n; ++a) {
      const AssetDef& A = def.assets[a];
      const double vol = reg ? A.volAnnual * def.regime.stressVolMultiplier : A.volAnnual;
      const double intensity = A.jumpIntensityAnnual * (reg ? def.regime.stressJumpMultiplier : 1.0);
      // E[e^J] - 1 for a normal log jump: compensates the drift so driftAnnual is the expected growth.
      const double k = std::exp(A.jumpMeanLog + 0.5 * A.jumpSdLog * A.jumpSdLog) - 1.0;
      double logJump = 0.0;
      if (intensity > 0.0) {
        boost::random::poisson_distribution<int, double> pois(intensity * dt_);
        const int count = pois(jumpRng[a]);
        for (int j = 0; j < count; ++j) logJump += A.jumpMeanLog + A.jumpSdLog * stdNormal(jumpRng[a]);
      }
      if (t == shock.step && (shock.asset.empty() || shock.asset == A.name)) logJump += shock.logJump;
      const double r = (A.driftAnnual - 0.5 * vol * vol - intensity * k) * dt_ + vol * std::sqrt(dt_) * z[a] + logJump;
      price_[T * n + a] = price_[(T - 1) * n + a] * std::exp(r);
      checkPrice(a, t, rep);
      jump_[T * n + a] = logJump < 0 ? -1 : (logJump > 0 ? 1 : 0);
      if (logJump < 0) trouble_[T] = 1;
      ewmaVar[a] = lambda * ewmaVar[a] + (1.0 - lambda) * (r * r / dt_);
      pricingVol_[T * n + a] = ewma ? std::sqrt(ewmaVar[a]) : A.volAnnual;
    }
  }
}

}  // namespace mutualab
