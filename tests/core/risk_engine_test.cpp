#include "core/risk_engine.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/book.h"
#include "core/errors.h"
#include "support/books.h"
#include "support/markets.h"

using namespace mutualab;

namespace {

using testing::shortPut;  // no collateral: the pool owes the whole put

// Two short puts on ETH at S0: strike `near` expiring on day 2 (writer 0),
// strike `far` on day 30 (writer 1).
RiskBook twoPuts(double S0, double near, double far, double sigma) {
  RiskBook book;
  book.assetNames = {"ETH"};
  book.add(shortPut(S0, near, 2, sigma));
  BookPosition longer = shortPut(S0, far, 30, sigma);
  longer.writer = 1;
  book.add(longer);
  return book;
}

struct Run {
  RiskSummary summary;
  WriterComponents components;
  std::vector<double> losses;
};

Run runAll(const RiskBook& book, const MarketDef& m, const RiskDef& def) {
  validateRiskDef(def, book);
  const RiskEngine engine(book, m, def);
  Run r;
  r.losses.assign(static_cast<size_t>(def.samples), 0.0);
  RiskWorkspace ws = engine.workspace();
  for (int b = 0; b < engine.blocks(); ++b) engine.blockLosses(b, ws, r.losses.data() + engine.blockBegin(b));
  std::vector<std::uint32_t> masks;
  r.summary = summarizeLosses(r.losses, def.levels, masks);
  const int sets = 2 * static_cast<int>(def.levels.size());
  std::vector<double> sums(static_cast<size_t>(sets * engine.writerCount()), 0.0);
  for (int b = 0; b < engine.blocks(); ++b)
    engine.blockWriterLosses(b, ws, masks.data() + engine.blockBegin(b), sets, sums.data());
  r.components = eulerComponents(r.summary, sums, engine.writerCount());
  return r;
}

// The short put's loss as a function of the standard normal z driving S_H.
struct PutLoss {
  double S0, K, sigma, T, h;  // years
  double v0() const { return bsPrice(OptionKind::Put, S0, K, 0, sigma, T); }
  double operator()(double z) const {
    const double SH = S0 * std::exp(-0.5 * sigma * sigma * h + sigma * std::sqrt(h) * z);
    return bsPrice(OptionKind::Put, SH, K, 0, sigma, T - h) - v0();
  }
};

}  // namespace

TEST_CASE("risk: VaR and ES of one short put match the closed form under lognormal moves", "[risk]") {
  const double S0 = 2000, K = 1900, sigma = 0.8, days = 30, H = 5;
  RiskBook book;
  book.assetNames = {"ETH"};
  book.add(shortPut(S0, K, days, sigma));
  RiskDef def;
  def.horizonDays = static_cast<int>(H);
  def.levels = {0.99, 0.975};
  def.samples = 400000;
  def.seed = 11;
  const Run r = runAll(book, testing::gbmMarket(S0, sigma), def);

  // The loss falls as S_H rises, so VaR_q is the loss at the (1 - q) quantile
  // of z, and ES_q the mean loss over z below it (Simpson over [-9, z_q]).
  const PutLoss loss{S0, K, sigma, days / 365.0, H / 365.0};
  for (size_t i = 0; i < def.levels.size(); ++i) {
    const double q = def.levels[i];
    const double zq = normQuantile(1.0 - q);
    const double exactVar = loss(zq);
    const int N = 4000;
    const double a = -9.0, hstep = (zq - a) / N;
    double integral = 0;
    for (int k = 0; k <= N; ++k) {
      const double z = a + k * hstep;
      const double w = (k == 0 || k == N) ? 1 : (k % 2 ? 4 : 2);
      integral += w * loss(z) * normPdf(z);
    }
    const double exactEs = integral * hstep / 3.0 / (1.0 - q);
    const LevelRisk& l = r.summary.levels[i];
    INFO("level " << q << ": VaR " << l.valueAtRisk << " vs " << exactVar << ", ES " << l.expectedShortfall << " vs " << exactEs);
    // Within 0.6 % (400 000 samples) and inside (a slightly widened) 95 % CI.
    CHECK(l.valueAtRisk == Approx(exactVar).epsilon(0.006));
    CHECK(l.expectedShortfall == Approx(exactEs).epsilon(0.006));
    const double varSlack = 0.25 * (l.varCiHi - l.varCiLo);
    CHECK(exactVar >= l.varCiLo - varSlack);
    CHECK(exactVar <= l.varCiHi + varSlack);
    CHECK(std::abs(exactEs - l.expectedShortfall) <= 3.0 * l.esStdErr);
    CHECK(l.varCiLo < l.valueAtRisk);
    CHECK(l.valueAtRisk < l.varCiHi);
    CHECK(l.expectedShortfall > l.valueAtRisk);
  }
  // With no drift and no rate, the put's Black-Scholes value is a martingale:
  // the expected loss is 0 exactly, so the sample mean is within its error.
  CHECK(r.summary.meanLossStdErr > 0);
  CHECK(std::abs(r.summary.meanLoss) < 4 * r.summary.meanLossStdErr);
}

