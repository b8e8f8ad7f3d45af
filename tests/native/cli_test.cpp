// The mutualab command line as a user meets it: exit codes (0 ok, 2 bad
// input), messages naming the JSON path, and output that is never
// half-written.
#include <catch2/catch.hpp>

#include "support/cli.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {
using Result = mutualab::testing::CliResult;
using mutualab::testing::cli;

fs::path tempDir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("mutualab_cli_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string writeFile(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST_CASE("help and version exit 0 and teach", "[cli]") {
  const Result h = cli("--help");
  CHECK(h.code == 0);
  CHECK_THAT(h.output, Catch::Contains("run") && Catch::Contains("presets") && Catch::Contains("price"));
  const Result rh = cli("run --help");
  CHECK(rh.code == 0);
  CHECK_THAT(rh.output, Catch::Contains("--seed") && Catch::Contains("--reps") && Catch::Contains("--threads") &&
                            Catch::Contains("--set") && Catch::Contains("Examples"));
  const Result v = cli("--version");
  CHECK(v.code == 0);
  CHECK_THAT(v.output, Catch::Contains("mutualab"));
  CHECK(cli("").code == 2);             // no subcommand
  CHECK(cli("frobnicate").code == 2);   // unknown subcommand
}

TEST_CASE("a value an option cannot take names the option, what it expects and what it got", "[cli]") {
  const Result r = cli("run --reps 1.5");
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("error: --reps: expected a whole number, got '1.5'"));
  CHECK_THAT(cli("run --threads two").output, Catch::Contains("error: --threads: expected a whole number, got 'two'"));
  CHECK_THAT(cli("run --reps 99999999999").output,
             Catch::Contains("error: --reps: expected a smaller whole number, got '99999999999'"));
  const Result h = cli("risk --positions 10 --horizon-days 1.5");
  CHECK(h.code == 2);
  CHECK_THAT(h.output, Catch::Contains("error: --horizon-days: expected a whole number, got '1.5'"));
  CHECK_THAT(cli("risk --positions 10 --levels 0.99,abc").output,
             Catch::Contains("error: --levels: level 2: expected a confidence level in (0, 1) such as 0.99, got 'abc'"));
  // Numbers in decimal only (an audit's fuzzing, 2026-12-05): CLI11 read
  // "010" as octal 8 (--reps 010 ran 8 replications), "0x" as hex, and an
  // empty value as 0 (--threads '' meant all cores).
  for (const auto& [args, said] : std::vector<std::pair<std::string, std::string>>{
           {"run --reps 010", "--reps: expected a whole number without a leading zero (it would read as octal), got '010'"},
           {"risk --positions 10 --horizon-days 010", "--horizon-days: expected a whole number without a leading zero"},
           {"run --reps 0x2", "--reps: expected a whole number in decimal, got '0x2'"},
           {"run --threads ''", "--threads: expected a whole number, got an empty value"},
           {"price --kind put --spot 0x1p3 --strike 8", "--spot: expected a number (e.g. 0.5 or 1e5) in decimal, got '0x1p3'"},
           {"risk --positions 10 --insurance-fund 0x10", "--insurance-fund: expected a number (e.g. 0.5 or 1e5) in decimal"}}) {
    const Result bad = cli(args);
    INFO(args);
    CHECK(bad.code == 2);
    CHECK_THAT(bad.output, Catch::Contains("error: " + said));
  }
  CHECK(cli("price --kind put --spot 8.0 --strike 8 --rate 0 --vol 0.5 --years 1").code == 0);  // 8.0 and 0.5: decimal
  // A thread count no machine has is a typo, refused by every command that takes one.
  const std::string src = MUTUALAB_SOURCE_DIR;
  for (const std::string& c : {std::string("run preset:akerlof-flat-fee"), std::string("risk --positions 10"),
                              std::string("backtest preset:akerlof-flat-fee"), "sweep " + src + "/experiments/sweeps/fee-loading.json",
                              "tournament " + src + "/experiments/tournaments/dumping.json"}) {
    INFO(c);
    const Result t = cli(c + " --threads 100000 --out " + (fs::temp_directory_path() / "mutualab_threads_x").string());
    CHECK(t.code == 2);
    CHECK_THAT(t.output, Catch::Contains("error: --threads: must be in [0, 1024] (0 = all cores; this machine has "));
    CHECK_FALSE(fs::exists(fs::temp_directory_path() / "mutualab_threads_x"));
  }
  CHECK_THAT(cli("run preset:akerlof-flat-fee --threads -1").output, Catch::Contains("error: --threads: must be in [0, 1024]"));
}

