#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifdef MUTUALAB_TEST_ZLIB
#include <zlib.h>
#endif

#include "experiments/load_scenario.h"
#include "experiments/results.h"
#include "experiments/runner.h"
#include "experiments/series_file.h"
#include "experiments/sweep.h"
#include "experiments/tournament.h"
#include "support/cli.h"
#include "support/csv.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

fs::path freshDir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("mutualab-series-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Each replication's series as runOne gives it, and a run's series.csv text written through onSeries.
struct Captured {
  std::vector<int> order;
  std::vector<std::vector<double>> series;
};

Captured capture(const ScenarioDef& def, int reps, int threads, std::uint64_t seed, RunResult* result = nullptr) {
  Captured c;
  RunOptions o;
  o.seed = seed;
  o.reps = reps;
  o.threads = threads;
  o.onSeries = [&c](int rep, const std::vector<double>& x) {
    c.order.push_back(rep);
    c.series.push_back(x);
  };
  RunResult r = runReplications(def, o);
  if (result) *result = std::move(r);
  return c;
}

}  // namespace

TEST_CASE("series reach onSeries in replication order, equal to runOne's, whatever the threads", "[series]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee", {"sim/steps=60"});
  const Captured one = capture(sc.def, 7, 1, 5), two = capture(sc.def, 7, 2, 5);
  REQUIRE(one.order == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
  CHECK(two.order == one.order);
  for (size_t r = 0; r < one.series.size(); ++r) {
    CHECK(std::memcmp(one.series[r].data(), two.series[r].data(), one.series[r].size() * sizeof(double)) == 0);
    std::vector<double> alone;
    runOne(sc.def, 5, static_cast<int>(r), &alone);
    REQUIRE(alone.size() == one.series[r].size());
    CHECK(std::memcmp(alone.data(), one.series[r].data(), alone.size() * sizeof(double)) == 0);
  }
}

TEST_CASE("series.csv reads back to the run's bits, and its means are timeseries.csv", "[series]") {
  const LoadedScenario sc = loadScenario("preset:tiered-pools", {"sim/steps=40"});
  const fs::path dir = freshDir("bits");
  RunResult result;
  {
    SeriesWriter w((dir / "series.csv").string(), seriesColumnsOf(sc.def), sc.def.sim.stepDays);
    RunOptions o;
    o.seed = 3;
    o.reps = 4;
    o.threads = 2;
    std::vector<std::vector<double>> kept;
    o.onSeries = [&](int rep, const std::vector<double>& x) {
      w.add(rep, x);
      kept.push_back(x);
    };
    result = runReplications(sc.def, o);
    w.close();
    const testing::CsvTable t = testing::parseCsv(slurp(dir / "series.csv"));
    const auto cols = seriesColumnsOf(sc.def).names();
    REQUIRE(t.header.size() == cols.size() + 3);
    CHECK(t.header[0] == "replication");
    CHECK(t.header[1] == "step");
    CHECK(t.header[2] == "day");
    CHECK(t.has("btc.fee_rate"));  // the pools' columns follow the step metrics
    REQUIRE(t.rows.size() == 4u * 41u);
    // Long form: row (rep, step) holds that replication's value of each column,
    // to the bit (shortest round-trip text).
    const size_t rows = 41, pw = poolNamesOf(sc.def).size() * kPoolStepMetricCount;
    int compared = 0;
    for (size_t rep = 0; rep < 4; ++rep)
      for (size_t step = 0; step < rows; step += 13) {
        const size_t row = rep * rows + step;
        CHECK(t.text(row, "replication") == std::to_string(rep));
        CHECK(t.text(row, "step") == std::to_string(step));
        for (size_t c = 0; c < cols.size(); ++c) {
          const double want = c < static_cast<size_t>(kStepMetricCount)
                                  ? kept[rep][step * kStepMetricCount + c]
                                  : kept[rep][rows * kStepMetricCount + step * pw + (c - kStepMetricCount)];
          const double got = t.number(row, cols[c]);
          if (std::isnan(want)) {
            CHECK(std::isnan(got));
          } else {
            CHECK(std::memcmp(&want, &got, sizeof want) == 0);
            ++compared;
          }
        }
      }
    CHECK(compared > 500);
    // The mean over replications of a step's values is timeseries.csv's mean (same order of sums).
    for (size_t step = 0; step < rows; ++step) {
      double s = 0;
      int n = 0;
      for (size_t rep = 0; rep < 4; ++rep) {
        const double v = kept[rep][step * kStepMetricCount + static_cast<size_t>(StepMetric::Participation)];
        if (!std::isnan(v)) { s += v; ++n; }
      }
      const double mean = result.meanSeries[step * kStepMetricCount + static_cast<size_t>(StepMetric::Participation)];
      if (n) CHECK(s / n == mean);
    }
  }
  fs::remove_all(dir);
}

