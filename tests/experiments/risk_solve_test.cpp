#include "experiments/risk_solve.h"

#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/book.h"
#include "experiments/risk_run.h"

using namespace mutualab;

TEST_CASE("risk solve: answers and files do not depend on the thread count", "[risk]") {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.05, 0.8, 6.0, -0.15, 0.1}, AssetDef{"BTC", 40000, 0.0, 0.6, 2.0, -0.1, 0.1}};
  m.correlation = {{1.0, 0.5}, {0.5, 1.0}};
  m.regime.enabled = true;
  const RiskBook book = syntheticBook(200, {"ETH", "BTC"}, {2000, 40000}, {0.8, 0.6});
  RiskDef def;
  def.horizonDays = 2;
  def.samples = 2 * kRiskBlockSamples + 777;  // a partial last block
  def.levels = {0.99};
  const double p = 0.02;
  const std::vector<Solver> all = {Solver::Capital, Solver::Fund, Solver::Collateral};
  validateRiskDef(def, book);
  validateSolve(all, p, def.samples, riskRepricings(def, book) / static_cast<double>(def.samples), "x");
  const RiskEngine engine(book, m, def);
  RiskRunOptions ro;
  const RiskReport run = runRisk(engine, {}, BookCapital{}, ro);
  // Layers of a third of V(H)'s 98 % quantile each: the book's own 20 % collateral is not enough.
  std::vector<std::uint32_t> masks;
  const double q = summarizeLosses(run.losses, {1 - p}, masks).levels[0].valueAtRisk + engine.valueNow();
  const BookCapital cap{q / 3, q / 3, 0};

  SolveOptions one, three;
  one.threads = 1;
  three.threads = 3;
  int ticks = 0;
  three.progress = [&](int, double, int, int) { ++ticks; };
  const SolveReport a = runSolvers(all, p, book, m, def, cap, run.losses, engine.valueNow(), one);
  const SolveReport b = runSolvers(all, p, book, m, def, cap, run.losses, engine.valueNow(), three);
  REQUIRE(a.answers.size() == 3);
  const auto fa = solveFiles({a}, {{"seed", 1}});
  const auto fb = solveFiles({b}, {{"seed", 1}});
  CHECK(fa == fb);
  const SolveAnswer& coll = a.answers[2];
  CHECK(ticks == coll.passes * engine.blocks());
  CHECK(a.bookCollateralRatio == Approx(0.2).margin(0.02));  // 20 % of the strike: puts exactly, calls a little more

  // Capital and fund hold q between them.
  CHECK(a.answers[0].value == Approx(q - cap.insuranceFund).epsilon(1e-12));
  CHECK(a.answers[1].value == Approx(q - cap.poolCapital).epsilon(1e-12));
  // The collateral the layers need: above the book's 20 %, holds the target, and is where the engine says.
  REQUIRE(coll.feasible);
  CHECK(coll.value > 0.2);
  CHECK(coll.value < 1);
  CHECK(coll.ciLo <= coll.value);
  CHECK(coll.value <= coll.ciHi);
  CHECK(coll.pd.p <= p);
  const double layers = cap.insuranceFund + cap.poolCapital;
  CHECK(countDefaults(RiskEngine(bookAtCollateral(book, coll.value), m, def), layers, 2) == coll.defaults);
  CHECK(countDefaults(RiskEngine(bookAtCollateral(book, coll.value - 1.0 / 16384), m, def), layers, 2) >
        allowedDefaults(p, def.samples, 0));

  const nlohmann::json j = nlohmann::json::parse(fa[0].second);
  CHECK(fa[0].first == "solve.json");
  CHECK(j["target_pd"] == p);
  CHECK(j["answers"][2]["solver"] == "collateral");
  CHECK(j["answers"][2]["value"] == coll.value);
  CHECK(j["answers"][2]["achieved_pd"] == coll.pd.p);
  CHECK(j["answers"][0]["unit"] == "currency");
  CHECK(j["answers"][0]["pool"] == "all");
  CHECK(j["book_collateral_ratio"] == a.bookCollateralRatio);
  CHECK(j["pools"][0]["insurance_fund"] == cap.insuranceFund);
  CHECK(fa[1].first == "solve.csv");
  CHECK(fa[1].second.rfind("pool,pool_index,solver,unit,value,ci95_lo,ci95_hi,feasible,target_pd,achieved_pd,", 0) == 0);
  CHECK(fa[1].second.find("\n\"all\",-1,capital,currency,") != std::string::npos);
}
