// mutualab run --book-at and mutualab risk as a user meets them: the book a
// real run writes reads back the same from CSV and JSON, the risk command's
// files do not depend on --threads, and bad input is exit 2 with nothing written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/book.h"
#include "core/book_greeks.h"
#include "core/risk_engine.h"
#include "experiments/book_io.h"
#include "experiments/csv_row.h"
#include "experiments/load_scenario.h"
#include "support/cli.h"
#include "support/files.h"

namespace fs = std::filesystem;
using mutualab::testing::cli;
using mutualab::testing::freshTempDir;
using mutualab::testing::slurp;
using namespace mutualab;

TEST_CASE("run --book-at writes the pool's open book, CSV and JSON read back the same book", "[risk][cli]") {
  const fs::path d = freshTempDir("mutualab_risk_book");
  const auto r = cli("run preset:akerlof-flat-fee --reps 2 --book-at 120 --quiet --out " + (d / "run").string());
  REQUIRE(r.code == 0);
  const MarketDef market = loadScenario("preset:akerlof-flat-fee").def.market;
  const RiskBook csv = readBook((d / "run" / "book.csv").string(), market);
  const RiskBook json = readBook((d / "run" / "book.json").string(), market);
  REQUIRE(csv.size() > 20);  // the flat-fee pool holds positions on day 120
  CHECK(csv.size() == json.size());
  CHECK(csv.strike == json.strike);
  CHECK(csv.units == json.units);
  CHECK(csv.collateral == json.collateral);
  CHECK(csv.coverStrike == json.coverStrike);
  CHECK(csv.writer == json.writer);
  CHECK(csv.expiryDays == json.expiryDays);
  for (double e : csv.expiryDays) CHECK((e >= 1 && e <= 30));  // 30-day tenors, open after day 120
  const nlohmann::json j = nlohmann::json::parse(slurp(d / "run" / "book.json"));
  CHECK(j["step"] == 120);
  CHECK(j["capital"]["poolCapital"].get<double>() > 0);
  CHECK(j["market"]["assets"][0]["name"] == "ETH");

  // The run's other files do not change with --book-at.
  const auto plain = cli("run preset:akerlof-flat-fee --reps 2 --quiet --out " + (d / "plain").string());
  REQUIRE(plain.code == 0);
  CHECK(slurp(d / "run" / "summary.json") == slurp(d / "plain" / "summary.json"));
  CHECK(slurp(d / "run" / "timeseries.csv") == slurp(d / "plain" / "timeseries.csv"));

  // risk on that book: the same files with 1 and 3 threads.
  const std::string book = (d / "run" / "book.json").string();
  const auto a = cli("risk " + book + " --samples 20000 --horizon-days 3 --threads 1 --no-plot --quiet --out " + (d / "r1").string());
  REQUIRE(a.code == 0);
  const auto b = cli("risk " + book + " --samples 20000 --horizon-days 3 --threads 3 --no-plot --quiet --out " + (d / "r3").string());
  REQUIRE(b.code == 0);
  for (const char* f : {"risk.json", "var_es.csv", "components.csv", "stress.csv", "sensitivities.csv", "loss_histogram.csv"}) {
    INFO(f);
    CHECK(slurp(d / "r1" / f) == slurp(d / "r3" / f));
  }
  const nlohmann::json risk = nlohmann::json::parse(slurp(d / "r1" / "risk.json"));
  // The book's sensitivities now, per asset: the book's own, in risk.json and sensitivities.csv.
  const AssetSensitivity eth = bookSensitivities(json, market, 365)[0];
  REQUIRE(risk["sensitivities"].size() == 1);
  CHECK(risk["sensitivities"][0]["asset"] == "ETH");
  CHECK(risk["sensitivities"][0]["positions"] == json.size());
  CHECK(risk["sensitivities"][0]["delta"].get<double>() == eth.delta);
  CHECK(risk["sensitivities"][0]["vega_1pt"].get<double>() == eth.vega1pt);
  CHECK(eth.delta < 0);  // a book of puts: the pool loses as the price falls
  CHECK(std::string(slurp(d / "r1" / "sensitivities.csv")).rfind(
            "pool,pool_index,asset,positions,spot,delta,gamma,vega,theta,delta_1pct,gamma_1pct,vega_1pt,theta_1day\n"
            "all,-1,ETH," +
                std::to_string(json.size()) + ",",
            0) == 0);
  CHECK(risk["positions"] == csv.size());
  CHECK(risk["levels"][0]["var"].get<double>() > 0);
  CHECK(risk["cover2"]["requirement"].get<double>() >= risk["cover1"]["requirement"].get<double>());
  CHECK(std::string(slurp(d / "r1" / "var_es.csv")).rfind("level,tail_samples,var,var_ci95_lo,var_ci95_hi,es,", 0) == 0);
  CHECK(risk["capital"]["pool_capital"] == j["capital"]["poolCapital"]);
  CHECK(risk["repricing_volatility"]["rule"] == "ewma");  // the scenario's pricing volatility, and how V(H) is marked
  CHECK(risk["repricing_volatility"]["lambda"] == 0.94);

  // The CSV beside its JSON: the same market and capital, so the same numbers.
  const auto c = cli("risk " + (d / "run" / "book.csv").string() +
                     " --samples 20000 --horizon-days 3 --threads 2 --no-plot --out " + (d / "rc").string());
  REQUIRE(c.code == 0);
  CHECK_THAT(c.output, Catch::Contains("book.json (beside the CSV)"));
  const nlohmann::json riskCsv = nlohmann::json::parse(slurp(d / "rc" / "risk.json"));
  CHECK(riskCsv["levels"] == risk["levels"]);
  CHECK(riskCsv["capital"] == risk["capital"]);
  CHECK(slurp(d / "rc" / "stress.csv") == slurp(d / "r1" / "stress.csv"));

  // A run's folder is not risk's to replace, and --book-at names a step of the run.
  const auto clash = cli("risk " + book + " --samples 2000 --no-plot --out " + (d / "run").string());
  CHECK(clash.code == 2);
  CHECK_THAT(clash.output, Catch::Contains("--out"));
  CHECK(fs::exists(d / "run" / "summary.json"));
  const auto step0 = cli("run preset:akerlof-flat-fee --reps 1 --book-at 0 --out " + (d / "never").string());
  CHECK(step0.code == 2);
  CHECK_THAT(step0.output, Catch::Contains("--book-at: expected a step in [1, 365] (sim/steps), got 0"));
  CHECK_FALSE(fs::exists(d / "never"));
  // A book taken on a stress day says so, and its horizon starts there: in
  // lp-run (seed 1) the market is in stress at steps 165-170.
  const auto lp = cli("run preset:lp-run --reps 1 --book-at 166 --quiet --out " + (d / "lp").string());
  REQUIRE(lp.code == 0);
  CHECK(nlohmann::json::parse(slurp(d / "lp" / "book.json"))["regime"] == "stress");
  const std::string measure = "risk " + (d / "lp" / "book.json").string() + " --horizon-days 5 --samples 20000 --no-plot --quiet";
  REQUIRE(cli(measure + " --out " + (d / "lp-stress").string()).code == 0);
  REQUIRE(cli(measure + " --regime calm --out " + (d / "lp-calm").string()).code == 0);
  const nlohmann::json fromStress = nlohmann::json::parse(slurp(d / "lp-stress" / "risk.json"));
  const nlohmann::json fromCalm = nlohmann::json::parse(slurp(d / "lp-calm" / "risk.json"));
  CHECK(fromStress["start_regime"] == "stress");
  CHECK(fromCalm["start_regime"] == "calm");
  // Volatility x2.5 for the days the stress lasts (8 % a day leave it): 13.6k
  // from calm, 20.1k from stress at 1e5 samples (24.6k before 2026-12-05,
  // when a stress-day book's pricing volatility was multiplied again).
  CHECK(fromStress["levels"][0]["var"].get<double>() > 1.3 * fromCalm["levels"][0]["var"].get<double>());
  // A book carries its scenario's shock, and risk stresses the book with it
  // as with --scenario: black-swan's every asset -70% (before 2026-12-04 a
  // book.json left it out, and its worst case, uncovered, with it).
  const auto bs = cli("run preset:black-swan --reps 1 --book-at 150 --quiet --out " + (d / "bs").string());
  REQUIRE(bs.code == 0);
  const nlohmann::json bsBook = nlohmann::json::parse(slurp(d / "bs" / "book.json"));
  CHECK(bsBook["shock"]["step"] == 200);
  CHECK(bsBook["shock"]["logJump"] == -1.2);
  const std::string bsRisk = "risk " + (d / "bs" / "book.json").string() + " --horizon-days 5 --samples 2000 --no-plot --quiet";
  REQUIRE(cli(bsRisk + " --out " + (d / "bs-own").string()).code == 0);
  REQUIRE(cli(bsRisk + " --scenario preset:black-swan --out " + (d / "bs-scenario").string()).code == 0);
  const nlohmann::json own = nlohmann::json::parse(slurp(d / "bs-own" / "risk.json"));
  REQUIRE(own["stress"].size() == 21);
  CHECK(own["stress"][20]["scenario"] == "scenario shock: every asset -70%");
  CHECK(slurp(d / "bs-own" / "stress.csv") == slurp(d / "bs-scenario" / "stress.csv"));
  CHECK_FALSE(nlohmann::json::parse(slurp(d / "run" / "book.json")).contains("shock"));  // akerlof-flat-fee has none
  // An empty value is refused, not read as the option left out (no book).
  const auto empty = cli("run preset:akerlof-flat-fee --reps 1 --book-at '' --out " + (d / "never").string());
  CHECK(empty.code == 2);
  CHECK_THAT(empty.output, Catch::Contains("--book-at: expected a value, got an empty one"));
  CHECK_FALSE(fs::exists(d / "never"));
}