TEST_CASE("risk: a position expiring before the horizon is worth its payoff at expiry", "[risk]") {
  // A put expiring on day 2 of a 10-day horizon: its loss is (K - S_2)^+ - P0,
  // so the loss can never exceed K - P0 and equals -P0 when S_2 >= K.
  const double S0 = 100, K = 100, sigma = 0.5;
  const RiskBook book = twoPuts(S0, K, 80, sigma);
  RiskDef def;
  def.horizonDays = 10;
  def.samples = 20000;
  def.levels = {0.99};
  const RiskEngine engine(book, testing::gbmMarket(S0, sigma), def);
  const double p0 = bsPrice(OptionKind::Put, S0, K, 0, sigma, 2 / 365.0);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> obligations;
  // Stressed to -30 %: the expired put pays 30, the 30-day put is priced with 20 days left.
  const double loss = engine.stressed(StressScenario::uniform("", 1, -0.3, 1.0), ws, obligations);
  const double p0b = bsPrice(OptionKind::Put, S0, 80, 0, sigma, 30 / 365.0);
  CHECK(obligations[0] == Approx(30.0));
  CHECK(obligations[1] == Approx(bsPrice(OptionKind::Put, 70, 80, 0, sigma, 20 / 365.0)));
  CHECK(loss == Approx(30.0 - p0 + obligations[1] - p0b));
}

TEST_CASE("risk: a stress prices each position at its volatility times the multiplier plus the shift", "[risk]") {
  // The book of the test above, stressed to -30 % with volatility x1.5 +20
  // points: the 30-day put is priced with 20 days left at 0.5 x 1.5 + 0.2 =
  // 0.95; the put that expired on day 2 pays 30 whatever the volatility.
  const double S0 = 100, sigma = 0.5;
  const RiskBook book = twoPuts(S0, 100, 80, sigma);
  RiskDef def;
  def.horizonDays = 10;
  def.samples = 100;
  const RiskEngine engine(book, testing::gbmMarket(S0, sigma), def);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> obligations;
  const double loss = engine.stressed(StressScenario::uniform("", 1, -0.3, 1.5, 0.2), ws, obligations);
  CHECK(obligations[0] == Approx(30.0));
  CHECK(obligations[1] == Approx(bsPrice(OptionKind::Put, 70, 80, 0, 0.95, 20 / 365.0)).epsilon(1e-12));
  CHECK(loss == Approx(30.0 - bsPrice(OptionKind::Put, S0, 100, 0, sigma, 2 / 365.0) + obligations[1] -
                       bsPrice(OptionKind::Put, S0, 80, 0, sigma, 30 / 365.0)));
  // A shift alone, and one that takes the volatility to exactly zero: the
  // put is then worth its discounted intrinsic value, 80 - 70.
  engine.stressed(StressScenario::uniform("", 1, -0.3, 1.0, 0.3), ws, obligations);
  CHECK(obligations[1] == Approx(bsPrice(OptionKind::Put, 70, 80, 0, 0.8, 20 / 365.0)).epsilon(1e-12));
  engine.stressed(StressScenario::uniform("", 1, -0.3, 1.0, -0.5), ws, obligations);
  CHECK(obligations[1] == Approx(10.0).epsilon(1e-12));
}