TEST_CASE("fields lists the parameter table, an unknown prefix is exit 2 with a suggestion", "[cli][fields]") {
  const Result r = cli("fields pool");
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("pool/exitFee  (number, default 0.0, of withdrawal)") &&
                           Catch::Contains("exit fee: fraction of every withdrawal kept by the pool") &&
                           Catch::Contains("Allowed: [0, 1)"));
  const Result j = cli("fields sim/steps --json");
  REQUIRE(j.code == 0);
  const auto rows = nlohmann::json::parse(j.output);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["default"] == 365);
  CHECK(rows[0]["maximum"] == 100000);
  CHECK(rows[0]["unit"] == "steps");
  const Result bad = cli("fields pool/exitfe");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("did you mean 'pool/exitFee'?"));
  CHECK_THAT(cli("run --help").output, Catch::Contains("mutualab fields"));
}

TEST_CASE("presets lists the required scenarios with a story each", "[cli]") {
  const Result r = cli("presets");
  CHECK(r.code == 0);
  for (const char* p : {"siloed-vs-mutualized", "akerlof-flat-fee", "risk-based-fee", "black-swan"}) CHECK_THAT(r.output, Catch::Contains(p));
}

TEST_CASE("price prints Black-Scholes price and greeks as JSON", "[cli]") {
  const Result r = cli("price --kind call --spot 42 --strike 40 --rate 0.1 --vol 0.2 --years 0.5");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.output);
  CHECK(j["price"].get<double>() == Approx(4.76).margin(0.005));  // Hull's example
  CHECK(j.contains("delta"));
  CHECK(j.contains("gamma"));
  CHECK(j.contains("vega"));
  const Result bad = cli("price --kind straddle --spot 42 --strike 40 --rate 0.1 --vol 0.2 --years 0.5");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--kind"));
  const Result neg = cli("price --kind put --spot -1 --strike 40 --rate 0.1 --vol 0.2 --years 0.5");
  CHECK(neg.code == 2);
  CHECK_THAT(neg.output, Catch::Contains("--spot"));
}

TEST_CASE("size shows capital growing like sqrt(N) for independent positions, like N when correlated", "[cli]") {
  auto exponent = [](const std::string& corr) {
    const Result r = cli("size --scan 50,200 --samples 20000 --correlation " + corr);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.output)[1]["growth_exponent_vs_previous"].get<double>();
  };
  CHECK(exponent("0") == Approx(0.5).margin(0.08));
  CHECK(exponent("0.9") == Approx(1.0).margin(0.08));
  const Result bad = cli("size --default-probability 0");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--default-probability"));
}

TEST_CASE("run writes the four result files and a table", "[cli]") {
  const fs::path d = tempDir("run");
  const Result r = cli("run preset:risk-based-fee --reps 2 --threads 2 --seed 5 --set sim/steps=40 --out " + (d / "o").string());
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("ASI") && Catch::Contains("summary.json"));
  for (const char* f : {"summary.json", "timeseries.csv", "agents.csv", "replications.csv"}) CHECK(fs::exists(d / "o" / f));
  std::ifstream in(d / "o" / "summary.json");
  const auto j = nlohmann::json::parse(in);
  CHECK(j["seed"] == 5);
  CHECK(j["reps"] == 2);
  CHECK(j["scenario"]["sim"]["steps"] == 40);
  fs::remove_all(d);
}