TEST_CASE("risk refuses bad input with its path and exit 2, writing nothing", "[risk][cli]") {
  const fs::path d = freshTempDir("mutualab_risk_bad");
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(d / name) << text;
    return (d / name).string();
  };
  const std::string head = "kind,asset,strike,expiry_days,units,collateral,writer\n";
  const std::string good = write("good.csv", head + "put,ETH,1800,10,1,100,1\n");
  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {write("asset.csv", head + "put,SOL,1800,10,1,100,1\n"),
       "asset.csv:2:5: asset: expected one of the market's assets (ETH), got 'SOL'"},
      {write("neg.csv", head + "put,ETH,1800,10,-1,100,1\n"),
       "neg.csv:2:17: units: expected a number >= 0 and <= 1e+12 (quantity of the underlying written; positions are short), got -1"},
      {write("neg.json", R"({"positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": -3, "collateral": 0, "writer": 1}]})"),
       "neg.json: /positions/0/units: expected a number >= 0"},
      {good + " --horizon-days 11", "--horizon-days: expected a horizon at most the last expiry in the book (10 days), got 11"},
      {good + " --levels 0.99,1.5", "--levels: level 2: expected a confidence level in (0, 1) such as 0.99, got 1.5"},
      {good + " --levels 0", "--levels: level 1: expected a confidence level in (0, 1)"},
      {"--samples 1e8 --positions 1e6", "--samples: samples x options = 1e+08 x 1.2e+06 = 1.2e+14 repricings (about 18.5 days on one core at 75 M/s), more "
       "than the 3e+10 (about 6.7 minutes) one run may take; lower --samples or --positions"},
      // A long horizon on a small book: the paths' days are the work.
      {write("long.csv", head + "put,ETH,1800,3650,1,100,1\n") + " --horizon-days 3650 --samples 2e7",
       "--samples: samples x (options + 4 x path days) = 2e+07 x (1 + 4 x 3.65e+03) = 2.92e+11 repricings (about 1.1 hours on "
       "one core at 75 M/s), more than the 3e+10 (about 6.7 minutes) one run may take; lower --samples or use a smaller book or a "
       "shorter --horizon-days"},
      {write("half.csv", head + "put,ETH,1800,2.5,1,100,1\n") + " --horizon-days 4",
       "--horizon-days: expected a horizon at most the last expiry in the book (2.5 days, day 3 rounded up), got 4"},
      {good + " --levels 0.99,0.975,0.99", "--levels: level 3 (0.99) repeats level 1 (0.99) to 1e-6; give each level once"},
      {"--positions 0", "--positions: expected a whole number in [1, "},
      {good + " --insurance-fund nan", "--insurance-fund: expected an amount in [0, 1e15] (currency), got nan"},
      {good + " --pool-capital 1e16", "--pool-capital: expected an amount in [0, 1e15] (currency), got 1e+16"},
      {good + " --backstop -1", "--backstop: expected an amount in [0, 1e15] (currency), got -1"},
      // An empty item or value is refused, not dropped or read as the option left out.
      {good + " --levels 0.99,", "--levels: expected confidence levels in (0, 1) such as 0.99, comma-separated, got an empty item in '0.99,'"},
      {good + " --levels ''", "--levels: expected confidence levels in (0, 1) such as 0.99, comma-separated, got an empty item in ''"},
      {good + " --solve capital,", "--solve: expected solvers: capital, fund or collateral, comma-separated, got an empty item in 'capital,'"},
      {good + " --solve capital,capital", "--solve: solver 'capital' is given twice; give each once"},
      {good + " --insurance-fund ''", "--insurance-fund: expected a value, got an empty one"},
      {"--positions 2e7", "--positions: expected a whole number in [1, 10000000], got 20000000"},
      // --set names itself, and may set only what risk reads.
      {good + " --set market/assets/0/volAnnual=-1", "--set: /market/assets/0/volAnnual: must be in [0.001, 10], got -1"},
      {good + " --set writers/theta/sd=0.3",
       "--set: 'writers/theta/sd=0.3': risk reads only the scenario's market/..., shock/... and sim/daysPerYear"},
      // A book.json's own fields, with their paths.
      {write("empty.json", R"({"positions": []})"), "empty.json: /positions: expected at least one position, got an empty array"},
      {write("array.json", "[1]"), "array.json: a JSON book must be an object with \"positions\", got array"},
      {write("day.json", R"({"day": "x", "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "day.json: /day: expected a number of days >= 0 (the book's date from the run's start), got \"x\""},
      {write("step.json", R"({"step": -4, "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "step.json: /step: expected a whole number >= 0 (the step the book was written after), got -4"},
      {write("dpy.json", R"({"daysPerYear": 0, "market": {}, "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "dpy.json: /daysPerYear: must be in [1, 366], got 0"},
      // Without a market too (before 2026-12-04 it was then neither read nor checked).
      {write("dpy-alone.json", R"({"daysPerYear": 0, "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "dpy-alone.json: /daysPerYear: must be in [1, 366], got 0"},
      {write("shock.json", R"({"shock": {"step": 10, "logJump": "x"}, "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "shock.json: /shock/logJump: expected a number"},
      {write("tiny.csv", head + "put,ETH,1800,10,1e-400,100,1\n"), "tiny.csv:2:17: units: expected a decimal number"},
      {write("regime.json", R"({"regime": "storm", "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "regime.json: /regime: expected \"calm\" or \"stress\" (the market's regime on the book's date), got \"storm\""},
      {good + " --regime storm", "--regime: expected calm or stress (the market's regime on the book's date), got 'storm'"},
      // Stress where the market has no regimes: the horizon would start calm while risk.json said stress.
      {good + " --regime stress", "--regime: the market (the default scenario's market) has no calm/stress regimes"},
      {write("stressed.json", R"({"regime": "stress", "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1}]})"),
       "stressed.json: /regime: the market (the default scenario's market) has no calm/stress regimes"},
      // A stress file's scenarios: named by strings, each name once; the file an array.
      {good + " --stress " + write("s_name.json", R"([{"name": 5, "spotMove": -0.5}])"),
       "/0/name: expected the scenario's name, a non-empty string, got 5"},
      {good + " --stress " + write("s_dup.json", R"([{"name": "a", "spotMove": -0.5}, {"name": "a", "spotMove": 0.5}])"),
       "/1/name: 'a' is also scenario 1's name; give each scenario its own"},
      {good + " --stress " + write("s_obj.json", "{}"), "s_obj.json: expected a non-empty array of stress scenarios, got object"},
      {good + " --stress " + write("s_empty.json", "[]"), "s_empty.json: expected a non-empty array of stress scenarios, got an empty array"},
      // A price history too short for two windows of the horizon, or for a tail at the levels.
      {good + " --history " + write("h_short.csv", "time,asset,price\n0,ETH,2000\n1,ETH,1900\n"),
       "--history: " + (d / "h_short.csv").string() + ": every asset's prices reach day 1, which gives 1 window of 1 day"},
      {good + " --history " + write("h_tail.csv", "time,asset,price\n0,ETH,2000\n30,ETH,1900\n"),
       "h_tail.csv: its 30 windows of 1 day leave none beyond level 0.99"},
      {good + " --history " + write("h_sol.csv", "time,asset,price\n0,SOL,2000\n"),
       "--history: " + (d / "h_sol.csv").string() + " line 2, column 3: expected an asset of market.assets (ETH)"},
      // A shift that would price some position at a negative volatility.
      {good + " --stress " + write("s_vol.json", R"([{"volShift": -5}])"),
       "s_vol.json: /0/volShift: takes ETH's pricing volatility below zero: its positions' lowest is "},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto r = cli("risk " + c.args + " --no-plot --out " + (d / "out").string());
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains(c.message));
    CHECK_FALSE(fs::exists(d / "out"));
  }
  // The good book runs, with the market it names.
  const auto ok = cli("risk " + good + " --samples 2000 --no-plot --quiet --out " + (d / "out").string());
  CHECK(ok.code == 0);
  CHECK(fs::exists(d / "out" / "risk.json"));
  // A book.json beside a CSV of another book lends it nothing: refused.
  fs::create_directories(d / "comp");
  std::ofstream(d / "comp" / "book.json") << R"({"positions": [
      {"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1},
      {"kind": "put", "asset": "ETH", "strike": 1700, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 2}],
      "capital": {"insuranceFund": 5, "poolCapital": 100, "backstop": 0}})";
  std::ofstream(d / "comp" / "mine.csv") << head << "put,ETH,1800,10,1,100,1\n";
  const auto other = cli("risk " + (d / "comp" / "mine.csv").string() + " --samples 2000 --no-plot --quiet --out " + (d / "o2").string());
  CHECK(other.code == 2);
  CHECK_THAT(other.output, Catch::Contains("holds 2 positions and this CSV 1: it describes another book"));
  CHECK_FALSE(fs::exists(d / "o2"));
  // Nor one of the same size whose positions were written by others.
  std::ofstream(d / "comp" / "mine.csv") << head << "put,ETH,1800,10,1,100,1\nput,ETH,1700,10,1,0,3\n";
  const auto same = cli("risk " + (d / "comp" / "mine.csv").string() + " --samples 2000 --no-plot --quiet --out " + (d / "o2").string());
  CHECK(same.code == 2);
  CHECK_THAT(same.output, Catch::Contains("mine.csv:3: position 1's writer is not that of position 1 in the book.json beside it"));
  CHECK_FALSE(fs::exists(d / "o2"));
  // Its own positions with other amounts (a what-if) are still this book.
  std::ofstream(d / "comp" / "mine.csv") << head << "put,ETH,1800,10,2.5,100,1\nput,ETH,1650,10,1,0,2\n";
  CHECK(cli("risk " + (d / "comp" / "mine.csv").string() + " --samples 2000 --no-plot --quiet --out " + (d / "o2").string()).code == 0);
  // An expiry of 2.5 days falls on day 3, so a 3-day horizon is within it.
  CHECK(cli("risk " + (d / "half.csv").string() + " --horizon-days 3 --samples 2000 --no-plot --quiet --out " + (d / "out").string())
            .code == 0);
  // The scenario's shock joins the default grid as a 21st scenario.
  const auto shocked = cli("risk " + good + " --set shock/step=10 --set shock/logJump=-0.9 --samples 2000 --no-plot --quiet --out " +
                           (d / "out").string());
  CHECK(shocked.code == 0);
  const nlohmann::json sj = nlohmann::json::parse(slurp(d / "out" / "risk.json"));
  REQUIRE(sj["stress"].size() == 21);
  CHECK(sj["stress"][20]["scenario"] == "scenario shock: every asset -59%");
  CHECK(sj["stress"][20]["spot_move"][0].get<double>() == Approx(std::exp(-0.9) - 1.0).epsilon(1e-15));
  // What --set changed is named with the market, so the output says how to measure it again.
  CHECK(sj["set"] == nlohmann::json::array({"shock/step=10", "shock/logJump=-0.9"}));
  CHECK_THAT(sj["market"].get<std::string>(), Catch::EndsWith(", with --set shock/step=10 --set shock/logJump=-0.9"));
  // A stress scenario's name with a comma and a quote stays one CSV field (RFC 4180: the quote doubled).
  const std::string stress = write("stress.json", R"([{"name": "a,b\"c $x$", "spotMove": -0.2}])");
  const auto named = cli("risk " + good + " --stress " + stress + " --samples 2000 --no-plot --quiet --out " + (d / "out").string());
  INFO(named.output);
  CHECK(named.code == 0);
  CHECK_THAT(slurp(d / "out" / "stress.csv"), Catch::Contains("\n\"a,b\"\"c $x$\",-0.2,1,0,"));
  // A volatility shift and a multiplier, in stress.csv and risk.json, asset by asset.
  const auto shifted = cli("risk " + good + " --stress " + write("shift.json", R"([{"name": "v", "volMultiplier": 1.5, "volShift": {"ETH": 0.25}}])") +
                           " --samples 2000 --no-plot --quiet --out " + (d / "out").string());
  REQUIRE(shifted.code == 0);
  CHECK_THAT(slurp(d / "out" / "stress.csv"), Catch::StartsWith("scenario,spot_move_ETH,vol_multiplier_ETH,vol_shift_ETH,pool_loss,"));
  CHECK_THAT(slurp(d / "out" / "stress.csv"), Catch::Contains("\n\"v\",0,1.5,0.25,"));
  const nlohmann::json vj = nlohmann::json::parse(slurp(d / "out" / "risk.json"));
  CHECK(vj["stress"][0]["vol_multiplier"] == nlohmann::json::array({1.5}));
  CHECK(vj["stress"][0]["vol_shift"] == nlohmann::json::array({0.25}));
  // So does an asset's name in stress.csv's header (it was written bare, and
  // every column after it read one to the right).
  const std::string oddAsset = write("odd.csv", head + "put,\"E,TH\",1800,10,1,100,1\n");
  const auto odd = cli("risk " + oddAsset + " --set market/assets/0/name=E,TH --samples 2000 --no-plot --quiet --out " +
                       (d / "odd").string());
  INFO(odd.output);
  REQUIRE(odd.code == 0);
  CHECK(std::string(slurp(d / "odd" / "stress.csv")).rfind("scenario,\"spot_move_E,TH\",\"vol_multiplier_E,TH\",\"vol_shift_E,TH\",pool_loss,", 0) == 0);
  CHECK(cli("risk --help").output.find("L = V(H) - V(0)") != std::string::npos);
}

