// Issue 10's hostile-input battery, one regression test per class: no
// crash, no hang, no data loss; bad input exits 2 naming what to fix.
#include <catch2/catch.hpp>

#include "support/files.h"

#include "support/cli.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace fs = std::filesystem;
using mutualab::testing::cli;
using Result = mutualab::testing::CliResult;

namespace {
fs::path dir(const std::string& name) { return mutualab::testing::freshTempDir("mutualab_hostile_" + name); }
using mutualab::testing::slurp;
size_t entries(const fs::path& d) { return static_cast<size_t>(std::distance(fs::directory_iterator(d), fs::directory_iterator())); }
const std::string kRun = "run preset:akerlof-flat-fee --set sim/steps=30 --set writers/count=20 --quiet";
}  // namespace

TEST_CASE("run --out never deletes files mutualab did not write", "[cli][hostile][output]") {
  const fs::path d = dir("out");
  fs::create_directories(d / "d");
  std::ofstream(d / "d" / "keep") << "mine";
  const Result r = cli(kRun + " --reps 1 --out " + (d / "d").string());
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("--out") && Catch::Contains("not written by mutualab") && Catch::Contains("'keep'"));
  CHECK(slurp(d / "d" / "keep") == "mine");
  CHECK(entries(d / "d") == 1);
  // The working directory itself, as "$PWD" or ".": refused, everything kept.
  std::ofstream(d / "notes.txt") << "mine";
  for (const std::string& out : {d.string(), std::string("."), std::string("./")}) {
    const Result w = cli(kRun + " --reps 1 --out " + out, "cd " + d.string() + " &&");
    CHECK(w.code == 2);
    CHECK_THAT(w.output, Catch::Contains("current directory"));
    CHECK(slurp(d / "notes.txt") == "mine");
  }
  // Its own earlier results are replaced, as before.
  CHECK(cli(kRun + " --reps 1 --out " + (d / "mine").string()).code == 0);
  CHECK(cli(kRun + " --reps 1 --seed 2 --out " + (d / "mine").string()).code == 0);
  CHECK(fs::exists(d / "mine" / "summary.json"));
  // Not once someone has added a file to them: refused, all kept.
  std::ofstream(d / "mine" / "analysis.ipynb") << "mine";
  const std::string before = slurp(d / "mine" / "summary.json");
  const Result added = cli(kRun + " --reps 1 --seed 3 --out " + (d / "mine").string());
  CHECK(added.code == 2);
  CHECK_THAT(added.output, Catch::Contains("--out") && Catch::Contains("'analysis.ipynb', which mutualab did not write"));
  CHECK(slurp(d / "mine" / "analysis.ipynb") == "mine");
  CHECK(slurp(d / "mine" / "summary.json") == before);
  fs::remove_all(d);
}

// From an audit's fuzzing (2026-12-05): "new/" was refused with no reason by
// run, risk and backtest (a sweep took it), and a link to a missing folder
// was found unusable only when the finished results were moved there.
TEST_CASE("an --out folder may end in a slash; a link to nothing is refused before the work", "[cli][hostile][output]") {
  const fs::path d = dir("slash");
  CHECK(cli(kRun + " --reps 1 --out " + (d / "new").string() + "/").code == 0);
  CHECK(fs::exists(d / "new" / "summary.json"));
  CHECK(cli("risk --positions 1 --samples 2000 --quiet --out " + (d / "risk").string() + "/").code == 0);
  CHECK(fs::exists(d / "risk" / "risk.json"));
  fs::create_symlink("missing", d / "link");
  for (const std::string& command : {kRun + " --reps 1000", std::string("sweep " MUTUALAB_SOURCE_DIR "/experiments/sweeps/fee-loading.json --quiet")}) {
    const Result r = cli(command + " --out " + (d / "link").string());
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains("is a symbolic link to 'missing', which does not exist"));
  }
  CHECK(fs::is_symlink(d / "link"));
  CHECK_FALSE(fs::exists(d / "missing"));
  const Result root = cli(kRun + " --reps 1 --out /");
  CHECK(root.code == 2);
  CHECK_THAT(root.output, Catch::Contains("it names no folder to write"));
  fs::remove_all(d);
}

TEST_CASE("a scenario name cannot move the default output path", "[cli][hostile][output]") {
  const fs::path d = dir("name");
  fs::create_directories(d / "work");
  std::ofstream(d / "x") << "victim";
  std::ofstream(d / "work" / "evil.json") << R"({"name": "../../x", "writers": {"count": 20}, "sim": {"steps": 20}})";
  const Result r = cli("run evil.json --reps 1 --quiet", "cd " + (d / "work").string() + " &&");
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("/name:") && Catch::Contains("must not contain '/'"));
  CHECK(slurp(d / "x") == "victim");
  CHECK(!fs::exists(d / "work" / "out"));
  fs::remove_all(d);
}