TEST_CASE("the same seed gives byte-identical files with 1 and 2 threads", "[cli][determinism]") {
  const fs::path d = tempDir("threads");
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  for (const char* t : {"1", "2"})
    REQUIRE(cli(std::string("run preset:lp-run --reps 5 --seed 9 --quiet --threads ") + t + " --out " + (d / t).string()).code == 0);
  for (const char* f : {"summary.json", "timeseries.csv", "series.csv", "agents.csv", "replications.csv"}) {
    INFO(f);
    CHECK(slurp(d / "1" / f) == slurp(d / "2" / f));
    CHECK(slurp(d / "1" / f).size() > 100);
  }
  fs::remove_all(d);
}

TEST_CASE("validate accepts presets and refuses bad scenarios", "[cli]") {
  CHECK(cli("validate preset:black-swan").code == 0);
  const Result r = cli("validate preset:nope");
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("akerlof-flat-fee"));  // lists what exists
}

TEST_CASE("every class of bad input is refused with its JSON path, exit 2, and nothing written", "[cli][bad-input]") {
  const fs::path d = tempDir("bad");
  const fs::path out = d / "out";
  // An existing output directory must survive a refused run untouched.
  fs::create_directories(out);
  writeFile(out / "keep.txt", "precious");
  struct Case {
    const char* what;
    std::string scenario;  // file content
    std::string extra;     // extra CLI args
    const char* expect;    // in the message
  };
  const Case cases[] = {
      {"wrong type", R"({"name":"x","writers":{"count":"many"}})", "", "/writers/count"},
      {"unknown key", R"({"name":"x","writers":{"tehta":{}}})", "", "/writers/tehta"},
      {"missing field", R"({"name":"x","pool":{"feeRule":{"params":{}}}})", "", "/pool/feeRule/name"},
      {"NaN", R"({"name":"x"})", "--set writers/theta/sd=nan", "/writers/theta/sd"},
      {"negative capital", R"({"name":"x","lps":{"capital":{"mean":-5}}})", "", "/lps/capital/mean"},
      {"probability outside [0,1]", R"({"name":"x","buyers":{"informedShare":1.5}})", "", "/buyers/informedShare"},
      {"negative sd", R"({"name":"x","writers":{"theta":{"mean":0.5,"sd":-1}}})", "", "/writers/theta/sd"},
      {"too big for memory", R"({"name":"x","writers":{"count":2000000000}})", "", "/writers/count"},
      {"unknown fee rule", R"({"name":"x","pool":{"feeRule":{"name":"free"}}})", "", "/pool/feeRule/name"},
      {"unknown strategy", R"({"name":"x","writers":{"strategies":[{"name":"yolo"}]}})", "", "/writers/strategies/0/name"},
      {"bad strategy param", R"({"name":"x","writers":{"strategies":[{"name":"threshold-dumping","params":{"threshold":2}}]}})", "", "/writers/strategies/0/params/threshold"},
      {"not JSON", "{\"name\": ", "", "line"},
      {"bad override path", R"({"name":"x"})", "--set writers/nope=1", "writers/nope"},
      {"bad reps", R"({"name":"x"})", "--reps 0", "--reps"},
      {"negative seed", R"({"name":"x"})", "--seed -3", "--seed"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const std::string file = writeFile(d / "s.json", c.scenario);
    const Result r = cli("run " + file + " --quiet --out " + out.string() + " " + c.extra);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains(c.expect));
    CHECK_THAT(r.output, Catch::Contains("error"));
    CHECK(fs::exists(out / "keep.txt"));
    CHECK_FALSE(fs::exists(out / "summary.json"));
  }
  const Result missing = cli("run " + (d / "absent.json").string());
  CHECK(missing.code == 2);
  CHECK_THAT(missing.output, Catch::Contains("absent.json"));
  fs::remove_all(d);
}

// From an audit's fuzzing (2026-12-05): "expected an object, got number 1"
// named neither the file nor where in it.
TEST_CASE("a scenario file that is not a JSON object is named as such", "[cli]") {
  const fs::path d = tempDir("not_object");
  writeFile(d / "one.json", "1\n");
  const Result r = cli("validate " + (d / "one.json").string());
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("error: SCENARIO: '" + (d / "one.json").string() +
                                       "': a scenario must be a JSON object {...}, got a number"));
  const Result piped = cli("validate -", "echo '[1]' |");
  CHECK(piped.code == 2);
  CHECK_THAT(piped.output, Catch::Contains("standard input: a scenario must be a JSON object {...}, got an array"));
  fs::remove_all(d);
}