TEST_CASE("risk counts a stress file's scenarios in the work cap, and checks --out before it runs", "[risk][cli]") {
  const fs::path d = freshTempDir("mutualab_risk_work");
  // 2.4e5 samples of 1.2e5 options is 2.88e10 repricings, under the 3e10
  // cap; 6,000 scenarios at two repricings an option add 1.44e9, over it.
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 6000; ++i) many.push_back({{"name", "s" + std::to_string(i)}, {"spotMove", -0.1}});
  std::ofstream(d / "many.json") << many.dump();
  const auto r = cli("risk --positions 1e5 --samples 2.4e5 --stress " + (d / "many.json").string() + " --no-plot --out " +
                     (d / "out").string());
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("--stress: scenarios x options x 2 (a stressed option costs about two repricings) = "
                                       "6000 x 1.2e+05 x 2 = 1.44e+09 repricings, with the Monte Carlo's 2.88e+10"));
  CHECK_FALSE(fs::exists(d / "out"));
  // A folder of risk's with a file someone added is refused at once, not
  // after the samples (1.2e9 repricings: 8 to 16 s on this project's 2-core
  // machines; the refusal takes some milliseconds).
  const std::string small = "risk --positions 10 --samples 2000 --no-plot --quiet --out " + (d / "mine").string();
  REQUIRE(cli(small).code == 0);
  std::ofstream(d / "mine" / "notes.txt") << "mine";
  const auto t0 = std::chrono::steady_clock::now();
  const auto refused = cli("risk --positions 1000 --samples 1e6 --no-plot --out " + (d / "mine").string());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(refused.code == 2);
  CHECK_THAT(refused.output, Catch::Contains("holds 'notes.txt', which mutualab did not write"));
  CHECK(seconds < 5);
  CHECK(slurp(d / "mine" / "notes.txt") == "mine");
}