TEST_CASE("risk: each sample's loss is its path's repricing, an option expiring before H at its expiry day's price", "[risk]") {
  // Against the sample's path as blockPaths gives it (every day's price):
  // a put expiring on day 2 of a 10-day horizon is worth (K - S_2)^+, one
  // expiring on day 30 is priced with 20 days left at S_10. The engine
  // writes a path's prices only on the days some option reads, and prices
  // through its fixed-option path; this checks both against bsPrice.
  const double S0 = 100, sigma = 0.5;
  const RiskBook book = twoPuts(S0, 100, 90, sigma);
  RiskDef def;
  def.horizonDays = 10;
  def.samples = 500;
  const RiskEngine engine(book, testing::gbmMarket(S0, sigma), def);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> losses(static_cast<size_t>(def.samples));
  engine.blockLosses(0, ws, losses.data());
  const std::vector<int> picked = {0, 1, 17, 250, 499};
  const size_t G = 11;  // days 0..10, one asset
  std::vector<double> growth(picked.size() * G), ewma(picked.size() * G);
  engine.blockPaths(0, ws, picked, growth.data(), ewma.data());
  CHECK(ewma == std::vector<double>(picked.size() * G, 0.0));  // a fixed pricing volatility: no estimator
  const double p0 = bsPrice(OptionKind::Put, S0, 100, 0, sigma, 2 / 365.0);
  const double p0b = bsPrice(OptionKind::Put, S0, 90, 0, sigma, 30 / 365.0);
  for (size_t j = 0; j < picked.size(); ++j) {
    const double s2 = S0 * growth[j * G + 2], s10 = S0 * growth[j * G + 10];
    const double want = (std::max(100 - s2, 0.0) - p0) + (bsPrice(OptionKind::Put, s10, 90, 0, sigma, 20 / 365.0) - p0b);
    INFO("sample " << picked[j] << ": S_2 " << s2 << ", S_10 " << s10);
    CHECK(losses[static_cast<size_t>(picked[j])] == Approx(want).epsilon(1e-12).margin(1e-12));
  }
}

TEST_CASE("risk: an expiry between two days is read on the day before, with the fraction left, and the mean loss is 0",
          "[risk]") {
  // A put expiring in 2.5 days on a 3-day horizon: the paths are daily, so
  // it is valued on day 2 with half a day left, not paid on day 3's price
  // (half a day more of variance than V(0) was priced with: before
  // 2026-12-04 its mean loss was 5.8, 24 standard errors above 0).
  const double S0 = 2000, K = 1900, sigma = 0.8;
  RiskBook book;
  book.assetNames = {"ETH"};
  BookPosition p = shortPut(S0, K, 2.5, sigma);
  p.units = 2;
  book.add(p);
  RiskDef def;
  def.horizonDays = 3;
  def.samples = 100000;
  def.levels = {0.99};
  const Run r = runAll(book, testing::gbmMarket(S0, sigma), def);
  INFO("mean loss " << r.summary.meanLoss << " +/- " << r.summary.meanLossStdErr);
  CHECK(std::abs(r.summary.meanLoss) < 4 * r.summary.meanLossStdErr);
  // Sample by sample: 2 x the put on day 2's price with half a day left, less V(0).
  const RiskEngine engine(book, testing::gbmMarket(S0, sigma), def);
  RiskWorkspace ws = engine.workspace();
  const std::vector<int> picked = {0, 3, 999};
  const size_t G = 4;  // days 0..3, one asset
  std::vector<double> growth(picked.size() * G), ewma(picked.size() * G);
  engine.blockPaths(0, ws, picked, growth.data(), ewma.data());
  const double v0 = 2 * bsPrice(OptionKind::Put, S0, K, 0, sigma, 2.5 / 365.0);
  for (size_t j = 0; j < picked.size(); ++j) {
    const double want = 2 * bsPrice(OptionKind::Put, S0 * growth[j * G + 2], K, 0, sigma, 0.5 / 365.0) - v0;
    CHECK(r.losses[static_cast<size_t>(picked[j])] == Approx(want).epsilon(1e-12).margin(1e-9));
  }
  CHECK(observationDay(2.5, 3) == 2);
  CHECK(lifeAtObservation(2.5, 3, 365) == Approx(0.5 / 365));
  CHECK(observationDay(2.0, 3) == 2);
  CHECK(lifeAtObservation(2.0, 3, 365) == 0);  // a whole day: its payoff on that day
  CHECK(observationDay(7.25, 3) == 3);
  CHECK(lifeAtObservation(7.25, 3, 365) == Approx(4.25 / 365));
}

