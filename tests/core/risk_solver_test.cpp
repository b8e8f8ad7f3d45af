#include "core/risk_solver.h"

#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/errors.h"
#include "core/risk_engine.h"
#include "support/markets.h"

using namespace mutualab;

namespace {

MarketDef roughMarket() { return testing::jumpRegimeMarket(); }

// On that market: puts, capped and uncapped calls, partial cover shares, several writers.
RiskBook mixedBook() {
  RiskBook book;
  book.assetNames = {"ETH", "BTC"};
  for (int i = 0; i < 24; ++i) {
    BookPosition p;
    p.asset = i % 2;
    p.kind = i % 3 == 0 ? OptionKind::Call : OptionKind::Put;
    p.spot = p.asset == 0 ? 2000 : 40000;
    p.strike = p.spot * (p.kind == OptionKind::Put ? 0.9 : 1.1);
    p.units = 1000.0 / p.spot * (1 + i % 4);
    p.collateral = 0.1 * p.strike * p.units;
    const double perUnit = p.collateral / p.units;
    p.coverStrike = p.kind == OptionKind::Put ? p.strike - perUnit : p.strike + perUnit;
    p.coverShare = i % 5 == 0 ? 0.8 : 1.0;
    // Calls as the world books them: max loss 1 x notional (units x spot), cap coverShare x (max loss - collateral);
    // one call (i = 9) without a cap, as a hand-written book may have.
    p.maxCover = p.kind == OptionKind::Call && i != 9 ? p.coverShare * (p.units * p.spot - p.collateral) : 0.0;
    p.expiryDays = 3 + i;
    p.volAnnual = p.asset == 0 ? 0.8 : 0.6;
    p.writer = 7 + (i % 3) * 10;
    book.add(p);
  }
  return book;
}

std::vector<double> lossesOf(const RiskEngine& engine) {
  std::vector<double> losses(static_cast<size_t>(engine.def().samples));
  RiskWorkspace ws = engine.workspace();
  for (int b = 0; b < engine.blocks(); ++b) engine.blockLosses(b, ws, losses.data() + engine.blockBegin(b));
  return losses;
}

// Samples with V(H) > layers, on one thread.
long long defaultsOf(const RiskBook& book, const MarketDef& m, const RiskDef& def, double layers) {
  const RiskEngine engine(book, m, def);
  long long k = 0;
  for (double loss : lossesOf(engine))
    if (loss + engine.valueNow() > layers) ++k;
  return k;
}

}  // namespace

TEST_CASE("risk solver: capital and fund are V(0) + VaR(1 - p) of the loss minus the other layer", "[risk]") {
  const MarketDef m = roughMarket();
  const RiskBook book = mixedBook();
  RiskDef def;
  def.horizonDays = 3;
  def.samples = 30000;
  def.seed = 5;
  const double p = 0.01;
  const RiskEngine engine(book, m, def);
  const std::vector<double> losses = lossesOf(engine);
  std::vector<std::uint32_t> masks;
  const LevelRisk var = summarizeLosses(losses, {1.0 - p}, masks).levels[0];
  const double v0 = engine.valueNow();
  const double q = var.valueAtRisk + v0;  // V(H)'s (1 - p)-quantile
  REQUIRE(q > 100);
  // Layers that are parts of it, so neither answer clamps at 0; a huge backstop: not one of the pool's layers.
  const BookCapital capital{0.2 * q, 0.3 * q, 1e9};
  const long long allowed = allowedDefaults(p, def.samples, 0);
  CHECK(allowed == 300);

  const SolveAnswer c = solveLayer(Solver::Capital, losses, v0, capital, p);
  CHECK(c.value == (var.valueAtRisk + v0) - capital.insuranceFund);  // exactly: the same order statistic
  CHECK(c.ciLo == (var.varCiLo + v0) - capital.insuranceFund);
  CHECK(c.ciHi == (var.varCiHi + v0) - capital.insuranceFund);
  CHECK(c.ciLo < c.value);
  CHECK(c.value < c.ciHi);
  CHECK(c.insuranceFund == capital.insuranceFund);
  CHECK(c.poolCapital == c.value);
  // Achieved: at most p; one currency unit less is more than p.
  const double layers = capital.insuranceFund + c.value;
  CHECK(c.defaults == defaultsOf(book, m, def, layers));
  CHECK(c.defaults <= allowed);
  CHECK(c.pd.p <= p);
  CHECK(c.pd.lo < c.pd.p);
  CHECK(c.pd.p < c.pd.hi);
  CHECK(defaultsOf(book, m, def, layers - 1.0) > allowed);

  const SolveAnswer f = solveLayer(Solver::Fund, losses, v0, capital, p);
  CHECK(f.value == (var.valueAtRisk + v0) - capital.poolCapital);
  CHECK(f.value == Approx(c.value + capital.insuranceFund - capital.poolCapital).epsilon(1e-12));
  CHECK(f.poolCapital == capital.poolCapital);
  CHECK(f.defaults <= allowed);
  CHECK(defaultsOf(book, m, def, capital.poolCapital + f.value - 1.0) > allowed);

  // Layers that already hold: 0, and the default probability they give.
  const SolveAnswer none = solveLayer(Solver::Capital, losses, v0, BookCapital{1e7, 0, 0}, p);
  CHECK(none.value == 0);
  CHECK(none.ciLo == 0);
  CHECK(none.defaults == 0);
}

