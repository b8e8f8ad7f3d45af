#include "core/sizing.h"

#include <algorithm>
#include <cstdio>
#include <cassert>
#include <cmath>
#include <vector>

#include <boost/random/normal_distribution.hpp>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/rng.h"

namespace mutualab {

namespace {

// Shortest text that reads back as the same double ("0.7", not "0.700000").
std::string formatNumber(double v) { return shortestNumber(v); }

// "defaultProbability" -> "default-probability".
std::string kebabCase(const char* camel) {
  std::string out;
  for (const char* c = camel; *c != '\0'; ++c) {
    if (*c >= 'A' && *c <= 'Z') {
      out += '-';
      out += static_cast<char>(*c - 'A' + 'a');
    } else {
      out += *c;
    }
  }
  return out;
}

class FieldChecker {
 public:
  FieldChecker(InputSyntax syntax, const std::string& jsonBase) : syntax_(syntax), jsonBase_(jsonBase) {}

  std::string path(const char* field) const {
    return syntax_ == InputSyntax::CliOption ? "--" + kebabCase(field) : jsonBase_ + "/" + field;
  }

  void intAtLeast(const char* field, long long v, long long lo, const std::string& why = "") const {
    if (v < lo) {
      throw InputError(path(field), "must be >= " + std::to_string(lo) + why + ", got " + std::to_string(v));
    }
  }
  void intAtMost(const char* field, long long v, long long hi) const {
    if (v > hi) throw InputError(path(field), "must be <= " + std::to_string(hi) + ", got " + std::to_string(v));
  }

  // lo and hi are inclusive unless the matching *Open flag is set.
  void number(const char* field, double v, double lo, bool loOpen, double hi, bool hiOpen) const {
    if (!std::isfinite(v)) throw InputError(path(field), "must be a finite number, got " + formatNumber(v));
    if (loOpen ? !(v > lo) : !(v >= lo)) {
      throw InputError(path(field), std::string(loOpen ? "must be > " : "must be >= ") + formatNumber(lo) +
                                        ", got " + formatNumber(v));
    }
    if (hiOpen ? !(v < hi) : !(v <= hi)) {
      throw InputError(path(field), std::string(hiOpen ? "must be < " : "must be <= ") + formatNumber(hi) +
                                        ", got " + formatNumber(v));
    }
  }

 private:
  InputSyntax syntax_;
  const std::string& jsonBase_;
};

// Tail size for a probability: floor(p·n), nudged so that 0.01 x 20000 is 200
// even when the product rounds to 199.99999999999997.
int tailCount(double p, int samples) { return static_cast<int>(std::floor(p * samples + 1e-9)); }

}  // namespace

void validateSizingDef(const SizingDef& def, InputSyntax syntax, const std::string& jsonBase) {
  const FieldChecker check(syntax, jsonBase);
  constexpr bool kOpen = true;
  constexpr bool kClosed = false;
  check.intAtLeast("positions", def.positions, 1);
  check.intAtMost("positions", def.positions, 1'000'000);
  check.number("moneyness", def.moneyness, 0.0, kOpen, 100.0, kClosed);
  check.number("volAnnual", def.volAnnual, 0.0, kClosed, 10.0, kClosed);
  check.number("driftAnnual", def.driftAnnual, -10.0, kClosed, 10.0, kClosed);
  check.number("tenorYears", def.tenorYears, 0.0, kOpen, 100.0, kClosed);
  check.number("notional", def.notional, 0.0, kOpen, 1e12, kClosed);
  // The one-factor model cannot express negative pairwise correlation for N > 2.
  check.number("correlation", def.correlation, 0.0, kClosed, 1.0, kClosed);
  // At least 10 draws must lie in the tail, with at most kMaxSizingSamples draws.
  check.number("defaultProbability", def.defaultProbability, 1e-7, kClosed, 0.5, kClosed);
  // Fewer than 10 draws beyond the VaR make the tail statistics noise.
  const long long minSamples =
      std::max(100LL, static_cast<long long>(std::ceil(10.0 / def.defaultProbability - 1e-9)));
  check.intAtLeast("samples", def.samples, minSamples, " (10 draws in the default-probability tail)");
  check.intAtMost("samples", def.samples, kMaxSizingSamples);
  // A call's loss grows as e^(its log return): at a drift of 10 a year over
  // 100 years, e^1000, past any double, and the statistics were null (exit
  // 0). The largest a sample's loss can plausibly reach (9 sd of the log
  // return), times positions and notional, squared for the sd, must stay a
  // number: its log under 340 (1e147), well inside a double's 1e308.
  if (def.kind == OptionKind::Call) {
    const double logSd = def.volAnnual * std::sqrt(def.tenorYears);
    const double logMean = (def.driftAnnual - 0.5 * def.volAnnual * def.volAnnual) * def.tenorYears;
    const double logLoss = logMean + 9.0 * logSd + std::log(static_cast<double>(def.positions) * def.notional);
    if (logLoss > 340.0) {
      char buf[320];
      std::snprintf(buf, sizeof buf,
                    "a call's loss would reach about e^%.0f (drift %g and volatility %g a year over %g years, %d "
                    "positions of %g): beyond what the loss statistics can count; lower %s, %s or %s",
                    logLoss, def.driftAnnual, def.volAnnual, def.tenorYears, def.positions, def.notional,
                    check.path("driftAnnual").c_str(), check.path("volAnnual").c_str(), check.path("tenorYears").c_str());
      throw InputError(check.path("driftAnnual"), buf);
    }
  }
  // The work is positions x samples normal draws (~10^8 a second on one core).
  const double draws = static_cast<double>(def.positions) * static_cast<double>(def.samples);
  if (draws > kMaxSizingDraws) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "positions x samples = %.3g draws, more than the %.0e (a few minutes) one sizing may take; "
                  "lower %s or %s", draws, kMaxSizingDraws, check.path("samples").c_str(), check.path("positions").c_str());
    throw InputError(check.path("samples"), buf);
  }
}

