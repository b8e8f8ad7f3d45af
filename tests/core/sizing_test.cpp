#include "core/sizing.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/errors.h"

using namespace mutualab;

namespace {

// At-the-money 30-day puts on a 70%-vol underlying: skewed losses, so the
// √N law only holds once enough positions are pooled (N = 50 is plenty).
SizingDef pool(int positions, double correlation) {
  SizingDef def;
  def.positions = positions;
  def.correlation = correlation;
  def.samples = 20000;
  def.seed = 2024;
  validateSizingDef(def);
  return def;
}

double capitalRatio(int positions, double correlation) {
  const double small = runSizing(pool(positions, correlation)).capitalAboveExpectedLoss;
  const double large = runSizing(pool(4 * positions, correlation)).capitalAboveExpectedLoss;
  REQUIRE(small > 0.0);
  return large / small;
}

// The InputError a def raises, or an empty one with no path if it passes.
InputError rejection(const SizingDef& def, InputSyntax syntax, const std::string& jsonBase = "") {
  try {
    validateSizingDef(def, syntax, jsonBase);
  } catch (const InputError& e) {
    return e;
  }
  return InputError("", "accepted");
}

}  // namespace

TEST_CASE("independent positions need capital growing like sqrt(N)", "[sizing]") {
  const SizingResult small = runSizing(pool(50, 0.0));
  const SizingResult large = runSizing(pool(200, 0.0));
  REQUIRE(small.capitalAboveExpectedLoss > 0.0);
  const double ratio = large.capitalAboveExpectedLoss / small.capitalAboveExpectedLoss;
  INFO("capital(200) / capital(50) = " << ratio << ", sqrt(4) = 2");
  CHECK(ratio > 1.7);
  CHECK(ratio < 2.3);
  // So capital per position halves: the point of pooling.
  CHECK(large.capitalPerPosition / small.capitalPerPosition == Approx(ratio / 4).epsilon(1e-12));
  CHECK(large.capitalPerPosition < 0.6 * small.capitalPerPosition);
}

TEST_CASE("correlated positions need capital growing like N", "[sizing]") {
  for (double correlation : {0.9, 1.0}) {
    const double ratio = capitalRatio(50, correlation);
    INFO("correlation " << correlation << ": capital(200) / capital(50) = " << ratio << ", N ratio = 4");
    CHECK(ratio > 3.4);
    CHECK(ratio < 4.2);
  }
}