TEST_CASE("risk solver: collateral for one put at expiry matches the lognormal closed form", "[risk]") {
  // A short put of 2 units, the horizon at its expiry: V(H) = 2 (Kc - S_H)^+,
  // Kc = K - r K. The pool defaults when V(H) > R = F + C, i.e. when
  // S_H < Kc - R / units; with ln(S_H / S0) ~ N((mu - sigma^2 / 2) h, sigma^2 h)
  // (the engine's drift: h = H / 365 years), P(default) = p at
  //   r* = 1 - (S0 exp((mu - sigma^2 / 2) h + sigma sqrt(h) Phi^-1(p)) + R / units) / K.
  const double S0 = 2000, K = 1900, sigma = 0.8, mu = 0.1, units = 2, p = 0.01;
  const int H = 10;
  const BookCapital capital{60.0, 140.0, 0.0};
  const double R = capital.insuranceFund + capital.poolCapital, h = H / 365.0;
  const double rStar =
      1.0 - (S0 * std::exp((mu - 0.5 * sigma * sigma) * h + sigma * std::sqrt(h) * normQuantile(p)) + R / units) / K;
  REQUIRE(rStar == Approx(0.1785).margin(0.001));

  RiskBook book;
  book.assetNames = {"ETH"};
  BookPosition put;
  put.strike = K;
  put.units = units;
  put.expiryDays = H;
  put.spot = S0;
  put.volAnnual = sigma;
  put.coverStrike = K;
  book.add(put);
  RiskDef def;
  def.horizonDays = H;
  def.samples = 200000;
  def.seed = 3;
  const MarketDef m = testing::gbmMarket(S0, sigma, mu);
  auto count = [&](double r) { return defaultsOf(bookAtCollateral(book, r), m, def, R); };
  const SolveAnswer a = solveCollateral(count, def.samples, p, capital);
  INFO("r = " << a.value << " [" << a.ciLo << ", " << a.ciHi << "], closed form " << rStar << ", passes " << a.passes);
  REQUIRE(a.feasible);
  CHECK(a.ciLo <= rStar);
  CHECK(rStar <= a.ciHi);
  // The Wilson CI is about +/- 0.0019 here; measured: 0.17767 [0.17578, 0.17950] against 0.17846.
  CHECK(a.value == Approx(rStar).margin(0.002));
  CHECK(a.ciLo < a.value);
  CHECK(a.value < a.ciHi);
  // On the grid of 2^-14: the answer holds the target, one step less does not.
  CHECK(std::fmod(a.value * 16384.0, 1.0) == 0.0);
  CHECK(a.defaults == count(a.value));
  CHECK(a.defaults <= allowedDefaults(p, def.samples, 0));
  CHECK(count(a.value - 1.0 / 16384.0) > allowedDefaults(p, def.samples, 0));
  CHECK(a.pd.p <= p);
  CHECK(a.passes <= kMaxCollateralPasses);
  CHECK(a.passes >= 2 + kCollateralSteps);
}