SizingResult runSizing(const SizingDef& def) {
  const int n = def.samples;
  const int tail = tailCount(def.defaultProbability, n);
  assert(def.positions >= 1 && tail >= 1 && tail < n);

  // Spot is 1, so a position's payoff per unit of notional is the payoff of
  // an option with strike = moneyness on S_T / S_0 = exp(logMean + logSd·Z).
  const double logSd = def.volAnnual * std::sqrt(def.tenorYears);
  const double logMean = (def.driftAnnual - 0.5 * def.volAnnual * def.volAnnual) * def.tenorYears;
  const double logStrike = std::log(def.moneyness);
  const double strike = def.moneyness;
  const double commonWeight = std::sqrt(def.correlation);
  const double ownWeight = std::sqrt(1.0 - def.correlation);
  const bool call = def.kind == OptionKind::Call;

  Engine engine = makeEngine(def.seed, 0, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::normal_distribution<double> normal(0.0, 1.0);

  std::vector<double> losses(static_cast<std::size_t>(n));
  double sum = 0.0;
  for (int s = 0; s < n; ++s) {
    const double common = commonWeight * normal(engine);  // drawn even when rho = 0: one stream layout
    double payoff = 0.0;
    for (int i = 0; i < def.positions; ++i) {
      const double logReturn = logMean + logSd * (common + ownWeight * normal(engine));
      // Compare in log space so out-of-the-money draws skip the exp.
      if (call) {
        if (logReturn > logStrike) payoff += std::exp(logReturn) - strike;
      } else {
        if (logReturn < logStrike) payoff += strike - std::exp(logReturn);
      }
    }
    const double loss = payoff * def.notional;
    losses[static_cast<std::size_t>(s)] = loss;
    sum += loss;
  }

  SizingResult r;
  r.expectedLoss = sum / n;
  double squares = 0.0;
  for (const double loss : losses) squares += (loss - r.expectedLoss) * (loss - r.expectedLoss);
  r.lossSd = std::sqrt(squares / (n - 1));
  r.expectedLossStdErr = r.lossSd / std::sqrt(static_cast<double>(n));

  // The tail is the `tail` largest losses; VaR is the largest loss outside it,
  // so the share of samples above VaR is at most p.
  const auto varAt = losses.begin() + (n - tail - 1);
  std::nth_element(losses.begin(), varAt, losses.end());
  r.valueAtRisk = *varAt;
  double tailSum = 0.0;
  for (auto it = varAt + 1; it != losses.end(); ++it) tailSum += *it;
  r.expectedShortfall = tailSum / tail;
  double tailSquares = 0.0;
  for (auto it = varAt + 1; it != losses.end(); ++it) {
    tailSquares += (*it - r.expectedShortfall) * (*it - r.expectedShortfall);
  }
  r.expectedShortfallStdErr = tail > 1 ? std::sqrt(tailSquares / (tail - 1) / tail) : 0.0;

  r.capitalAboveExpectedLoss = std::max(r.valueAtRisk - r.expectedLoss, 0.0);
  r.capitalPerPosition = r.capitalAboveExpectedLoss / def.positions;
  r.tailSamples = tail;
  return r;
}

}  // namespace mutualab