TEST_CASE("sizing statistics agree with closed forms", "[sizing]") {
  SizingDef def;
  def.positions = 40;
  def.notional = 1000;
  def.driftAnnual = 0.05;
  def.tenorYears = 0.25;
  def.volAnnual = 0.5;
  def.defaultProbability = 0.02;
  def.samples = 20000;
  def.seed = 9;

  SECTION("expected loss is N x notional x the expected payoff") {
    for (OptionKind kind : {OptionKind::Put, OptionKind::Call}) {
      def.kind = kind;
      def.moneyness = kind == OptionKind::Put ? 0.9 : 1.1;
      def.correlation = 0.3;
      validateSizingDef(def);
      const SizingResult r = runSizing(def);
      const double exact = def.positions * def.notional *
                           coverTailMean(kind, 1.0, def.moneyness, def.driftAnnual, def.volAnnual, def.tenorYears, 1.0);
      INFO("MC " << r.expectedLoss << " +- " << r.expectedLossStdErr << " vs " << exact);
      CHECK(std::abs(r.expectedLoss - exact) < 4 * r.expectedLossStdErr);
      CHECK(r.expectedLossStdErr < 0.02 * exact);
      CHECK(r.expectedLossStdErr == Approx(r.lossSd / std::sqrt(def.samples)).epsilon(1e-12));
      CHECK(r.tailSamples == 400);
      CHECK(r.expectedShortfall > r.valueAtRisk);
      CHECK(r.valueAtRisk > r.expectedLoss);
      CHECK(r.capitalAboveExpectedLoss == r.valueAtRisk - r.expectedLoss);
      CHECK(r.capitalPerPosition == Approx(r.capitalAboveExpectedLoss / def.positions).epsilon(1e-15));
    }
  }
  SECTION("perfectly correlated pool: VaR and ES of one position times N") {
    // With correlation 1 the pool is one option N times over, so its tail is
    // the single option's tail, known in closed form.
    def.kind = OptionKind::Put;
    def.moneyness = 1.0;
    def.correlation = 1.0;
    validateSizingDef(def);
    const SizingResult r = runSizing(def);
    const double scale = def.positions * def.notional;
    const double p = def.defaultProbability;
    const double logSd = def.volAnnual * std::sqrt(def.tenorYears);
    const double logMean = (def.driftAnnual - 0.5 * def.volAnnual * def.volAnnual) * def.tenorYears;
    const double var = scale * (def.moneyness - std::exp(logMean + logSd * normQuantile(p)));
    const double es = scale * coverTailMean(OptionKind::Put, 1.0, def.moneyness, def.driftAnnual, def.volAnnual,
                                            def.tenorYears, p);
    INFO("VaR " << r.valueAtRisk << " vs " << var << "; ES " << r.expectedShortfall << " +- "
                << r.expectedShortfallStdErr << " vs " << es);
    CHECK(r.valueAtRisk == Approx(var).epsilon(0.02));
    CHECK(std::abs(r.expectedShortfall - es) < 4 * r.expectedShortfallStdErr + 0.01 * es);
    CHECK(r.expectedShortfallStdErr < 0.02 * es);
  }
  SECTION("no volatility: every sample loses the intrinsic value, no capital needed") {
    def.kind = OptionKind::Put;
    def.moneyness = 1.2;
    def.volAnnual = 0.0;
    def.driftAnnual = 0.0;
    validateSizingDef(def);
    const SizingResult r = runSizing(def);
    const double loss = def.positions * def.notional * 0.2;
    CHECK(r.expectedLoss == Approx(loss).epsilon(1e-12));
    CHECK(r.valueAtRisk == Approx(loss).epsilon(1e-12));
    CHECK(r.expectedShortfall == Approx(loss).epsilon(1e-12));
    CHECK(r.capitalAboveExpectedLoss == Approx(0.0).margin(1e-6 * loss));
  }
}

TEST_CASE("sizing depends on the seed alone", "[sizing]") {
  SizingDef def = pool(30, 0.4);
  def.samples = 5000;
  const SizingResult a = runSizing(def);
  const SizingResult b = runSizing(def);
  CHECK(a.expectedLoss == b.expectedLoss);
  CHECK(a.expectedLossStdErr == b.expectedLossStdErr);
  CHECK(a.lossSd == b.lossSd);
  CHECK(a.valueAtRisk == b.valueAtRisk);
  CHECK(a.expectedShortfall == b.expectedShortfall);
  CHECK(a.expectedShortfallStdErr == b.expectedShortfallStdErr);
  CHECK(a.capitalAboveExpectedLoss == b.capitalAboveExpectedLoss);
  CHECK(a.capitalPerPosition == b.capitalPerPosition);
  CHECK(a.tailSamples == b.tailSamples);

  def.seed += 1;
  const SizingResult c = runSizing(def);
  CHECK(c.expectedLoss != a.expectedLoss);
  CHECK(c.valueAtRisk != a.valueAtRisk);
  CHECK(c.expectedShortfall != a.expectedShortfall);
  // Same model, so a different seed moves the estimate only by sampling noise.
  CHECK(std::abs(c.expectedLoss - a.expectedLoss) < 6 * a.expectedLossStdErr);
}

// Each field in its range, together past a double (an audit's fuzzing,
// 2026-12-05: every statistic was null, exit 0).
TEST_CASE("a call whose loss would overflow the statistics is refused; a put's is bounded by its strike", "[sizing]") {
  SizingDef def;
  def.kind = OptionKind::Call;
  def.volAnnual = 0.0;
  def.driftAnnual = 10.0;
  def.tenorYears = 40.0;
  def.positions = 10;
  def.samples = 2000;
  const InputError e = rejection(def, InputSyntax::CliOption);
  CHECK(e.path() == "--drift-annual");
  CHECK_THAT(std::string(e.what()), Catch::Contains("a call's loss would reach about e^402") &&
                                        Catch::Contains("lower --drift-annual, --vol-annual or --tenor-years"));
  def.kind = OptionKind::Put;
  CHECK_NOTHROW(validateSizingDef(def));
  // Within the bound the statistics are numbers.
  def.kind = OptionKind::Call;
  def.tenorYears = 20.0;
  validateSizingDef(def);
  const SizingResult r = runSizing(def);
  CHECK(std::isfinite(r.lossSd));
  CHECK(std::isfinite(r.expectedShortfall));
}