TEST_CASE("risk solver: the market paths depend on the seed alone, so P(default) falls as collateral rises", "[risk]") {
  const MarketDef m = roughMarket();
  RiskDef def;
  def.horizonDays = 3;
  def.samples = 10000;
  def.seed = 9;
  // Common random numbers: a book and the same book twice see the same paths
  // (the second prices 2 options per sample, so its kernel calls are laid out
  // differently), so every sample's loss doubles.
  RiskBook one;
  one.assetNames = {"ETH", "BTC"};
  const RiskBook mixed = mixedBook();
  one.add(mixed.position(1));
  RiskBook two = one;
  BookPosition copy = mixed.position(1);
  copy.writer = 99;
  two.add(copy);
  const std::vector<double> l1 = lossesOf(RiskEngine(one, m, def)), l2 = lossesOf(RiskEngine(two, m, def));
  int same = 0;
  for (size_t i = 0; i < l1.size(); ++i) same += l2[i] == Approx(2.0 * l1[i]).margin(1e-9) ? 1 : 0;
  CHECK(same == static_cast<int>(l1.size()));

  // P(default) on a grid of ratios: never rises. The layers: half again the
  // pool's value now at r = 0.
  const double layers = 1.5 * RiskEngine(bookAtCollateral(mixed, 0.0), m, def).valueNow();
  long long previous = def.samples + 1;
  std::vector<long long> counts;
  for (int k = 0; k <= 10; ++k) {
    const long long d = defaultsOf(bookAtCollateral(mixed, 0.1 * k), m, def, layers);
    counts.push_back(d);
    CHECK(d <= previous);
    previous = d;
  }
  CHECK(counts.front() > 100);  // at r = 0 the pool owes the whole options
  CHECK(counts[5] < counts[0]);
}

TEST_CASE("risk solver: a book at a collateral ratio keeps each position's max loss", "[risk]") {
  const RiskBook book = mixedBook();
  for (double r : {0.0, 0.3, 1.0}) {
    const RiskBook b = bookAtCollateral(book, r);
    for (int i = 0; i < book.size(); ++i) {
      const size_t k = static_cast<size_t>(i);
      const double maxLoss = positionMaxLoss(book, i);
      INFO("r " << r << " position " << i);
      CHECK(b.collateral[k] == Approx(r * maxLoss));
      if (book.kind[k] == static_cast<std::uint8_t>(OptionKind::Put)) {
        CHECK(maxLoss == book.strike[k] * book.units[k]);
        CHECK(b.coverStrike[k] == Approx(book.strike[k] * (1 - r)).margin(1e-9));
      } else {
        CHECK(b.coverStrike[k] == Approx(book.strike[k] + r * maxLoss / book.units[k]));
        if (book.maxCover[k] > 0 && r < 1) CHECK(positionMaxLoss(b, i) == Approx(maxLoss));
        if (book.maxCover[k] <= 0) CHECK(b.maxCover[k] == 0);  // uncapped stays uncapped
      }
      if (r == 1 && book.maxCover[k] > 0) CHECK(b.coverShare[k] == 0);  // nothing left for the pool to owe
    }
  }
  // The world's calls: max loss 1 x notional at the book's spot.
  CHECK(positionMaxLoss(book, 0) == Approx(book.units[0] * book.spot[0]));
  CHECK(bookCollateralRatio(book) > 0.05);
  CHECK(bookCollateralRatio(bookAtCollateral(book, 0.25)) == Approx(0.25));
}

TEST_CASE("risk solver: collateral reports 0 when none is needed, and says when even r = 1 is not enough", "[risk]") {
  const MarketDef m = roughMarket();
  const RiskBook book = mixedBook();
  RiskDef def;
  def.horizonDays = 3;
  def.samples = 5000;
  const double p = 0.01;
  auto at = [&](double layers) {
    return solveCollateral([&](double r) { return defaultsOf(bookAtCollateral(book, r), m, def, layers); }, def.samples, p,
                           BookCapital{layers, 0, 0});
  };
  const SolveAnswer rich = at(1e9);
  CHECK(rich.feasible);
  CHECK(rich.value == 0);
  CHECK(rich.ciLo == 0);
  CHECK(rich.ciHi == 0);
  CHECK(rich.defaults == 0);
  // No layers and an uncapped at-the-money call: at any collateral the
  // pool still owes a call struck at K + spot, worth more than 0 on almost
  // every path, so no r <= 1 holds.
  RiskBook call;
  call.assetNames = {"ETH", "BTC"};
  BookPosition c;
  c.kind = OptionKind::Call;
  c.spot = c.strike = c.coverStrike = 2000;
  c.units = 1;
  c.expiryDays = 30;
  c.volAnnual = 0.8;
  call.add(c);
  const SolveAnswer bare = solveCollateral(
      [&](double r) { return defaultsOf(bookAtCollateral(call, r), m, def, 0.0); }, def.samples, p, BookCapital{});
  CHECK_FALSE(bare.feasible);
  CHECK(std::isnan(bare.value));
  CHECK(std::isnan(bare.ciLo));
  CHECK(std::isnan(bare.ciHi));
  CHECK(bare.pd.p > 0.9);
  CHECK(bare.defaults == defaultsOf(bookAtCollateral(call, 1.0), m, def, 0.0));
  CHECK(bare.passes == 1);  // r = 1 alone settles it
}