TEST_CASE("risk: a sample's loss is the sum of its writers' losses, for a book priced in pieces and a small one", "[risk]") {
  // 700 positions: one sample per kernel call, 512 options at a time; 20:
  // several samples per call. Either way every option of every sample must
  // be priced once, which the writers' own sums (blockWriterLosses, all the
  // book at once) check sample by sample.
  const MarketDef m = testing::jumpRegimeMarket();
  for (const int positions : {700, 20}) {
    const RiskBook book = syntheticBook(positions, {"ETH", "BTC"}, {2000, 40000}, {0.8, 0.6});
    RiskDef def;
    def.horizonDays = 3;
    def.samples = 300;
    const RiskEngine engine(book, m, def);
    RiskWorkspace ws = engine.workspace();
    std::vector<double> losses(static_cast<size_t>(def.samples));
    engine.blockLosses(0, ws, losses.data());
    const size_t W = static_cast<size_t>(engine.writerCount());
    for (const int i : {0, 1, 2, 151, 299}) {
      std::vector<std::uint32_t> mask(static_cast<size_t>(def.samples), 0u);
      mask[static_cast<size_t>(i)] = 1u;
      std::vector<double> sums(W, 0.0);
      engine.blockWriterLosses(0, ws, mask.data(), 1, sums.data());
      double total = 0, scale = 0;
      for (double x : sums) total += x, scale += std::abs(x);
      INFO(positions << " positions (" << engine.legs() << " options), sample " << i);
      CHECK(losses[static_cast<size_t>(i)] == Approx(total).margin(1e-12 * scale));
    }
  }
}

TEST_CASE("risk: Euler contributions per writer sum to VaR and ES", "[risk]") {
  // Two correlated assets with jumps and regimes, three writers, calls with caps.
  const MarketDef m = testing::jumpRegimeMarket();
  RiskBook book;
  book.assetNames = {"ETH", "BTC"};
  for (int i = 0; i < 30; ++i) {
    BookPosition p;
    p.asset = i % 2;
    p.kind = i % 3 == 0 ? OptionKind::Call : OptionKind::Put;
    p.spot = p.asset == 0 ? 2000 : 40000;
    p.strike = p.spot * (p.kind == OptionKind::Put ? 0.9 : 1.1);
    p.units = 1000.0 / p.spot * (1 + i % 4);
    p.collateral = 0.1 * p.strike * p.units;
    p.coverStrike = p.kind == OptionKind::Put ? p.strike * 0.9 : p.strike * 1.1;
    p.coverShare = i % 5 == 0 ? 0.8 : 1.0;
    p.maxCover = p.kind == OptionKind::Call ? 300.0 : 0.0;
    p.expiryDays = 3 + i;
    p.volAnnual = p.asset == 0 ? 0.8 : 0.6;
    p.writer = 7 + (i % 3) * 10;
    book.add(p);
  }
  RiskDef def;
  def.horizonDays = 3;
  def.samples = 30000;
  def.levels = {0.99, 0.95};
  const Run r = runAll(book, m, def);
  REQUIRE(r.components.es.size() == 2);
  for (size_t li = 0; li < def.levels.size(); ++li) {
    double sumVar = 0, sumEs = 0;
    for (double x : r.components.var[li]) sumVar += x;
    for (double x : r.components.es[li]) sumEs += x;
    const LevelRisk& l = r.summary.levels[li];
    CHECK(l.valueAtRisk > 0);
    CHECK(sumEs == Approx(l.expectedShortfall).epsilon(1e-9));
    CHECK(sumVar == Approx(l.valueAtRisk).epsilon(1e-9));
    // Writers 17 and 27 are short puts on a market that can crash: each adds
    // to the tail. Writer 7 holds the calls, whose cover loses value in a
    // crash and gains in a rally: its sign depends on which the tail holds
    // (-62 at 99 % here, +27 at 95 %).
    REQUIRE(r.components.es[li].size() == 3);
    CHECK(r.components.es[li][1] > 0);
    CHECK(r.components.es[li][2] > 0);
    CHECK(r.components.es[li][0] < r.components.es[li][1]);
  }
}

