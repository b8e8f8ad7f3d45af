#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/errors.h"
#include "core/market.h"

using namespace mutualab;

namespace {
struct Moments {
  double mean = 0, var = 0;
};
Moments logReturnMoments(const Market& m, int a) {
  std::vector<double> r;
  for (int t = 1; t <= m.steps(); ++t) r.push_back(std::log(m.price(a, t) / m.price(a, t - 1)));
  Moments o;
  for (double x : r) o.mean += x;
  o.mean /= static_cast<double>(r.size());
  for (double x : r) o.var += (x - o.mean) * (x - o.mean);
  o.var /= static_cast<double>(r.size() - 1);
  return o;
}
}  // namespace

TEST_CASE("GBM log returns have the drift and volatility asked for", "[market]") {
  MarketDef def;
  def.assets[0].volAnnual = 0.6;
  def.assets[0].driftAnnual = 0.3;
  const double dt = 1.0 / 365.0;
  const int steps = 200000;
  Market m(def, ShockDef{}, steps, dt, 42, 0, 1.0);
  const Moments mo = logReturnMoments(m, 0);
  // Var: sigma^2 dt; standard error of a sample variance ~ var * sqrt(2/n) (0.3% here).
  CHECK(mo.var / dt == Approx(0.36).epsilon(0.015));
  // Mean of the log return: (mu - sigma^2/2) dt; its standard error is sigma sqrt(dt/n).
  const double se = 0.6 * std::sqrt(dt / steps);
  CHECK(std::abs(mo.mean - (0.3 - 0.18) * dt) < 4 * se);
}

TEST_CASE("Merton jumps arrive at the set intensity and the drift is compensated", "[market]") {
  MarketDef def;
  def.assets[0].volAnnual = 0.2;
  def.assets[0].jumpIntensityAnnual = 36.5;  // 0.1 per step
  def.assets[0].jumpMeanLog = -0.1;
  def.assets[0].jumpSdLog = 0.0;
  const int steps = 100000;
  Market m(def, ShockDef{}, steps, 1.0 / 365.0, 7, 0, 1.0);
  int jumps = 0;
  for (int t = 1; t <= steps; ++t) jumps += m.downJump(0, t) ? 1 : 0;
  // P(at least one jump in a step) = 1 - exp(-0.1); binomial sd ~ 0.0009.
  CHECK(static_cast<double>(jumps) / steps == Approx(1.0 - std::exp(-0.1)).margin(0.004));
  // Compensated: E[S_t+1 / S_t] = exp(mu dt) with mu = 0.
  double growth = 0;
  for (int t = 1; t <= steps; ++t) growth += m.price(0, t) / m.price(0, t - 1);
  CHECK(growth / steps == Approx(1.0).margin(0.0015));
}

// Every field in its range, together too far: drift 10 a year over steps of a
// year, or 365 jumps a year of mean log 3 (their compensation pulls the price
// down by 147 in logs a day). Before 2026-12-05 the run went on with prices
// of inf or 0 and a ledger fed undefined conversions.
TEST_CASE("a drawn price beyond 1e250 times its spot either way is refused, naming the asset", "[market]") {
  MarketDef up;
  up.assets[0].driftAnnual = 10.0;
  up.assets[0].volAnnual = 0.7;
  CHECK_THROWS_WITH(Market(up, ShockDef{}, 100, 366.0 / 365.0, 1, 0, 366.0),
                    Catch::StartsWith("market/assets/0: ETH's price reaches 1.06e+257 at step 60 of replication 0, "
                                      "beyond 1e250 times its spot (2000) either way") &&
                        Catch::Contains("over steps of 366 days (sim/stepDays)"));
  MarketDef down;
  down.assets[0].jumpIntensityAnnual = 365.0;
  down.assets[0].jumpMeanLog = 3.0;
  down.assets[0].jumpSdLog = 2.0;
  CHECK_THROWS_AS(Market(down, ShockDef{}, 30, 1.0 / 365.0, 1, 0, 1.0), InputError);
  // Within the range a wild market still runs: vol 10 a year for a year of
  // days, 0.7 for 548 years (1e-58 times its spot by then, as drawn here).
  MarketDef wild;
  wild.assets[0].volAnnual = 10.0;
  const Market m(wild, ShockDef{}, 365, 1.0 / 365.0, 1, 0, 1.0);
  CHECK(m.price(0, 365) > 0.0);
}

