#include <catch2/catch.hpp>
#include <cmath>

#include "core/book_greeks.h"
#include "core/risk_engine.h"
#include "support/markets.h"

using namespace mutualab;

namespace {
BookPosition put(double strike, double days, double units, double spot, double vol) {
  BookPosition p;
  p.kind = OptionKind::Put;
  p.strike = p.coverStrike = strike;
  p.expiryDays = days;
  p.units = units;
  p.spot = spot;
  p.volAnnual = vol;
  return p;
}

// V(0) as the risk engine prices it.
double valueNow(const RiskBook& b, const MarketDef& m) {
  RiskDef d;
  d.samples = 1;
  d.horizonDays = 1;
  return RiskEngine(b, m, d).valueNow();
}
}  // namespace

TEST_CASE("a book's sensitivities: one put's are Hull's, times units and cover share", "[risk][greeks]") {
  // Hull's example (Options, Futures and Other Derivatives): S 42, K 40, r 10 %, vol 20 %, 6 months.
  MarketDef m = testing::gbmMarket(42, 0.2);
  m.rateAnnual = 0.1;
  RiskBook b;
  BookPosition p = put(40, 0.5 * 365, 3, 42, 0.2);
  p.coverShare = 0.5;
  b.add(p);
  const auto s = bookSensitivities(b, m, 365);
  REQUIRE(s.size() == 1);
  const AssetSensitivity& a = s[0];
  CHECK(a.positions == 1);
  CHECK(a.spot == 42);
  // Per option: delta N(d1) - 1 = -0.2209, gamma 0.0500, vega 8.81 per 1.00 of vol; 1.5 options' worth here.
  CHECK(a.delta / 1.5 == Approx(-0.2209).margin(5e-5));
  CHECK(a.gamma / 1.5 == Approx(0.04996).margin(5e-5));
  CHECK(a.vega / 1.5 == Approx(8.813).margin(5e-3));
  CHECK(a.delta1pct == Approx(a.delta * 0.42));
  CHECK(a.gamma1pct == Approx(a.gamma * 0.42 * 0.42 / 2));
  CHECK(a.vega1pt == Approx(a.vega / 100));
  CHECK(a.theta1day == Approx(a.theta / 365));
  // The put's theta: -S phi(d1) vol / (2 sqrt T) + r K e^{-rT} N(-d2) = -0.75417 a year.
  CHECK(a.theta / 1.5 == Approx(-0.75417).margin(5e-5));
}

TEST_CASE("a book's sensitivities are the derivatives of the engine's V(0), caps and both kinds included",
          "[risk][greeks]") {
  MarketDef m = testing::twoAssetMarket();
  m.rateAnnual = 0.03;
  RiskBook b;
  b.add(put(1800, 20, 2, 2000, 0.65));
  BookPosition capped = put(1900, 9, 1.5, 2000, 0.7);
  capped.coverStrike = 1700;
  capped.maxCover = 300;  // a put spread 1700 / 1500
  b.add(capped);
  BookPosition call = put(2300, 30, 1, 2000, 0.75);
  call.kind = OptionKind::Call;
  call.coverStrike = 2500;
  call.maxCover = 150;
  call.coverShare = 0.8;
  b.add(call);
  BookPosition btc = put(38000, 14, 0.1, 40000, 0.5);
  btc.asset = 1;
  btc.writer = 7;
  b.add(btc);
  const auto s = bookSensitivities(b, m, 365);
  REQUIRE(s.size() == 2);
  CHECK(s[0].positions == 3);
  CHECK(s[1].positions == 1);
  const double v = valueNow(b, m);
  for (int asset = 0; asset < 2; ++asset) {
    const AssetSensitivity& a = s[static_cast<size_t>(asset)];
    auto bumped = [&](double spotBy, double volBy, double daysBy) {
      RiskBook c = b;
      for (int i = 0; i < c.size(); ++i)
        if (c.asset[static_cast<size_t>(i)] == asset) {
          c.spot[static_cast<size_t>(i)] *= 1 + spotBy;
          c.volAnnual[static_cast<size_t>(i)] += volBy;
          c.expiryDays[static_cast<size_t>(i)] += daysBy;
        }
      return valueNow(c, m);
    };
    const double S = a.spot, h = 1e-4;
    const double up = bumped(h, 0, 0), down = bumped(-h, 0, 0);
    CHECK((up - down) / (2 * h * S) == Approx(a.delta).epsilon(1e-6));
    CHECK((up - 2 * v + down) / (h * S * h * S) == Approx(a.gamma).epsilon(1e-4));
    CHECK((bumped(0, 1e-5, 0) - bumped(0, -1e-5, 0)) / 2e-5 == Approx(a.vega).epsilon(1e-6));
    // Time passing shortens every life: theta = -dV/dT.
    CHECK((bumped(0, 0, -1e-3) - bumped(0, 0, 1e-3)) / (2e-3 / 365) == Approx(a.theta).epsilon(1e-5));
    // +1 % on the spot: V moves by the delta and gamma terms, up to the third order.
    CHECK(bumped(0.01, 0, 0) - v == Approx(a.delta1pct + a.gamma1pct).epsilon(2e-3));
  }
  // A put book loses when the price falls; the capped call's cover gains when it rises.
  CHECK(s[1].delta < 0);
  CHECK(s[0].gamma > 0);
}

TEST_CASE("a book's sensitivities: an asset without positions is zeros, mixed spots give no spot", "[risk][greeks]") {
  const MarketDef m = testing::twoAssetMarket();
  RiskBook b;
  b.add(put(1800, 20, 2, 2000, 0.65));
  b.add(put(1800, 20, 2, 2010, 0.65));
  const auto s = bookSensitivities(b, m, 365);
  CHECK(s[1].positions == 0);
  CHECK(s[1].delta == 0);
  CHECK(s[1].vega1pt == 0);
  CHECK(std::isnan(s[0].spot));
  CHECK(s[0].delta1pct == Approx(s[0].delta * 20.05).epsilon(1e-3));
}