TEST_CASE("risk --solve: answers in solve.json and solve.csv the same at any thread count, bad input exit 2", "[risk][cli]") {
  const fs::path d = freshTempDir("mutualab_risk_solve");
  const std::string book = (d / "book.csv").string();
  std::ofstream(book) << "kind,asset,strike,expiry_days,units,collateral,writer\n"
                         "put,ETH,1800,10,1,100,1\nput,ETH,1900,10,2,100,2\ncall,ETH,2300,8,1,0,3\n";
  const std::string run = "risk " + book + " --samples 4000 --levels 0.99 --horizon-days 5 --pool-capital 80 --no-plot";
  const auto a = cli(run + " --solve capital,fund,collateral --threads 1 --out " + (d / "a").string());
  REQUIRE(a.code == 0);
  CHECK_THAT(a.output, Catch::Contains("solve for"));
  CHECK_THAT(a.output, Catch::Contains("ratio of max loss"));
  CHECK_THAT(a.output, Catch::Contains("solve.json  solve.csv"));
  const auto b = cli(run + " --solve capital,fund,collateral --threads 2 --quiet --out " + (d / "b").string());
  REQUIRE(b.code == 0);
  for (const char* f : {"solve.json", "solve.csv", "risk.json", "var_es.csv"}) {
    INFO(f);
    CHECK(slurp(d / "a" / f) == slurp(d / "b" / f));
  }
  const nlohmann::json j = nlohmann::json::parse(slurp(d / "a" / "solve.json"));
  REQUIRE(j["answers"].size() == 3);
  CHECK(j["target_pd"] == 0.01);
  CHECK(j["answers"][0]["solver"] == "capital");
  CHECK(j["answers"][0]["achieved_pd"].get<double>() <= 0.01);
  CHECK(j["answers"][2]["solver"] == "collateral");
  CHECK(j["answers"][2]["pool_capital"] == 80);
  // Without --solve the folder is what it always was.
  const auto plain = cli(run + " --quiet --out " + (d / "plain").string());
  REQUIRE(plain.code == 0);
  CHECK_FALSE(fs::exists(d / "plain" / "solve.json"));
  for (const char* f : {"risk.json", "var_es.csv", "components.csv", "stress.csv", "loss_histogram.csv"}) {
    INFO(f);
    CHECK(slurp(d / "a" / f) == slurp(d / "plain" / f));
  }

  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {" --solve capital --target-pd 0", "--target-pd: expected a default probability in (0, 1) such as 0.01, got 0"},
      {" --solve capital --target-pd 1.5", "--target-pd: expected a default probability in (0, 1) such as 0.01, got 1.5"},
      {" --target-pd -0.1", "--target-pd: expected a default probability in (0, 1)"},
      {" --target-pd 0.05", "--target-pd: is the default probability the solvers hold, and no solver was asked for"},
      {" --solve capital,margin", "--solve: unknown solver 'margin': expected capital, fund or collateral"},
      {" --solve fund --target-pd 0.001", "--samples: must be >= 10000 for --target-pd 0.001 (10 expected defaults at the target), got 4000"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto r = cli(run + c.args + " --out " + (d / "out").string());
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains(c.message));
    CHECK_FALSE(fs::exists(d / "out"));
  }
  // The work cap counts the collateral solver's passes: 1e5 samples of 10 000 positions run, but not 45 times.
  const auto heavy = cli("risk --positions 1e4 --samples 1e5 --solve collateral --no-plot --out " + (d / "out").string());
  CHECK(heavy.code == 2);
  CHECK_THAT(heavy.output, Catch::Contains("--samples: passes x samples x options = 45 x 1e+05 x 1.2e+04"));
  CHECK_THAT(heavy.output, Catch::Contains("the collateral solver reprices the whole sample up to 44 times"));
  CHECK_FALSE(fs::exists(d / "out"));
  CHECK(cli("risk --help").output.find("--solve capital,fund,collateral") != std::string::npos);
}