#ifdef MUTUALAB_TEST_ZLIB
TEST_CASE("series.csv.gz decompresses to exactly series.csv", "[series]") {
  REQUIRE(gzipAvailable());
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee", {"sim/steps=30"});
  const fs::path dir = freshDir("gz");
  const Captured c = capture(sc.def, 3, 2, 11);
  for (const char* name : {"series.csv", "series.csv.gz"}) {
    SeriesWriter w((dir / name).string(), SeriesColumns{}, sc.def.sim.stepDays);
    for (size_t r = 0; r < c.series.size(); ++r) w.add(static_cast<int>(r), c.series[r]);
    w.close();
  }
  gzFile gz = gzopen((dir / "series.csv.gz").string().c_str(), "rb");
  REQUIRE(gz);
  std::string text;
  char buf[4096];
  for (int n; (n = gzread(gz, buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  gzclose(gz);
  const std::string plain = slurp(dir / "series.csv");
  CHECK(text == plain);
  CHECK(fs::file_size(dir / "series.csv.gz") * 2 < plain.size());  // it is compressed
  fs::remove_all(dir);
}
#endif

TEST_CASE("series formats: auto switches to gzip above the threshold, bad names are refused", "[series]") {
  CHECK(parseSeriesFormat("auto", "--series") == SeriesFormat::Auto);
  CHECK(seriesFileName(SeriesFormat::None, 1e9).empty());
  CHECK(seriesFileName(SeriesFormat::Csv, 1e9) == "series.csv");
  CHECK(seriesFileName(SeriesFormat::Auto, kSeriesGzipAbove) == "series.csv");
  CHECK(seriesFileName(SeriesFormat::Auto, kSeriesGzipAbove + 1) ==
        (gzipAvailable() ? "series.csv.gz" : "series.csv"));
  CHECK_THROWS_WITH(parseSeriesFormat("zip", "--series"), Catch::Contains("expected one of none, auto, csv, gz; got 'zip'"));
}

TEST_CASE("a cancelled run stops with Cancelled, an uncommitted results folder leaves the old one untouched", "[series]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee", {});
  std::atomic<bool> cancel{true};
  RunOptions o;
  o.reps = 4;
  o.threads = 2;
  o.cancel = &cancel;
  CHECK_THROWS_AS(runReplications(sc.def, o), Cancelled);

  const fs::path dir = freshDir("commit");
  writeResultsDir((dir / "run").string(), {{"summary.json", "{}\n"}});
  {
    ResultsDirWriter w((dir / "run").string());
    w.add("summary.json", "{\"new\": 1}\n");
    // no commit: as when a run is cancelled or fails while writing
  }
  CHECK(slurp(dir / "run" / "summary.json") == "{}\n");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);  // no .tmp sibling left behind
  {
    ResultsDirWriter w((dir / "run").string());
    w.add("summary.json", "{\"new\": 1}\n");
    w.commit();
  }
  CHECK(slurp(dir / "run" / "summary.json") == "{\"new\": 1}\n");
  fs::remove_all(dir);
}

TEST_CASE("sweep --series: each cell's series is `mutualab run`'s series.csv, resume reruns a cell whose series is missing",
          "[series][sweep]") {
  const SweepSpec spec = parseSweepSpec(nlohmann::json::parse(R"({
    "name": "s", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 4, "set": ["sim/steps=50", "writers/count=60"],
    "grid": {"pool/feeRule/params/loading": [0.1, 0.6]}
  })"), "test");
  const fs::path d = freshDir("sweep");
  fs::remove_all(d);
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  o.series = SeriesFormat::Csv;
  REQUIRE(runSweep(spec, o) == 2);
  const testing::CliResult r = testing::cli(
      "run preset:akerlof-flat-fee --set sim/steps=50 --set writers/count=60 --set pool/feeRule/params/loading=0.6 "
      "--seed 4 --reps 3 --threads 1 --quiet --series csv --out " + (d / "run").string());
  REQUIRE(r.code == 0);
  const std::string cell1 = slurp(d / "series" / "cell-00001.csv");
  CHECK(cell1 == slurp(d / "run" / "series.csv"));
  CHECK(cell1 != slurp(d / "series" / "cell-00000.csv"));
  // A user's file in series/ is never touched; a missing series file means the cell runs again.
  std::ofstream(d / "series" / "notes.txt") << "mine\n";
  fs::remove(d / "series" / "cell-00001.csv");
  o.resume = true;
  CHECK(runSweep(spec, o) == 1);
  CHECK(slurp(d / "series" / "cell-00001.csv") == cell1);
  o.resume = false;
  CHECK(runSweep(spec, o) == 2);
  CHECK(slurp(d / "series" / "notes.txt") == "mine\n");
  // Run again with no series: the old cells' series go (they would read as this run's), the user's file stays.
  o.series = SeriesFormat::None;
  CHECK(runSweep(spec, o) == 2);
  CHECK_FALSE(fs::exists(d / "series" / "cell-00000.csv"));
  CHECK_FALSE(fs::exists(d / "series" / "cell-00001.csv"));
  CHECK(slurp(d / "series" / "notes.txt") == "mine\n");
  fs::remove_all(d);
}

TEST_CASE("tournament --series: one file per cell, a replication's rows as a run of that market gives", "[series][tournament]") {
  const TournamentSpec spec = parseTournamentSpec(nlohmann::json::parse(R"({
    "name": "t", "scenario": "preset:akerlof-flat-fee", "format": "all-in-one", "reps": 3, "seed": 2,
    "set": ["sim/steps=40", "writers/count=40"],
    "strategies": [{"label": "silo", "name": "always-silo"}, {"label": "pool", "name": "always-pool"}],
    "designs": [{"label": "flat", "set": ["pool/feeRule/name=flat"]}, {"label": "risk", "set": ["pool/feeRule/name=risk-based"]}]
  })"), "test");
  const fs::path d = freshDir("tournament");
  fs::remove_all(d);
  TournamentOptions o;
  o.outDir = d.string();
  o.threads = 2;
  o.series = SeriesFormat::Csv;
  runTournament(spec, o);
  const testing::CsvTable a = testing::parseCsv(slurp(d / "series" / "cell-00000.csv")),
                          b = testing::parseCsv(slurp(d / "series" / "cell-00001.csv"));
  REQUIRE(a.rows.size() == 3u * 41u);
  REQUIRE(b.rows.size() == a.rows.size());
  // The same market draws (common random numbers), different fee rules.
  CHECK(a.text(100, "price") == b.text(100, "price"));
  CHECK(a.text(100, "fee_rate") != b.text(100, "fee_rate"));
  // Its mean participation per step is the tournament's own series.csv.
  const testing::CsvTable means = testing::parseCsv(slurp(d / "series.csv"));
  for (size_t step : {10u, 40u}) {
    double s = 0;
    for (size_t rep = 0; rep < 3; ++rep) s += a.number(rep * 41 + step, "pool_participation");
    CHECK(means.number(step, "pool_participation") == Approx(s / 3).epsilon(1e-9));
  }
  // Again with no series: none of the old run's is left beside the new results.
  o.series = SeriesFormat::None;
  runTournament(spec, o);
  CHECK_FALSE(fs::exists(d / "series"));
  CHECK(fs::exists(d / "series.csv"));  // the tournament's own mean series, rewritten
  fs::remove_all(d);
}