TEST_CASE("scenario inputs that are not regular files are refused at once", "[cli][hostile][bad-input]") {
  const fs::path d = dir("inputs");
  REQUIRE(::mkfifo((d / "fifo").c_str(), 0600) == 0);
  const Result fifo = cli("validate " + (d / "fifo").string());  // would block forever if opened for reading
  CHECK(fifo.code == 2);
  CHECK_THAT(fifo.output, Catch::Contains("not a regular file"));
  const Result zero = cli("validate /dev/zero");
  CHECK(zero.code == 2);
  CHECK_THAT(zero.output, Catch::Contains("not a regular file"));
  const Result dir = cli("validate " + d.string());
  CHECK(dir.code == 2);
  CHECK_THAT(dir.output, Catch::Contains("is a directory"));
  const Result sweepDir = cli("sweep " + d.string());
  CHECK(sweepDir.code == 2);
  CHECK_THAT(sweepDir.output, Catch::Contains("is a directory"));
  // Standard input works for a scenario.
  const Result in = cli("validate -", "echo '{\"name\": \"piped\"}' |");
  CHECK(in.code == 0);
  CHECK_THAT(in.output, Catch::Contains("ok: piped"));
  fs::remove_all(d);
}

// nlohmann's parser stops at a NUL byte: a file with junk after one passed
// (an audit's fuzzing, 2026-12).
TEST_CASE("a NUL byte in a scenario file is refused, with its byte offset", "[cli][hostile][bad-input]") {
  const fs::path d = dir("nul");
  const std::string preset = slurp(fs::path(MUTUALAB_SOURCE_DIR) / "experiments" / "presets" / "akerlof-flat-fee.json");
  std::ofstream(d / "nul.json", std::ios::binary) << preset << std::string(1, '\0') << " this is not JSON at all {{{";
  const Result file = cli("validate " + (d / "nul.json").string());
  CHECK(file.code == 2);
  CHECK_THAT(file.output, Catch::Contains((d / "nul.json").string() + ": invalid JSON: a NUL byte (\\0) at byte offset " +
                                          std::to_string(preset.size())));
  // Through a pipe too, as standard input.
  const Result piped = cli("validate -", "printf '{\"name\": \"x\"}\\000junk' |");
  CHECK(piped.code == 2);
  CHECK_THAT(piped.output, Catch::Contains("a NUL byte (\\0) at byte offset 13"));
  // (A command line's arguments cannot hold a NUL; --set values from Python and links can: scenario_json_test.)
  fs::remove_all(d);
}

TEST_CASE("file names that are not UTF-8 are named in risk.json and backtest.json with U+FFFD", "[cli][hostile]") {
  // A file name is any bytes; a JSON record is UTF-8. risk ended with "internal error: [json.exception.type_error.316]"
  // and backtest blamed --out, after the work.
  const fs::path d = dir("utf8");
  const std::string fe = "\xfe", ff = "\xff", replacement = "\xef\xbf\xbd";  // U+FFFD in UTF-8
  fs::copy_file(fs::path(MUTUALAB_SOURCE_DIR) / "experiments" / "presets" / "akerlof-flat-fee.json", d / (fe + ".json"));
  const Result run = cli("run '" + (d / (fe + ".json")).string() + "' --set sim/steps=30 --quiet --book-at 20 --out '" +
                         (d / ("run" + ff)).string() + "'");
  REQUIRE(run.code == 0);
  const Result risk = cli("risk '" + (d / ("run" + ff) / "book.csv").string() + "' --scenario '" + (d / (fe + ".json")).string() +
                          "' --samples 2000 --quiet --out '" + (d / "risk").string() + "'");
  CHECK(risk.code == 0);
  const std::string riskJson = slurp(d / "risk" / "risk.json");
  CHECK_THAT(riskJson, Catch::Contains("\"book\": \"" + (d / ("run" + replacement) / "book.csv").string() + "\""));
  CHECK_THAT(riskJson, Catch::Contains("\"market\": \"" + (d / (replacement + ".json")).string() + "\""));
  const Result backtest = cli("backtest '" + (d / (fe + ".json")).string() + "' --set sim/steps=30 --samples 2000 --quiet --out '" +
                              (d / "backtest").string() + "'");
  CHECK(backtest.code == 0);
  CHECK_THAT(slurp(d / "backtest" / "backtest.json"),
             Catch::Contains("\"scenario\": \"" + (d / (replacement + ".json")).string() + "\""));
  fs::remove_all(d);
}