TEST_CASE("risk --pool measures one pool of a several-pool book: by name before index, named in the output",
          "[risk][cli][pools]") {
  const fs::path d = freshTempDir("mutualab_risk_pool");
  // tiered-pools with its pools named 1, 2, 3 (eth, btc, sol): "1" is the pool named 1, index 0.
  const auto r = cli("run preset:tiered-pools --reps 1 --series none --quiet --book-at 150 --set pools/0/name=1 "
                     "--set pools/1/name=2 --set pools/2/name=3 --out " + (d / "run").string());
  REQUIRE(r.code == 0);
  const MarketDef market = loadScenario("preset:tiered-pools").def.market;
  const RiskBook book = readBook((d / "run" / "book.json").string(), market);
  int inPool[3] = {0, 0, 0};
  for (int p : book.pool) ++inPool[p];
  REQUIRE(inPool[0] > 0);
  REQUIRE(inPool[1] > 0);
  REQUIRE(inPool[2] > 0);
  const std::string measure = "risk " + (d / "run" / "book.json").string() + " --samples 2000 --no-plot";
  const auto one = cli(measure + " --pool 1 --out " + (d / "p1").string());
  REQUIRE(one.code == 0);
  CHECK_THAT(one.output, Catch::Contains("measured alone: pool 1 (index 0), with its positions"));
  // The shared backstop is counted whole for the pool: the output says what that leaves out.
  CHECK_THAT(one.output, Catch::Contains("is shared by 3 pools and counted here as paid at once and in full to pool 1 (index 0)"));
  const nlohmann::json p1 = nlohmann::json::parse(slurp(d / "p1" / "risk.json"));
  CHECK(p1["pool"] == "1");
  CHECK(p1["pool_index"] == 0);
  CHECK(p1["positions"] == inPool[0]);
  const auto three = cli(measure + " --pool 3 --quiet --out " + (d / "p3").string());
  REQUIRE(three.code == 0);
  CHECK(nlohmann::json::parse(slurp(d / "p3" / "risk.json"))["positions"] == inPool[2]);
  // "0" names no pool: it is the index.
  const auto zero = cli(measure + " --pool 0 --quiet --out " + (d / "p0").string());
  REQUIRE(zero.code == 0);
  CHECK(slurp(d / "p0" / "stress.csv") == slurp(d / "p1" / "stress.csv"));
  const auto bad = cli(measure + " --pool 7 --out " + (d / "never").string());
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--pool: expected one of the book's pools (1, 2, 3) or its index, got '7'"));
  CHECK_FALSE(fs::exists(d / "never"));

  // Every pool together: the stress pays each pool's part from its own layers
  // (risk.json's "pools" under each cover), then the shared backstop.
  const auto all3 = cli(measure + " --quiet --out " + (d / "all").string());
  REQUIRE(all3.code == 0);
  const nlohmann::json whole = nlohmann::json::parse(slurp(d / "all" / "risk.json"))["whole_book"];
  REQUIRE(whole["pools"].size() == 3);
  double parts = 0, paid = 0;
  for (const auto& p : whole["pools"]) {
    parts += p["requirement"].get<double>();
    paid += p["paid_pool_capital"].get<double>();
  }
  CHECK(parts == Approx(whole["requirement"].get<double>()));
  CHECK(paid == Approx(whole["paid_pool_capital"].get<double>()));
  // Each pool's own VaR and ES: a pool's rows of var_es_pools.csv are those
  // of its var_es.csv measured alone (--pool), after its index and name; the
  // pools' V(0) add up to the book's, and their ES to at least the book's
  // (a sample's ES is subadditive: the mean of the top k of a sum is at most
  // the sum of each one's top-k mean).
  {
    const std::string pools = slurp(d / "all" / "var_es_pools.csv");
    CHECK(pools.rfind("pool,pool_name,level,tail_samples,var,", 0) == 0);
    const nlohmann::json all = nlohmann::json::parse(slurp(d / "all" / "risk.json"));
    const nlohmann::json& own = all["pool_var_es"];
    REQUIRE(own.size() == 3);
    double valueNow = 0, es = 0;
    for (size_t k = 0; k < 3; ++k) {
      const fs::path alone = k == 0 ? d / "p1" : d / ("p-own" + std::to_string(k));
      if (k > 0)
        REQUIRE(cli(measure + " --pool " + book.pools[k].name + " --quiet --out " + alone.string()).code == 0);
      std::istringstream rows(slurp(alone / "var_es.csv"));
      std::string row;
      std::getline(rows, row);  // its header
      while (std::getline(rows, row)) {
        INFO("pool " << k << ": " << row);
        CHECK(pools.find("\n" + std::to_string(k) + ",\"" + book.pools[k].name + "\"," + row + ",") != std::string::npos);
      }
      CHECK(own[k]["name"] == book.pools[k].name);
      CHECK(own[k]["pool_capital"] == book.pools[k].poolCapital);
      valueNow += own[k]["value_now"].get<double>();
      es += own[k]["levels"][0]["es"].get<double>();
    }
    CHECK(valueNow == Approx(all["value_now"].get<double>()).epsilon(1e-12));
    CHECK(es >= all["levels"][0]["es"].get<double>() - 1e-9);
    CHECK_FALSE(fs::exists(d / "p1" / "var_es_pools.csv"));
    CHECK_FALSE(nlohmann::json::parse(slurp(d / "p1" / "risk.json")).contains("pool_var_es"));
  }
  // A pool's capital pays no more than its own part, and risk.json lists each pool's layers.
  const nlohmann::json layers = nlohmann::json::parse(slurp(d / "all" / "risk.json"))["pool_layers"];
  REQUIRE(layers.size() == 3);
  for (const auto& p : whole["pools"]) {
    const size_t k = p["pool"].get<size_t>();
    CHECK(p["paid_pool_capital"].get<double>() <= book.pools[k].poolCapital + 1e-9);
    CHECK(layers[k]["pool_capital"] == book.pools[k].poolCapital);
    CHECK(layers[k]["name"] == book.pools[k].name);
  }
  // stress_pools.csv: the same parts, a row per scenario, cover and pool, in
  // risk.json's order; a measure of one pool has none.
  {
    const nlohmann::json stress = nlohmann::json::parse(slurp(d / "all" / "risk.json"))["stress"];
    std::istringstream in(slurp(d / "all" / "stress_pools.csv"));
    std::string line;
    std::getline(in, line);
    CHECK(line == "scenario,cover,pool,pool_name,requirement,paid_insurance_fund,paid_pool_capital,"
                  "short_after_pool_capital,paid_backstop,uncovered");
    size_t rows = 0;
    for (const auto& sc : stress)
      for (const char* cover : {"cover1", "cover2", "whole_book"})
        for (size_t k = 0; k < 3; ++k) {
          REQUIRE(std::getline(in, line));
          ++rows;
          const CsvRow row = splitCsvRow(line, false);
          REQUIRE(row.error.empty());
          REQUIRE(row.cells.size() == 10);
          const nlohmann::json& part = sc[cover]["pools"][k];
          CHECK(row.cells[0].text == sc["scenario"].get<std::string>());
          CHECK(row.cells[1].text == cover);
          CHECK(row.cells[2].text == std::to_string(k));
          CHECK(row.cells[3].text == book.pools[k].name);
          CHECK(std::stod(row.cells[4].text) == part["requirement"].get<double>());
          CHECK(std::stod(row.cells[6].text) == part["paid_pool_capital"].get<double>());
          CHECK(std::stod(row.cells[8].text) == part["paid_backstop"].get<double>());
          CHECK(std::stod(row.cells[9].text) == part["uncovered"].get<double>());
        }
    CHECK(rows == stress.size() * 9);
    CHECK_FALSE(std::getline(in, line));
    CHECK_FALSE(fs::exists(d / "p1" / "stress_pools.csv"));
  }
  // Each pool's sensitivities beside the whole book's: per asset, they add up to it.
  {
    const nlohmann::json j = nlohmann::json::parse(slurp(d / "all" / "risk.json"));
    const nlohmann::json& whole = j["sensitivities"];
    const nlohmann::json& pools = j["pool_sensitivities"];
    REQUIRE(pools.size() == 3);
    for (size_t a = 0; a < whole.size(); ++a) {
      double delta = 0, vega = 0;
      int positions = 0;
      for (size_t k = 0; k < 3; ++k) {
        CHECK(pools[k]["name"] == book.pools[k].name);
        delta += pools[k]["assets"][a]["delta"].get<double>();
        vega += pools[k]["assets"][a]["vega"].get<double>();
        positions += pools[k]["assets"][a]["positions"].get<int>();
      }
      CHECK(positions == whole[a]["positions"].get<int>());
      CHECK(delta == Approx(whole[a]["delta"].get<double>()).margin(1e-9));
      CHECK(vega == Approx(whole[a]["vega"].get<double>()).margin(1e-9));
    }
    const MarketDef m = loadScenario("preset:tiered-pools").def.market;
    const auto own = bookSensitivities(book, m, 365, 2);
    CHECK(pools[2]["assets"][0]["delta"].get<double>() == own[0].delta);
    CHECK_FALSE(nlohmann::json::parse(slurp(d / "p1" / "risk.json")).contains("pool_sensitivities"));
  }

  // The solvers on a book of several pools: each pool against its own fund
  // and capital, its rows exactly those the pool solved alone (--pool) writes.
  const auto solveAll = cli(measure + " --solve capital,fund,collateral --out " + (d / "solve-all").string());
  REQUIRE(solveAll.code == 0);
  CHECK_THAT(solveAll.output, Catch::Contains("each pool against its own insurance fund and LP capital, all on the same market paths"));
  CHECK_THAT(solveAll.output, Catch::Contains("pool " + book.pools[1].name + " (index 1)"));
  CHECK_THAT(solveAll.output, Catch::Contains("/risk.json  var_es.csv  var_es_pools.csv  components.csv"));
  const std::string allRows = slurp(d / "solve-all" / "solve.csv");
  CHECK(std::count(allRows.begin(), allRows.end(), '\n') == 1 + 3 * 3);
  for (int k = 0; k < 3; ++k) {
    const fs::path alone = d / ("solve-pool" + std::to_string(k));
    // By name: these pools are named 1, 2 and 3, and a name wins over an index.
    REQUIRE(cli(measure + " --pool " + book.pools[static_cast<size_t>(k)].name + " --solve capital,fund,collateral --quiet --out " +
                alone.string())
                .code == 0);
    std::istringstream rows(slurp(alone / "solve.csv"));
    std::string header, row;
    std::getline(rows, header);
    int n = 0;
    while (std::getline(rows, row)) {
      INFO("pool " << k << ": " << row);
      CHECK(row.rfind("\"" + book.pools[static_cast<size_t>(k)].name + "\"," + std::to_string(k) + ",", 0) == 0);
      CHECK(allRows.find("\n" + row + "\n") != std::string::npos);
      ++n;
    }
    CHECK(n == 3);
  }
  const nlohmann::json solvedAll = nlohmann::json::parse(slurp(d / "solve-all" / "solve.json"));
  REQUIRE(solvedAll["pools"].size() == 3);
  CHECK(solvedAll["pools"][2]["pool_capital"] == book.pools[2].poolCapital);
  CHECK_FALSE(solvedAll.contains("book_collateral_ratio"));  // each pool's own, under "pools"
  // Other amounts for the layers are one pool's question.
  const auto held = cli(measure + " --solve capital --pool-capital 1000 --out " + (d / "never").string());
  CHECK(held.code == 2);
  CHECK_THAT(held.output, Catch::Contains("--pool-capital: with --solve on a book of 3 pools each pool is solved against its own insurance fund and LP capital from the book"));
  CHECK_FALSE(fs::exists(d / "never"));
  CHECK(cli(measure + " --pool 3 --solve capital --quiet --out " + (d / "solve3").string()).code == 0);

  // A book of three pools whose positions are all in one: still each pool's
  // own layers (before 2026-12-04 one layer, every pool's capital paying it),
  // and --solve answers for the one pool that holds positions.
  nlohmann::json onlySol = nlohmann::json::parse(slurp(d / "run" / "book.json"));
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& p : onlySol["positions"])
    if (p["pool"] == 2) kept.push_back(p);
  onlySol["positions"] = kept;
  fs::create_directories(d / "sol");
  std::ofstream(d / "sol" / "book.json") << onlySol.dump();
  const std::string solMeasure = "risk " + (d / "sol" / "book.json").string() + " --samples 2000 --no-plot";
  const auto sol = cli(solMeasure + " --out " + (d / "sol-all").string());
  REQUIRE(sol.code == 0);
  CHECK_THAT(sol.output, Catch::Contains("a book of 3 pools (1 with open positions)"));
  const nlohmann::json solWhole = nlohmann::json::parse(slurp(d / "sol-all" / "risk.json"))["whole_book"];
  REQUIRE(solWhole["pools"].size() == 3);
  CHECK(solWhole["paid_pool_capital"].get<double>() <= book.pools[2].poolCapital + 1e-9);
  REQUIRE(cli(solMeasure + " --solve capital --quiet --out " + (d / "sol-solve").string()).code == 0);
  const std::string solRows = slurp(d / "sol-solve" / "solve.csv");
  CHECK(std::count(solRows.begin(), solRows.end(), '\n') == 2);
  CHECK_THAT(solRows, Catch::Contains("\n\"" + book.pools[2].name + "\",2,capital,"));
  // Its last pool empty instead: every pool the book lists still has its part (0 for that one).
  nlohmann::json noSol = nlohmann::json::parse(slurp(d / "run" / "book.json"));
  nlohmann::json rest = nlohmann::json::array();
  for (const auto& p : noSol["positions"])
    if (p["pool"] != 2) rest.push_back(p);
  noSol["positions"] = rest;
  fs::create_directories(d / "nosol");
  std::ofstream(d / "nosol" / "book.json") << noSol.dump();
  REQUIRE(cli("risk " + (d / "nosol" / "book.json").string() + " --samples 2000 --no-plot --quiet --out " +
              (d / "nosol-all").string())
              .code == 0);
  const nlohmann::json noSolWhole = nlohmann::json::parse(slurp(d / "nosol-all" / "risk.json"))["whole_book"];
  REQUIRE(noSolWhole["pools"].size() == 3);
  CHECK(noSolWhole["pools"][2]["requirement"] == 0.0);
  CHECK_THAT(slurp(d / "nosol-all" / "stress_pools.csv"), Catch::Contains(",whole_book,2,\"" + book.pools[2].name + "\",0,"));

  // A book.csv alone (no book.json beside it) lists its pools by index only: the
  // whole book says it holds several, and --pool 2 takes pool 2's positions,
  // with the capital the options give.
  fs::create_directories(d / "lone");
  fs::copy_file(d / "run" / "book.csv", d / "lone" / "book.csv");
  const std::string lone = "risk " + (d / "lone" / "book.csv").string() + " --scenario preset:tiered-pools --samples 2000 --no-plot";
  const auto all = cli(lone + " --out " + (d / "lone-all").string());
  REQUIRE(all.code == 0);
  CHECK_THAT(all.output, Catch::Contains("a book of 3 pools, their capital as one layer"));
  const auto two = cli(lone + " --pool 2 --pool-capital 5000 --out " + (d / "lone-2").string());
  REQUIRE(two.code == 0);
  CHECK_THAT(two.output, Catch::Contains("measured alone: pool 2, with its positions"));
  const nlohmann::json l2 = nlohmann::json::parse(slurp(d / "lone-2" / "risk.json"));
  CHECK(l2["positions"] == inPool[2]);
  CHECK(l2["capital"]["pool_capital"] == 5000.0);
}