TEST_CASE("risk solver: Wilson counts, names and bad input", "[risk]") {
  const ProportionCi w = wilsonCi95(0, 10);
  CHECK(w.lo == 0);
  CHECK(w.hi == Approx(0.2775).margin(1e-4));
  const ProportionCi v = wilsonCi95(100, 10000);
  CHECK(v.p == 0.01);
  CHECK(v.lo == Approx(0.008229).margin(1e-5));
  CHECK(v.hi == Approx(0.012147).margin(1e-5));
  // The largest counts whose estimate, lower and upper bound are <= 1 % of 10000.
  CHECK(allowedDefaults(0.01, 10000, 0) == 100);
  const long long lo = allowedDefaults(0.01, 10000, -1), hi = allowedDefaults(0.01, 10000, +1);
  CHECK(wilsonCi95(lo, 10000).lo <= 0.01);
  CHECK(wilsonCi95(lo + 1, 10000).lo > 0.01);
  CHECK(wilsonCi95(hi, 10000).hi <= 0.01);
  CHECK(wilsonCi95(hi + 1, 10000).hi > 0.01);
  CHECK(lo > 100);
  CHECK(hi < 100);
  CHECK(allowedDefaults(0.01, 100, +1) == -1);  // 0 of 100 still allows 3.7 %

  CHECK(parseSolvers({"collateral", "capital"}) == std::vector<Solver>{Solver::Collateral, Solver::Capital});
  auto refusal = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(refusal([] { parseSolvers({"capital", "margin"}); }) ==
        "--solve: unknown solver 'margin': expected capital, fund or collateral, comma-separated");
  // A repeat is refused (as a repeated --levels is), not folded into one row.
  CHECK(refusal([] { parseSolvers({"collateral", "capital", "collateral"}); }) ==
        "--solve: solver 'collateral' is given twice; give each once");
  const std::vector<Solver> all = {Solver::Capital, Solver::Fund, Solver::Collateral};
  CHECK(refusal([&] { validateSolve(all, 0.0, 100000, 1, "x"); }) ==
        "--target-pd: expected a default probability in (0, 1) such as 0.01, got 0");
  CHECK(refusal([&] { validateSolve({}, 1.0, 100000, 1, "x"); }) ==
        "--target-pd: expected a default probability in (0, 1) such as 0.01, got 1");
  CHECK(refusal([&] { validateSolve(all, 0.001, 9999, 1, "x"); }) ==
        "--samples: must be >= 10000 for --target-pd 0.001 (10 expected defaults at the target), got 9999");
  CHECK(refusal([&] { validateSolve(all, 0.001, 10000, 1, "x"); }).empty());
  // Work: 45 passes (the run's and the solver's 44) of 1e6 samples x 1000 options.
  CHECK(refusal([&] { validateSolve(all, 0.01, 1000000, 1000, "use a smaller book"); }) ==
        "--samples: passes x samples x options = 45 x 1e+06 x 1e+03 = 4.5e+10 repricings (about 10 minutes on one core at "
        "75 M/s), more than the 3e+10 (about 6.7 minutes) one run may take; lower --samples or use a smaller book (the "
        "collateral solver reprices the whole sample up to 44 times: r = 0, r = 1 and three bisections of 14 steps to "
        "1e-4, besides the run's own pass)");
  CHECK(refusal([&] { validateSolve({Solver::Capital}, 0.01, 1000000, 1000, "x"); }).empty());
}