TEST_CASE("risk: bad definitions are refused naming the option", "[risk]") {
  RiskBook book;
  book.assetNames = {"ETH"};
  book.add(shortPut(100, 100, 10, 0.5));
  auto refusal = [&](const RiskDef& d) -> std::string {
    try {
      validateRiskDef(d, book);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  RiskDef d;
  d.levels = {0.99, 1.0};
  CHECK(refusal(d) == "--levels: level 2: expected a confidence level in (0, 1) such as 0.99, got 1");
  d.levels = {0.0};
  CHECK(refusal(d) == "--levels: level 1: expected a confidence level in (0, 1) such as 0.99, got 0");
  // Under 1 / --samples a level leaves no sample outside its tail (1e-13 put
  // all of them in it, and the summary asserted, until 2026-12-05).
  d.samples = 2000;
  d.levels = {0.99, 1e-13};
  CHECK(refusal(d) == "--levels: level 2 (1e-13) is below 1 / --samples (0.0005): fewer than one of the 2000 samples "
                      "lies outside its tail, so its VaR is no quantile; confidence levels are usually 0.95 to 0.999");
  d.levels = {0.99, 0.0004};
  CHECK_THAT(refusal(d), Catch::StartsWith("--levels: level 2 (0.0004) is below 1 / --samples"));
  d.levels = {0.99, 0.0005};
  CHECK(refusal(d).empty());
  d.samples = RiskDef{}.samples;
  d.levels = {0.99};
  d.horizonDays = 11;
  CHECK(refusal(d) == "--horizon-days: expected a horizon at most the last expiry in the book (10 days), got 11: every "
                      "position would have expired");
  d.horizonDays = 1;
  d.samples = 500;
  CHECK(refusal(d) == "--samples: must be >= 1000 (10 samples in the tail of level 0.99), got 500");
  // Counted as the engine counts its tail: 1 - 0.9999 is a hair below 1e-4
  // in binary, and 100000 samples still hold 10 beyond it.
  d.levels = {0.9999};
  d.samples = 99999;
  CHECK(refusal(d) == "--samples: must be >= 100000 (10 samples in the tail of level 0.9999), got 99999");
  d.samples = 100000;
  CHECK(refusal(d).empty());
  // Below the engine's floor, the floor is the reason given.
  d.levels = {0.8};
  d.samples = 50;
  CHECK(refusal(d) == "--samples: must be >= 100 (the fewest the engine takes; level 0.8 alone would need 50), got 50");
  d.levels = {0.99};
  d.samples = 100000000;
  // One position: 1e8 repricings is within the work cap, but not the memory one.
  CHECK(refusal(d) == "--samples: at most 20000000 (memory: 16 bytes a sample), got 100000000");
  for (int i = 0; i < 2999; ++i) book.add(shortPut(100, 100, 10, 0.5));
  CHECK(refusal(d) == "--samples: samples x options = 1e+08 x 3e+03 = 3e+11 repricings (about 1.1 hours on one core at 75 M/s), "
                      "more than the 3e+10 (about 6.7 minutes) one run may take; lower --samples or use a smaller book");
  d.samples = 100000;
  CHECK(refusal(d).empty());
}

TEST_CASE("risk: summarizeLosses reads the ranks a full sort gives, ties broken by sample index", "[risk]") {
  // Losses on a coarse grid, so many tie; levels whose tails, CIs and VaR
  // windows start at different ranks (the summary sorts only from the
  // lowest of them up).
  std::vector<double> losses(20000);
  std::uint64_t s = 0x9E3779B97F4A7C15ULL;
  for (double& x : losses) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    x = static_cast<double>(static_cast<int>(s % 400) - 150);
  }
  const std::vector<double> levels{0.99, 0.9, 0.5};
  std::vector<std::uint32_t> masks;
  const RiskSummary got = summarizeLosses(losses, levels, masks);

  const long long n = static_cast<long long>(losses.size());
  std::vector<std::uint32_t> order(losses.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return losses[a] < losses[b] || (losses[a] == losses[b] && a < b); });
  auto at = [&](long long r) { return losses[order[static_cast<size_t>(std::clamp(r, 0LL, n - 1))]]; };
  CHECK(got.minLoss == -150.0);
  CHECK(got.maxLoss == 249.0);
  std::vector<std::uint32_t> want(losses.size(), 0u);
  REQUIRE(got.levels.size() == levels.size());
  for (size_t li = 0; li < levels.size(); ++li) {
    const LevelRisk& r = got.levels[li];
    CHECK(r.valueAtRisk == at(r.varRank));
    const double nq = static_cast<double>(n) * r.level, half = 1.96 * std::sqrt(nq * (1.0 - r.level));
    CHECK(r.varCiLo == at(static_cast<long long>(std::floor(nq - half)) - 1));
    CHECK(r.varCiHi == at(static_cast<long long>(std::ceil(nq + half)) - 1));
    double tail = 0;
    for (long long k = r.varRank + 1; k < n; ++k) tail += at(k);
    CHECK(r.expectedShortfall == tail / r.tailSamples);
    for (long long k = r.varRank + 1; k < n; ++k) want[order[static_cast<size_t>(k)]] |= 1u << (2 * li);
    for (long long k = r.varRank - r.varWindow; k <= r.varRank + r.varWindow; ++k)
      want[order[static_cast<size_t>(k)]] |= 1u << (2 * li + 1);
  }
  // The tail at 0.99: floor(0.01 x 20000) samples.
  CHECK(got.levels[0].tailSamples == 200);
  CHECK(masks == want);
}