TEST_CASE("work beyond the stated caps is refused at once, naming the option", "[cli][hostile][bad-input]") {
  const Result reps = cli("run preset:akerlof-flat-fee --reps 100000000 --quiet");
  CHECK(reps.code == 2);
  CHECK_THAT(reps.output, Catch::Contains("--reps") && Catch::Contains("[1, 1000000]"));
  const Result p = cli("size --default-probability 1e-300");
  CHECK(p.code == 2);
  CHECK_THAT(p.output, Catch::Contains("--default-probability") && Catch::Contains("1e-07"));
  const Result draws = cli("size --positions 1000000 --samples 100000000");
  CHECK(draws.code == 2);
  CHECK_THAT(draws.output, Catch::Contains("--samples") && Catch::Contains("draws"));
  const Result scan = cli("size --scan 25,-4");
  CHECK(scan.code == 2);
  CHECK_THAT(scan.output, Catch::Contains("--scan") && Catch::Contains("-4"));
  // A stray comma is a typo, not a size (it was dropped before 2026-12-04).
  const Result stray = cli("size --scan 25,");
  CHECK(stray.code == 2);
  CHECK_THAT(stray.output, Catch::Contains("--scan: N 2: expected a whole number in [1, 1000000], got an empty item"));
  // --samples reads 2e4 as risk's does, and refuses an empty value or a fraction.
  const Result e4 = cli("size --samples 2e4 --positions 10");
  CHECK(e4.code == 0);
  const Result emptySamples = cli("size --samples ''");
  CHECK(emptySamples.code == 2);
  CHECK_THAT(emptySamples.output, Catch::Contains("--samples") && Catch::Contains("empty"));
  const Result half = cli("size --samples 2000.5");
  CHECK(half.code == 2);
  CHECK_THAT(half.output, Catch::Contains("--samples: expected a whole number"));
  const Result price = cli("price --kind call --spot 1e300 --strike 1e300 --rate 0 --vol 1e300 --years 1e300");
  CHECK(price.code == 2);
  CHECK_THAT(price.output, Catch::Contains("--spot") && Catch::Contains("(0, 1000000000000]"));
  // Inside the domain every number printed is finite (no nulls).
  for (const char* args : {"--spot 1e12 --strike 1 --rate 1 --vol 10 --years 100", "--spot 1 --strike 1e12 --rate -1 --vol 10 --years 100",
                           "--spot 1 --strike 1 --rate 0 --vol 0 --years 0", "--spot 1e-12 --strike 1 --rate 1 --vol 0.001 --years 1e-9"}) {
    for (const char* kind : {"call", "put"}) {
      const Result ok = cli(std::string("price --kind ") + kind + " " + args);
      INFO(args << " " << kind << "\n" << ok.output);
      CHECK(ok.code == 0);
      CHECK(ok.output.find("null") == std::string::npos);
    }
  }
}

// Each field in its range, together too far (an audit's fuzzing, 2026-12-05):
// before, the release build ran on with prices of inf or 0, the ledger fed
// INT64_MIN by an undefined conversion, and the summary said "conserved".
TEST_CASE("a market that moves prices beyond what mutualab can count is refused, exit 2", "[cli][hostile][bad-input]") {
  const std::string base = "run preset:akerlof-flat-fee --reps 1 --quiet --set writers/count=10 --set lps/count=5 ";
  const Result drift = cli(base + "--set sim/steps=40 --set sim/stepDays=366 --set market/assets/0/driftAnnual=10");
  CHECK(drift.code == 2);
  CHECK_THAT(drift.output, Catch::Contains("beyond what the ledger counts") && Catch::Contains("market/assets"));
  const Result jumps = cli(base + "--set market/assets/0/jumpIntensityAnnual=365 --set market/assets/0/jumpMeanLog=3 "
                                  "--set market/assets/0/jumpSdLog=2");
  CHECK(jumps.code == 2);
  CHECK_THAT(jumps.output, Catch::Contains("market/assets/0: ETH's price reaches") && Catch::Contains("at step 5"));
}

TEST_CASE("unknown commands are named, with the nearest suggested", "[cli][hostile]") {
  const Result r = cli("tornament x.json");
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("unknown command 'tornament'; did you mean 'tournament'?") && Catch::Contains("commands: run"));
  const Result far = cli("zzzzzzzzzzzz");
  CHECK(far.code == 2);
  CHECK_THAT(far.output, Catch::Contains("unknown command 'zzzzzzzzzzzz'") && !Catch::Contains("did you mean"));
}

TEST_CASE("a run survives the system refusing threads, with the same results", "[cli][hostile]") {
#if defined(__SANITIZE_ADDRESS__)
  SUCCEED("AddressSanitizer reserves terabytes of address space: ulimit -v cannot apply");
#else
  // 16 MB of address space runs mutualab on one thread (it needs ~12 MB)
  // but has no room for even one more 8 MiB thread stack: thread creation
  // fails, and the work runs on the caller's thread. (With ~20 MB one
  // thread may start and then find no heap: parallel.h reruns its item
  // alone, tests/experiments/parallel_test.cpp.)
  const fs::path d = dir("threads");
  const Result one = cli(kRun + " --threads 1 --reps 8 --out " + (d / "one").string());
  REQUIRE(one.code == 0);
  const Result many = cli(kRun + " --threads 8 --reps 8 --out " + (d / "many").string(), "ulimit -v 16000;");
  INFO(many.output);
  CHECK(many.code == 0);
  CHECK(slurp(d / "one" / "replications.csv") == slurp(d / "many" / "replications.csv"));
  CHECK(slurp(d / "one" / "timeseries.csv") == slurp(d / "many" / "timeseries.csv"));
  fs::remove_all(d);
#endif
}