TEST_CASE("run with a data price path: a bad file is exit 2 naming line and column, nothing written, and a good "
          "one is cited in summary.json", "[cli][price-path]") {
  const fs::path d = tempDir("price_path");
  const fs::path out = d / "out";
  // The scenario names its file relative to its own folder; the CLI runs from elsewhere.
  writeFile(d / "s.json", R"({"name":"crash","sim":{"steps":20},"writers":{"count":20},"lps":{"count":5},)"
                          R"("market":{"pricePath":{"file":"crash.csv"}}})");
  writeFile(d / "crash.csv", "time,asset,price\n0,ETH,2000\n5,ETH,-1900\n20,ETH,1500\n");
  const Result bad = cli("run " + (d / "s.json").string() + " --quiet --out " + out.string(), "cd / &&");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("/market/pricePath/file") &&
                             Catch::Contains("crash.csv line 3, column 7: expected a price > 0, found '-1900'"));
  CHECK_FALSE(fs::exists(out));

  writeFile(d / "crash.csv", "time,asset,price\n0,ETH,2000\n5,ETH,1900\n10,ETH,1500\n");
  const Result shortPath = cli("run " + (d / "s.json").string() + " --quiet --out " + out.string(), "cd / &&");
  CHECK(shortPath.code == 2);
  CHECK_THAT(shortPath.output, Catch::Contains("line 4, column 1: expected ETH's rows to reach day 20"));
  CHECK_FALSE(fs::exists(out));

  const std::string csv = "time,asset,price\n0,ETH,2000\n5,ETH,1900\n20,ETH,1500\n";
  writeFile(d / "crash.csv", csv);
  const Result ok = cli("run " + (d / "s.json").string() + " --quiet --reps 2 --out " + out.string(), "cd / &&");
  REQUIRE(ok.code == 0);
  std::ifstream in(out / "summary.json");
  const nlohmann::json s = nlohmann::json::parse(in);
  const nlohmann::json& p = s["scenario"]["market"]["pricePath"];
  CHECK(p["file"] == "crash.csv");
  CHECK(p["rows"] == 3);
  CHECK(p["fnv1a64"].get<std::string>().size() == 16);
  fs::remove_all(d);
}

TEST_CASE("Ctrl-C stops a run or a risk measure: exit 130, a message, and no output folder or temporary beside it",
          "[cli][interrupt]") {
  const fs::path d = fs::temp_directory_path() / "mutualab_interrupt";
  fs::remove_all(d);
  fs::create_directories(d);
  // 400 replications take far longer than the second before SIGINT comes.
  const auto r = cli("run preset:akerlof-flat-fee --reps 400 --quiet --out " + (d / "out").string(),
                     "timeout --preserve-status -s INT 1");
  CHECK(r.code == 130);
  CHECK_THAT(r.output, Catch::Contains("interrupted: stopped, and wrote no results"));
  CHECK(fs::is_empty(d));  // no out/, no out.tmp.PID/
  // One interrupt delivered twice at once (timeout and supervisors signal the
  // process, then its group) is one interrupt, not the "second Ctrl-C" that
  // ends the process where it stands.
  const auto twice = cli("run preset:akerlof-flat-fee --reps 400 --quiet --out " + (d / "twice").string(),
                         "sh -c '\"$0\" \"$@\" & p=$!; sleep 1; kill -INT $p; sleep 0.01; kill -INT $p; wait $p'");
  CHECK(twice.code == 130);
  CHECK_THAT(twice.output, Catch::Contains("interrupted: stopped, and wrote no results"));
  CHECK(fs::is_empty(d));
  // risk too, between blocks of samples (10,000 positions x 10^6 samples take minutes).
  const auto risk = cli("risk --positions 10000 --samples 1e6 --quiet --out " + (d / "risk").string(),
                        "timeout --preserve-status -s INT 1");
  CHECK(risk.code == 130);
  CHECK_THAT(risk.output, Catch::Contains("interrupted"));
  CHECK(fs::is_empty(d));
  fs::remove_all(d);
}