TEST_CASE("risk: a book taken in the stress regime starts its horizon there", "[risk]") {
  const double S0 = 2000, K = 1900, sigma = 0.4, days = 30, H = 5, mul = 2.5;
  RiskBook calmBook;
  calmBook.assetNames = {"ETH"};
  calmBook.add(shortPut(S0, K, days, sigma));
  RiskBook stressBook = calmBook;
  stressBook.stressed = true;
  RiskDef def;
  def.horizonDays = static_cast<int>(H);
  def.levels = {0.99};
  def.samples = 200000;
  def.seed = 3;
  MarketDef m = testing::gbmMarket(S0, sigma);
  // A market with no regimes has one: the book's flag changes no bit.
  CHECK(runAll(calmBook, m, def).losses == runAll(stressBook, m, def).losses);

  // An absorbing chain (never entered from calm, never left): a calm book's
  // horizon is calm throughout, a stressed book's in stress throughout, its
  // path at 2.5 sigma. With the pool's pricing volatility fixed, both
  // reprice at the book's own (the pool marks at it whatever the regime;
  // the estimator's case is the next test's). V(0) is at the book's pricing
  // volatility either way.
  m.regime.enabled = true;
  m.regime.pCalmToStress = 0;
  m.regime.pStressToCalm = 0;
  m.regime.stressVolMultiplier = mul;
  m.regime.stressJumpMultiplier = 1;
  const double v0 = bsPrice(OptionKind::Put, S0, K, 0, sigma, days / 365.0);
  const double zq = normQuantile(0.01);
  for (const bool stressed : {false, true}) {
    const double h = H / 365.0, vol = stressed ? mul * sigma : sigma;
    const double SH = S0 * std::exp(-0.5 * vol * vol * h + vol * std::sqrt(h) * zq);
    const double exactVar = bsPrice(OptionKind::Put, SH, K, 0, sigma, days / 365.0 - h) - v0;
    const LevelRisk l = runAll(stressed ? stressBook : calmBook, m, def).summary.levels[0];
    INFO("path vol " << vol << ": VaR " << l.valueAtRisk << " vs " << exactVar);
    CHECK(l.valueAtRisk == Approx(exactVar).epsilon(0.01));
    const double slack = 0.25 * (l.varCiHi - l.varCiLo);
    CHECK(exactVar >= l.varCiLo - slack);
    CHECK(exactVar <= l.varCiHi + slack);
  }
}

