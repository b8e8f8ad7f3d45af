// Markets from data: a CSV price path read into the scenario, sampled onto
// steps, the pool's EWMA volatility estimated from it, the same prices in
// every replication and seed, and every bad file refused with its line and
// column. The tests write their own small files.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "agents/registry.h"
#include "core/market.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/fnv1a.h"
#include "experiments/load_scenario.h"
#include "experiments/price_path_csv.h"
#include "support/files.h"
#include "support/input_error.h"

namespace fs = std::filesystem;
using namespace mutualab;
using Catch::Matchers::WithinRel;

namespace {

const std::string kFileField = "/market/pricePath/file";

std::string writeText(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

// A small world: few agents, `steps` daily steps.
LoadedScenario smallScenario(const std::string& csvPath, int steps, std::vector<std::string> extra = {}) {
  std::vector<std::string> set = {"sim/steps=" + std::to_string(steps), "writers/count=20", "lps/count=5",
                                  "market/pricePath/file=" + csvPath};
  set.insert(set.end(), extra.begin(), extra.end());
  return loadScenario("preset:akerlof-flat-fee", set);
}

ScenarioDef twoAssets(int steps) {
  ScenarioDef s;
  s.sim.steps = steps;
  s.market.assets = {AssetDef{}, AssetDef{}};
  s.market.assets[0].name = "ETH";
  s.market.assets[1].name = "BTC";
  return s;
}

std::vector<double> pricesOf(const World& w, int a) {
  std::vector<double> out;
  for (int t = 0; t <= w.steps(); ++t) out.push_back(w.market().price(a, t));
  return out;
}

}  // namespace

TEST_CASE("fnv1a64Hex gives the published FNV-1a 64 values", "[price-path]") {
  CHECK(fnv1a64Hex("") == "cbf29ce484222325");
  CHECK(fnv1a64Hex("a") == "af63dc4c8601ec8c");
  CHECK(fnv1a64Hex("foobar") == "85944171f73967e8");
}

TEST_CASE("the price at step t is the last observation at or before day t x stepDays", "[price-path]") {
  const fs::path d = testing::freshTempDir("mutualab_price_path_sample");
  // Irregular times, a blank line, CRLF endings and a byte order mark, as spreadsheets write them.
  const std::string csv = "\xEF\xBB\xBFtime,asset,price\r\n0,ETH,2000\r\n1,ETH,1900\r\n\r\n2.5,ETH,1500\r\n4,ETH,1600\r\n"
                          "5,ETH,1650\r\n";
  const LoadedScenario sc = smallScenario(writeText(d / "crash.csv", csv), 5);
  World w(sc.def, 1, 0, makeStrategies(sc.def));
  CHECK(pricesOf(w, 0) == std::vector<double>{2000, 1900, 1900, 1500, 1600, 1650});

  SECTION("half-day steps sample twice as often") {
    const LoadedScenario half = smallScenario((d / "crash.csv").string(), 10, {"sim/stepDays=0.5"});
    World h(half.def, 1, 0, makeStrategies(half.def));
    CHECK(pricesOf(h, 0) == std::vector<double>{2000, 2000, 1900, 1900, 1900, 1500, 1500, 1500, 1600, 1600, 1650});
  }
  SECTION("the resolved scenario cites the file and carries the data: it re-runs without the file") {
    const nlohmann::json& p = sc.resolved["market"]["pricePath"];
    CHECK(p["file"] == (d / "crash.csv").string());
    CHECK(p["rows"] == 5);
    CHECK(p["fnv1a64"] == fnv1a64Hex(csv));
    CHECK(p["days"] == nlohmann::json::parse("[[0, 1, 2.5, 4, 5]]"));
    fs::remove(d / "crash.csv");
    const LoadedScenario again = loadScenarioJson(sc.resolved, {}, "summary.json");
    World w2(again.def, 1, 0, makeStrategies(again.def));
    CHECK(pricesOf(w2, 0) == pricesOf(w, 0));
    CHECK(again.resolved == sc.resolved);
  }
  SECTION("a longer horizon than the embedded data is refused at the data's last day") {
    testing::requireInputError([&] { loadScenarioJson(sc.resolved, {"sim/steps=6"}, "summary.json"); },
                               "/market/pricePath/days/0/4", "ends at day 5, before the horizon, day 6");
  }
  SECTION("naming another file in an override reads it, not the data carried for the old one") {
    const std::string other = writeText(d / "other.csv", "time,asset,price\n0,ETH,50\n5,ETH,60\n");
    const LoadedScenario again = loadScenarioJson(sc.resolved, {"market/pricePath/file=" + other}, "summary.json");
    CHECK(again.def.market.pricePath.prices == std::vector<std::vector<double>>{{50, 60}});
    CHECK(again.def.market.pricePath.rows == 2);
    // Other overrides keep the carried data.
    const LoadedScenario same = loadScenarioJson(sc.resolved, {"writers/count=30"}, "summary.json");
    CHECK(same.def.market.pricePath.prices == sc.def.market.pricePath.prices);
  }
  SECTION("a scenario without the field writes no pricePath") {
    const LoadedScenario plain = loadScenario("preset:akerlof-flat-fee");
    CHECK_FALSE(plain.resolved["market"].contains("pricePath"));
  }
}

TEST_CASE("a relative data path is read from the scenario file's folder", "[price-path]") {
  const fs::path d = testing::freshTempDir("mutualab_price_path_relative");
  fs::create_directories(d / "data");
  writeText(d / "data" / "flat.csv", "time,asset,price\n0,ETH,100\n30,ETH,100\n");
  nlohmann::json j = scenarioToJson(ScenarioDef{});
  j["sim"]["steps"] = 30;
  j["market"]["pricePath"] = {{"file", "data/flat.csv"}};
  writeText(d / "scenario.json", j.dump());
  const LoadedScenario sc = loadScenario((d / "scenario.json").string());
  CHECK(sc.def.market.pricePath.file == "data/flat.csv");  // as written: results cite it so
  CHECK(sc.def.market.pricePath.days == std::vector<std::vector<double>>{{0, 30}});
}

TEST_CASE("the pool's EWMA volatility is estimated from the data path", "[price-path]") {
  const fs::path d = testing::freshTempDir("mutualab_price_path_ewma");
  const double v0 = 0.7, lambda = 0.94, dt = 1.0 / 365.0;
  const std::vector<std::string> vol = {"market/assets/0/volAnnual=0.7", "market/ewmaLambda=0.94"};

  SECTION("constant prices: the variance decays from volAnnual^2 by lambda a step") {
    const LoadedScenario sc = smallScenario(writeText(d / "flat.csv", "time,asset,price\n0,ETH,100\n20,ETH,100\n"), 20, vol);
    World w(sc.def, 1, 0, makeStrategies(sc.def));
    for (int t = 0; t <= 20; ++t) {
      INFO("step " << t);
      CHECK_THAT(w.market().pricingVol(0, t), WithinRel(v0 * std::pow(lambda, 0.5 * t), 1e-12));
      CHECK_FALSE(w.market().downJump(0, t));
      CHECK_FALSE(w.market().stress(t));
    }
  }
  SECTION("one drop of 20% on day 3: its squared return enters with weight 1 - lambda, and it is a jump") {
    const LoadedScenario sc =
        smallScenario(writeText(d / "drop.csv", "time,asset,price\n0,ETH,100\n3,ETH,80\n10,ETH,80\n"), 10, vol);
    World w(sc.def, 1, 0, makeStrategies(sc.def));
    const Market& m = w.market();
    const double r = std::log(0.8);
    const double var3 = std::pow(lambda, 3) * v0 * v0 + (1 - lambda) * r * r / dt;
    CHECK_THAT(m.pricingVol(0, 2), WithinRel(v0 * lambda, 1e-12));
    CHECK_THAT(m.pricingVol(0, 3), WithinRel(std::sqrt(var3), 1e-12));
    CHECK_THAT(m.pricingVol(0, 5), WithinRel(std::sqrt(lambda * lambda * var3), 1e-12));
    // |log 0.8| = 0.223 > 3 x 0.7 x sqrt(1/365) = 0.110: a down jump, trouble ahead from step 0 with 3 steps' lookahead.
    CHECK(m.downJump(0, 3));
    CHECK_FALSE(m.downJump(0, 2));
    CHECK(m.troubleAhead(0, 3));
    CHECK_FALSE(m.troubleAhead(0, 2));
    CHECK_FALSE(m.troubleAhead(3, 7));
    CHECK_THAT(m.trueVol(0, 3), WithinRel(-r / std::sqrt(dt), 1e-12));
    CHECK(m.trueVol(0, 4) == 0.0);
  }
  SECTION("a fixed pricing volatility stays volAnnual") {
    std::vector<std::string> fixed = vol;
    fixed.push_back("market/pricingVol=fixed");
    const LoadedScenario sc =
        smallScenario(writeText(d / "drop.csv", "time,asset,price\n0,ETH,100\n3,ETH,80\n10,ETH,80\n"), 10, fixed);
    World w(sc.def, 1, 0, makeStrategies(sc.def));
    for (int t = 0; t <= 10; ++t) CHECK(w.market().pricingVol(0, t) == v0);
  }
}

TEST_CASE("with a data path replications and seeds share the prices and differ in agents", "[price-path]") {
  const fs::path d = testing::freshTempDir("mutualab_price_path_reps");
  std::string csv = "time,asset,price\n";
  for (int t = 0; t <= 40; ++t) csv += std::to_string(t) + ",ETH," + std::to_string(2000 - 10 * t + (t % 3) * 7) + "\n";
  const LoadedScenario sc = smallScenario(writeText(d / "path.csv", csv), 40);
  World a(sc.def, 1, 0, makeStrategies(sc.def)), b(sc.def, 1, 1, makeStrategies(sc.def)),
      c(sc.def, 99, 0, makeStrategies(sc.def));
  CHECK(pricesOf(a, 0) == pricesOf(b, 0));
  CHECK(pricesOf(a, 0) == pricesOf(c, 0));
  const auto theta = [](const World& w) { return std::vector<double>(w.writerTheta().begin(), w.writerTheta().end()); };
  CHECK(theta(a) != theta(b));
  CHECK(theta(a) != theta(c));

  // The agents' streams are untouched: the same seed draws the same writers with or without data.
  const LoadedScenario plain = loadScenario("preset:akerlof-flat-fee", {"sim/steps=40", "writers/count=20", "lps/count=5"});
  World p(plain.def, 1, 0, makeStrategies(plain.def));
  CHECK(theta(p) == theta(a));
  CHECK(pricesOf(p, 0) != pricesOf(a, 0));
  for (int t = 0; t < 40; ++t) {
    a.step();
    b.step();
  }
  CHECK(a.done());
}

TEST_CASE("a bad data file is refused with its line and column", "[price-path]") {
  const ScenarioDef two = twoAssets(10);  // horizon: day 10
  const auto refused = [&](const std::string& csv, const std::string& part) {
    testing::requireInputError([&] { parsePricePathCsv(csv, "bad.csv", two); }, kFileField, part);
  };
  const std::string ok = "time,asset,price\n0,ETH,2000\n0,BTC,40000\n10,ETH,1900\n10,BTC,39000\n";
  CHECK(parsePricePathCsv(ok, "ok.csv", two).rows == 4);

  SECTION("header") {
    refused("time,ticker,price\n0,ETH,1\n", "bad.csv line 1, column 6: expected the header time,asset,price, found 'ticker'");
    refused("time,asset\n", "bad.csv line 1, column 11: expected the header time,asset,price, found the end of the line");
    refused("", "bad.csv line 1, column 1: expected the header time,asset,price, found the end of the file");
    refused("time,asset,price\n\n", "bad.csv line 3, column 1: expected data rows after the header");
  }
  SECTION("fields") {
    refused("time,asset,price\n0,ETH\n", "bad.csv line 2, column 6: expected 3 fields (time,asset,price), found 2");
    refused("time,asset,price\n0,ETH,1,2\n", "bad.csv line 2, column 8: expected 3 fields (time,asset,price), found 4");
    refused("time,asset,price\n0,XRP,1\n", "bad.csv line 2, column 3: expected an asset of market.assets (ETH, BTC), found 'XRP'");
    refused("time,asset,price\nday0,ETH,1\n", "bad.csv line 2, column 1: expected a time (a number of days from the start), found 'day0'");
    refused("time,asset,price\nnan,ETH,1\n", "bad.csv line 2, column 1: expected a finite time in days, found 'nan'");
    refused("time,asset,price\n0, ETH, 12a\n", "bad.csv line 2, column 9: expected a price (a number > 0), found '12a'");
    refused("time,asset,price\n0,ETH,1e999\n", "bad.csv line 2, column 7: expected a finite price > 0, found '1e999'");
    refused("time,asset,price\n0,ETH,-3\n", "bad.csv line 2, column 7: expected a price > 0, found '-3'");
    refused("time,asset,price\n0,ETH,0\n", "bad.csv line 2, column 7: expected a price > 0, found '0'");
    refused("time,asset,price\n0,ETH,0x10\n", "line 2, column 7: expected a price (a number > 0), found '0x10'");
    refused("time,asset,price\n0,\"ETH,1\n", "bad.csv line 2, column 3: a quoted cell must close its quote on the same line");
  }
  SECTION("quoted cells are read as their text") {
    const std::string q = "\"time\",\"asset\",\"price\"\n0, \"ETH\" ,\"2000\"\n0,BTC,40000\n10,\"ETH\",1900\n10,BTC,39000\n";
    const PricePathDef p = parsePricePathCsv(q, "q.csv", two);
    CHECK(p.rows == 4);
    CHECK(p.prices == parsePricePathCsv(ok, "ok.csv", two).prices);
  }
  SECTION("order and coverage") {
    refused("time,asset,price\n0,ETH,1\n0,BTC,1\n5,ETH,1\n5,BTC,1\n4,ETH,1\n",
            "bad.csv line 6, column 1: expected a time after 5 (ETH's row on line 4; times increase per asset), found '4'");
    refused("time,asset,price\n0,ETH,1\n0,ETH,2\n", "bad.csv line 3, column 1: expected a time after 0");
    refused("time,asset,price\n0,ETH,1\n10,ETH,1\n",
            "bad.csv line 4, column 1: expected rows for asset 'BTC' of market.assets, found the end of the file");
    refused("time,asset,price\n0,ETH,1\n1,BTC,1\n10,ETH,1\n10,BTC,1\n",
            "bad.csv line 3, column 1: expected BTC's first time at or before day 0 (the start of the run), found 1");
    refused("time,asset,price\n0,ETH,1\n0,BTC,1\n10,ETH,1\n9.5,BTC,1\n",
            "bad.csv line 5, column 1: expected BTC's rows to reach day 10 (the horizon: sim.steps x sim.stepDays), "
            "found its last at day 9.5");
  }
  SECTION("through the loader: the path a user wrote, exit before anything runs") {
    const fs::path d = testing::freshTempDir("mutualab_price_path_bad");
    const std::string file = writeText(d / "short.csv", "time,asset,price\n0,ETH,100\n5,ETH,90\n");
    testing::requireInputError([&] { smallScenario(file, 10); }, kFileField,
                               "short.csv line 3, column 1: expected ETH's rows to reach day 10");
    testing::requireInputError([&] { smallScenario((d / "missing.csv").string(), 10); }, kFileField,
                               "missing.csv");
  }
}