TEST_CASE("backtest: the command writes a row per date and the tests per level, and refuses bad input", "[backtest][cli]") {
  const fs::path d = freshTempDir("mutualab_backtest_cli");
  const std::string base = "backtest preset:akerlof-flat-fee --set sim/steps=40 --samples 1000 --levels 0.99,0.975 --no-plot";
  const auto a = cli(base + " --threads 1 --quiet --out " + (d / "a").string());
  REQUIRE(a.code == 0);
  const std::string csv = slurp(d / "a" / "backtest.csv");
  CHECK(csv.rfind("replication,step,day,regime,positions,value_now,mean_loss,var_99,es_99,exception_99,var_97.5,es_97.5,"
                  "exception_97.5,value_after,realized_loss\n",
                  0) == 0);
  const nlohmann::json j = nlohmann::json::parse(slurp(d / "a" / "backtest.json"));
  const int rows = static_cast<int>(std::count(csv.begin(), csv.end(), '\n')) - 1;
  CHECK(j["dates_tested"] == rows);
  CHECK(rows + j["dates_without_positions"].get<int>() == 39);  // steps 1 to 39, a 1-day horizon each
  CHECK(j["levels"].size() == 2);
  CHECK(j["levels"][0]["dates"] == rows);
  CHECK(j["levels"][0]["traffic_light"].is_string());
  CHECK(j["set"][0] == "sim/steps=40");
  // The same bytes on two threads; the table names the tests; the figure is drawn at 1280x720.
  const auto b = cli("backtest preset:akerlof-flat-fee --set sim/steps=40 --samples 1000 --levels 0.99,0.975 --threads 2 --out " +
                     (d / "b").string());
  REQUIRE(b.code == 0);
  CHECK(slurp(d / "b" / "backtest.csv") == csv);
  CHECK_THAT(b.output, Catch::Contains("figure: " + (d / "b").string() + "/figure.png"));
  const std::string png = slurp(d / "b" / "figure.png");
  REQUIRE(png.size() > 24);
  auto be32 = [&png](size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  CHECK(png.compare(1, 3, "PNG") == 0);
  CHECK(be32(16) == 1280);  // IHDR width, then height
  CHECK(be32(20) == 720);
  CHECK(slurp(d / "b" / "backtest.json") == slurp(d / "a" / "backtest.json"));
  CHECK_THAT(b.output, Catch::Contains("Kupiec p"));
  // Bad terms: exit 2, the option named, nothing written.
  struct Bad {
    std::string args, message;
  };
  for (const Bad& x : {Bad{"--levels 1.5", "--levels: level 1: expected a confidence level in (0, 1)"},
                       Bad{"--horizon-days 40", "--horizon-days: expected whole days in [1, 39]"},
                       Bad{"--from 0", "--from: expected the first date's step in [1, 39]"},
                       Bad{"--pool nope", "--pool: expected one of the scenario's pools (pool) or its index, got 'nope'"},
                       Bad{"--set sim/stepDays=0.5", "/sim/stepDays: a backtest needs steps of one day"}}) {
    INFO(x.args);
    const auto r = cli("backtest preset:akerlof-flat-fee --set sim/steps=40 --no-plot " + x.args + " --out " + (d / "bad").string());
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains(x.message));
    CHECK_FALSE(fs::exists(d / "bad"));
  }
  // A run's folder is not the backtest's to replace.
  REQUIRE(cli("run preset:akerlof-flat-fee --reps 1 --set sim/steps=20 --quiet --out " + (d / "run").string()).code == 0);
  const auto clash = cli(base + " --out " + (d / "run").string());
  CHECK(clash.code == 2);
  CHECK(fs::exists(d / "run" / "summary.json"));
}