TEST_CASE("correlated assets have the correlation asked for", "[market]") {
  MarketDef def;
  def.assets = {AssetDef{}, AssetDef{}};
  def.assets[1].name = "BTC";
  def.correlation = {{1.0, 0.7}, {0.7, 1.0}};
  const int steps = 50000;
  Market m(def, ShockDef{}, steps, 1.0 / 365.0, 3, 0, 1.0);
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int t = 1; t <= steps; ++t) {
    const double a = std::log(m.price(0, t) / m.price(0, t - 1));
    const double b = std::log(m.price(1, t) / m.price(1, t - 1));
    sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
  }
  const double n = steps;
  const double cov = sab / n - sa / n * sb / n;
  const double rho = cov / std::sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
  CHECK(rho == Approx(0.7).margin(0.015));
}

TEST_CASE("regime switching spends the stationary share of time in stress", "[market]") {
  MarketDef def;
  def.regime.enabled = true;
  def.regime.pCalmToStress = 0.02;
  def.regime.pStressToCalm = 0.08;
  const int steps = 200000;
  Market m(def, ShockDef{}, steps, 1.0 / 365.0, 11, 0, 1.0);
  int stress = 0;
  for (int t = 1; t <= steps; ++t) stress += m.stress(t) ? 1 : 0;
  CHECK(static_cast<double>(stress) / steps == Approx(0.02 / (0.02 + 0.08)).margin(0.01));
  CHECK(m.trueVol(0, 0) == Approx(0.7));
}

TEST_CASE("a shock moves every asset on its step and is visible ahead only to lookahead", "[market]") {
  MarketDef def;
  def.assets[0].volAnnual = 0.0001;
  ShockDef shock{50, -0.5, ""};
  Market m(def, shock, 100, 1.0 / 365.0, 1, 0, 1.0);
  CHECK(m.price(0, 50) / m.price(0, 49) == Approx(std::exp(-0.5)).epsilon(1e-3));
  CHECK(m.downJump(0, 50));
  CHECK(m.troubleAhead(45, 5));
  CHECK_FALSE(m.troubleAhead(44, 5));
  CHECK_FALSE(m.troubleAhead(50, 5));
}

TEST_CASE("market paths depend on (seed, replication) alone", "[market]") {
  MarketDef def;
  def.assets[0].jumpIntensityAnnual = 5;
  def.regime.enabled = true;
  Market a(def, ShockDef{}, 500, 1.0 / 365.0, 9, 2, 1.0), b(def, ShockDef{}, 500, 1.0 / 365.0, 9, 2, 1.0);
  Market c(def, ShockDef{}, 500, 1.0 / 365.0, 9, 3, 1.0);
  bool same = true, differs = false;
  for (int t = 0; t <= 500; ++t) {
    same = same && a.price(0, t) == b.price(0, t) && a.pricingVol(0, t) == b.pricingVol(0, t);
    differs = differs || a.price(0, t) != c.price(0, t);
  }
  CHECK(same);
  CHECK(differs);
}

TEST_CASE("Cholesky factor of a correlation matrix", "[market]") {
  std::vector<double> L;
  REQUIRE(choleskyFactor({{1, 0.6}, {0.6, 1}}, L));
  CHECK(L[0] == Approx(1));
  CHECK(L[2] == Approx(0.6));
  CHECK(L[3] == Approx(0.8));
  CHECK(choleskyFactor({{1, 1}, {1, 1}}, L));        // perfectly correlated: semi-definite is fine
  CHECK_FALSE(choleskyFactor({{1, 0.9, 0.9}, {0.9, 1, -0.9}, {0.9, -0.9, 1}}, L));  // not PSD
}