TEST_CASE("validateSizingDef names the bad field", "[sizing]") {
  const SizingDef good;
  CHECK_NOTHROW(validateSizingDef(good));
  CHECK_NOTHROW(validateSizingDef(good, InputSyntax::CliOption));

  SECTION("message says what was expected and what was found") {
    SizingDef def;
    def.positions = 0;
    const InputError e = rejection(def, InputSyntax::JsonPointer);
    CHECK(e.path() == "/positions");
    CHECK(std::string(e.what()) == "/positions: must be >= 1, got 0");
    CHECK(rejection(def, InputSyntax::CliOption).path() == "--positions");
    CHECK(rejection(def, InputSyntax::JsonPointer, "/sizing").path() == "/sizing/positions");
  }

  struct BadField {
    std::function<void(SizingDef&)> spoil;
    std::string json;   // expected JSON pointer
    std::string cli;    // expected option name
    std::string found;  // the bad value as the message prints it
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const BadField cases[] = {
      {[](SizingDef& d) { d.positions = -3; }, "/positions", "--positions", "got -3"},
      {[](SizingDef& d) { d.positions = 2'000'000; }, "/positions", "--positions", "got 2000000"},
      {[](SizingDef& d) { d.moneyness = 0; }, "/moneyness", "--moneyness", "got 0"},
      {[nan](SizingDef& d) { d.moneyness = nan; }, "/moneyness", "--moneyness", "got nan"},
      {[](SizingDef& d) { d.volAnnual = -0.1; }, "/volAnnual", "--vol-annual", "got -0.1"},
      {[inf](SizingDef& d) { d.volAnnual = inf; }, "/volAnnual", "--vol-annual", "got inf"},
      {[](SizingDef& d) { d.driftAnnual = 25; }, "/driftAnnual", "--drift-annual", "got 25"},
      {[](SizingDef& d) { d.tenorYears = 0; }, "/tenorYears", "--tenor-years", "got 0"},
      {[](SizingDef& d) { d.notional = -1; }, "/notional", "--notional", "got -1"},
      {[](SizingDef& d) { d.correlation = -0.2; }, "/correlation", "--correlation", "got -0.2"},
      {[](SizingDef& d) { d.correlation = 1.5; }, "/correlation", "--correlation", "got 1.5"},
      {[](SizingDef& d) { d.defaultProbability = 0; }, "/defaultProbability", "--default-probability", "got 0"},
      {[](SizingDef& d) { d.defaultProbability = 0.7; }, "/defaultProbability", "--default-probability",
       "got 0.7"},
      {[](SizingDef& d) { d.samples = 50; }, "/samples", "--samples", "got 50"},
      // 10 tail draws at p = 0.001 need 10000 samples.
      {[](SizingDef& d) {
         d.defaultProbability = 0.001;
         d.samples = 9999;
       },
       "/samples", "--samples", "must be >= 10000"},
  };
  for (const BadField& bad : cases) {
    SizingDef def;
    bad.spoil(def);
    const InputError json = rejection(def, InputSyntax::JsonPointer);
    const InputError cli = rejection(def, InputSyntax::CliOption);
    INFO("JSON: " << json.what() << " | CLI: " << cli.what());
    CHECK(json.path() == bad.json);
    CHECK(cli.path() == bad.cli);
    CHECK_THAT(json.what(), Catch::Contains(bad.found) && Catch::StartsWith(bad.json + ": must be"));
  }
  // The bound is the tail size, not a flat minimum: the same samples pass at a larger p.
  SizingDef def;
  def.defaultProbability = 0.01;
  def.samples = 1000;
  CHECK_NOTHROW(validateSizingDef(def));
}