TEST_CASE("risk --history: VaR and ES of today's book on every window of a price history", "[risk][cli]") {
  const fs::path d = freshTempDir("mutualab_risk_history");
  std::ofstream(d / "book.csv") << "kind,asset,strike,expiry_days,units,collateral,writer\n"
                                   "put,ETH,1800,30,1,100,1\ncall,ETH,2200,30,1,100,2\n";
  // 41 days: 2000 falling 1 % a day to day 20, rising 1 % a day to day
  // 37, then 5 % a day.
  std::string h = "time,asset,price\n";
  double p = 2000;
  for (int t = 0; t <= 40; ++t) {
    h += std::to_string(t) + ",ETH," + std::to_string(p) + "\n";
    p *= t < 20 ? 0.99 : t < 37 ? 1.01 : 1.05;
  }
  std::ofstream(d / "h.csv") << h;
  const std::string args = "risk " + (d / "book.csv").string() + " --history " + (d / "h.csv").string() +
                           " --horizon-days 3 --levels 0.9 --samples 2000 --no-plot --out ";
  const auto r = cli(args + (d / "out").string());
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("historical simulation: today's book on each 3-day window of"));
  CHECK_THAT(r.output, Catch::Contains("(38 windows, days 0 to 40;"));
  const std::string csv = slurp(d / "out" / "historical.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 39);  // the header and windows d = 0..37
  CHECK_THAT(csv, Catch::StartsWith("start_day,end_day,spot_move_ETH,pool_loss\n0,3,"));
  const nlohmann::json j = nlohmann::json::parse(slurp(d / "out" / "risk.json"));
  const nlohmann::json& hs = j["historical"];
  CHECK(hs["windows"] == 38);
  CHECK(hs["rows"] == 41);
  CHECK(hs["last_day"] == 40);
  CHECK(hs["levels"][0]["tail_windows"] == 3);  // floor(0.1 x 38)
  // The last window rises 5 % a day, +15.8 % in three days, and the call's
  // cover (from 2,300) gains most: the worst window.
  CHECK(hs["worst"]["start_day"] == 37);
  CHECK(hs["worst"]["spot_move"][0].get<double>() == Approx(1.05 * 1.05 * 1.05 - 1).epsilon(1e-5));
  CHECK(hs["levels"][0]["var"].get<double>() <= hs["levels"][0]["es"].get<double>());
  CHECK(hs["levels"][0]["es"].get<double>() <= hs["max_loss"].get<double>());
  // The windows do not depend on the seed (no draws); the same bytes again.
  const auto again = cli(args + (d / "again").string() + " --seed 9");
  REQUIRE(again.code == 0);
  CHECK(slurp(d / "again" / "historical.csv") == csv);
  CHECK(hs["filtered"] == false);
  // Filtered: the returns rescaled to the EWMA volatility at the history's
  // end (its last three days, 5 % each, lift it above the history's own).
  const auto filtered = cli(args + (d / "filtered").string() + " --filtered");
  REQUIRE(filtered.code == 0);
  CHECK_THAT(filtered.output, Catch::Contains("filtered historical simulation"));
  const nlohmann::json fj = nlohmann::json::parse(slurp(d / "filtered" / "risk.json"))["historical"];
  CHECK(fj["filtered"] == true);
  CHECK(fj["lambda"] == 0.94);
  CHECK(fj["vol_end"][0].get<double>() > fj["vol_history"][0].get<double>());
  CHECK(slurp(d / "filtered" / "historical.csv") != csv);
  const auto alone = cli("risk " + (d / "book.csv").string() + " --filtered --samples 2000 --no-plot --out " + (d / "alone").string());
  CHECK(alone.code == 2);
  CHECK_THAT(alone.output, Catch::Contains("--filtered: filters a price history's returns, and no --history was given"));
  CHECK_FALSE(fs::exists(d / "alone"));
  // --reverse-stress: a row per direction (one asset: down, up, volatility) and test.
  const auto reverse = cli("risk " + (d / "book.csv").string() + " --reverse-stress --samples 2000 --no-plot --out " +
                           (d / "reverse").string());
  REQUIRE(reverse.code == 0);
  CHECK_THAT(reverse.output, Catch::Contains("reverse stress: the least move after which buyers go unpaid"));
  const std::string rcsv = slurp(d / "reverse" / "reverse_stress.csv");
  CHECK(std::count(rcsv.begin(), rcsv.end(), '\n') == 10);
  // No capital behind the book: short already, with no move at all.
  CHECK_THAT(rcsv, Catch::Contains("\n\"every asset down\",all,whole_book,true,0,1,"));
  const nlohmann::json rj = nlohmann::json::parse(slurp(d / "reverse" / "risk.json"));
  CHECK(rj["reverse_stress"].size() == 3);
  CHECK(rj["reverse_stress"][2]["direction"] == "volatility up");
  // The figure marks each level's historical VaR beside the Monte Carlo's.
  const auto drawn = cli("risk " + (d / "book.csv").string() + " --history " + (d / "h.csv").string() +
                         " --horizon-days 3 --levels 0.9 --samples 2000 --out " + (d / "fig").string());
  REQUIRE(drawn.code == 0);
  CHECK_THAT(drawn.output, Catch::Contains("figure: " + (d / "fig").string() + "/figure.png"));
  CHECK_THAT(slurp(d / "fig" / "figure.svg"), Catch::Contains("historical VaR 90%"));
}