TEST_CASE("risk: positions are repriced at the pool's EWMA estimate carried along each path", "[risk][ewma]") {
  // The pool marks at an EWMA of the returns it sees (market pricingVol
  // "ewma"): on a path, its variance on day d is lambda^d sigma0^2 plus the
  // path's own increments, (1 - lambda) r^2 / dt a day.
  const double S0 = 2000, K = 1900, sigma0 = 0.8, days = 30, lambda = 0.94;
  RiskBook book;
  book.assetNames = {"ETH"};
  book.add(shortPut(S0, K, days, sigma0));
  RiskDef def;
  def.horizonDays = 10;
  def.levels = {0.99};
  def.samples = 4096;
  MarketDef m = testing::gbmMarket(S0, 0.001);  // a nearly still market: the estimate decays toward it
  m.pricingVol = "ewma";
  m.ewmaLambda = lambda;
  {
    // Every sample: the put repriced at sigma0 lambda^5 (lambda^10 of the
    // variance) with 20 days left, on a spot within 0.05 % of S0.
    const double v0 = bsPrice(OptionKind::Put, S0, K, 0, sigma0, days / 365.0);
    const double want = bsPrice(OptionKind::Put, S0, K, 0, sigma0 * std::pow(lambda, 5), 20 / 365.0) - v0;
    const Run r = runAll(book, m, def);
    CHECK(want < -20);  // the estimate falls: the pool's mark with it
    CHECK(r.summary.meanLoss == Approx(want).epsilon(0.002));
    CHECK(r.summary.levels[0].valueAtRisk == Approx(want).epsilon(0.01));
  }
  // The increments, as the engine keeps them, are the path's own returns'.
  m = testing::gbmMarket(S0, 0.7);
  m.pricingVol = "ewma";
  m.ewmaLambda = lambda;
  m.regime.enabled = true;  // in stress from day 1 on, and never out: the path at 2.5 x 0.7
  m.regime.pCalmToStress = 1;
  m.regime.pStressToCalm = 0;
  m.regime.stressJumpMultiplier = 1;
  const RiskEngine engine(book, m, def);
  CHECK(engine.ewmaRemark());
  RiskWorkspace ws = engine.workspace();
  std::vector<int> picked(2000);
  std::iota(picked.begin(), picked.end(), 0);
  const size_t G = 11;
  std::vector<double> growth(picked.size() * G), ewma(picked.size() * G);
  engine.blockPaths(0, ws, picked, growth.data(), ewma.data());
  double meanAtH = 0;
  for (size_t j = 0; j < picked.size(); ++j) {
    double e = 0;
    for (size_t d = 1; d < G; ++d) {
      const double r = std::log(growth[j * G + d] / growth[j * G + d - 1]);
      e = lambda * e + (1 - lambda) * (r * r * 365);
      CHECK(ewma[j * G + d] == Approx(e).epsilon(1e-9));
    }
    meanAtH += ewma[j * G + 10] / static_cast<double>(picked.size());
  }
  // Its mean after 10 days of stress: (1 - lambda^10) x (2.5 x 0.7)^2, up to the drift's square.
  CHECK(meanAtH == Approx((1 - std::pow(lambda, 10)) * 1.75 * 1.75).epsilon(0.05));
  // Sample by sample, the loss is the put repriced at that estimate.
  std::vector<double> losses(static_cast<size_t>(engine.blockSize(0)));
  engine.blockLosses(0, ws, losses.data());
  const double v0 = bsPrice(OptionKind::Put, S0, K, 0, sigma0, days / 365.0);
  for (size_t j : {0, 7, 1999}) {
    const double vol = std::sqrt(std::pow(lambda, 10) * sigma0 * sigma0 + ewma[j * G + 10]);
    CHECK(losses[j] == Approx(bsPrice(OptionKind::Put, S0 * growth[j * G + 10], K, 0, vol, 20 / 365.0) - v0).epsilon(1e-12));
  }
}
