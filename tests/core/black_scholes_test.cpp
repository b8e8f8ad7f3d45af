#include "core/black_scholes.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>

#include "core/rng.h"

using namespace mutualab;

namespace {

// Mean and standard error of a Monte Carlo sample.
struct Estimate {
  double mean = 0;
  double stdErr = 0;
};

Estimate estimate(const std::vector<double>& xs) {
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / static_cast<double>(xs.size());
  double squares = 0;
  for (double x : xs) squares += (x - mean) * (x - mean);
  const double var = squares / static_cast<double>(xs.size() - 1);
  return {mean, std::sqrt(var / static_cast<double>(xs.size()))};
}

double payoff(OptionKind kind, double terminal, double strike) {
  return kind == OptionKind::Call ? std::max(terminal - strike, 0.0) : std::max(strike - terminal, 0.0);
}

}  // namespace

TEST_CASE("normal distribution functions hit known values", "[black_scholes]") {
  CHECK(normCdf(0.0) == Approx(0.5).epsilon(1e-15));
  CHECK(normCdf(1.96) == Approx(0.9750021048517795).epsilon(1e-14));
  CHECK(normCdf(-5.0) == Approx(2.866515718791939e-07).epsilon(1e-12));
  CHECK(normPdf(0.0) == Approx(0.3989422804014327).epsilon(1e-15));
  CHECK(normPdf(1.0) == Approx(0.24197072451914337).epsilon(1e-14));
  CHECK(normQuantile(0.975) == Approx(1.959963984540054).epsilon(1e-13));
  CHECK(normQuantile(0.99) == Approx(2.3263478740408408).epsilon(1e-13));
  CHECK(normQuantile(0.01) == Approx(-2.3263478740408408).epsilon(1e-13));
  CHECK(normQuantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-12));
  CHECK(normQuantile(0.5) == 0.0);
  CHECK(std::isinf(normQuantile(0.0)));
  CHECK(normQuantile(0.0) < 0);
  CHECK(std::isinf(normQuantile(1.0)));
  CHECK(normQuantile(1.0) > 0);
}

TEST_CASE("normQuantile inverts normCdf", "[black_scholes]") {
  // Above x = 5 the cdf is within 3e-7 of 1 and a round trip loses digits to
  // the representation of p itself, not to the quantile; the lower tail is exact.
  for (double x = -30.0; x <= 5.0; x += 0.05) {
    INFO("x = " << x);
    CHECK(std::abs(normQuantile(normCdf(x)) - x) < 1e-9);
  }
  // Far in the lower tail, where Acklam's approximation alone is 1e-9 off,
  // the refined quantile maps back to p to rounding level.
  for (double p : {1e-300, 1e-100, 1e-20, 1e-5, 0.02425, 0.3, 0.7, 0.999}) {
    INFO("p = " << p);
    CHECK(normCdf(normQuantile(p)) == Approx(p).epsilon(1e-13));
  }
}

TEST_CASE("Black-Scholes matches textbook prices", "[black_scholes]") {
  SECTION("Hull: S=42, K=40, r=10%, vol=20%, T=0.5") {
    CHECK(bsPrice(OptionKind::Call, 42, 40, 0.10, 0.20, 0.5) == Approx(4.76).margin(0.005));
    CHECK(bsPrice(OptionKind::Put, 42, 40, 0.10, 0.20, 0.5) == Approx(0.81).margin(0.005));
  }
  SECTION("at the money: S=K=100, r=5%, vol=20%, T=1") {
    CHECK(bsPrice(OptionKind::Call, 100, 100, 0.05, 0.20, 1.0) == Approx(10.450583572185565).margin(1e-9));
    CHECK(bsPrice(OptionKind::Put, 100, 100, 0.05, 0.20, 1.0) == Approx(5.573526022256971).margin(1e-9));
  }
}

TEST_CASE("bsPrice agrees with blackScholes", "[black_scholes]") {
  for (OptionKind kind : {OptionKind::Call, OptionKind::Put}) {
    for (double spot : {50.0, 100.0, 150.0}) {
      for (double vol : {0.0, 0.05, 0.7}) {
        const BsInputs in{.kind = kind, .spot = spot, .strike = 100, .rate = 0.03, .vol = vol, .years = 0.25};
        // The kernel shares one e^{-y²} between Φ(d1) and Φ(d2), so the two
        // differ by rounding: within the kernel's stated accuracy (see
        // pricing_kernel_test.cpp): 1e-15 per unit of spot, and 1e-13
        // relative where the price is at least 1% of the spot (far out of
        // the money the price is a difference of two nearly equal terms).
        const double fast = bsPrice(kind, spot, 100, 0.03, vol, 0.25), full = blackScholes(in).price;
        INFO("spot " << spot << ", vol " << vol << ": " << fast << " vs " << full);
        CHECK(std::fabs(fast - full) <= 1e-15 * spot);
        if (full >= 0.01 * spot) CHECK(fast == Approx(full).epsilon(1e-13));
      }
    }
  }
}

TEST_CASE("put-call parity holds across a grid", "[black_scholes]") {
  int checked = 0;
  for (double spot : {50.0, 90.0, 100.0, 110.0, 200.0}) {
    for (double strike : {80.0, 100.0, 120.0}) {
      for (double rate : {-0.01, 0.0, 0.05, 0.2}) {
        for (double vol : {0.0, 0.05, 0.2, 0.8, 2.0}) {
          for (double years : {0.0, 0.01, 0.5, 2.0, 10.0}) {
            const double call = bsPrice(OptionKind::Call, spot, strike, rate, vol, years);
            const double put = bsPrice(OptionKind::Put, spot, strike, rate, vol, years);
            INFO("S=" << spot << " K=" << strike << " r=" << rate << " vol=" << vol << " T=" << years);
            CHECK(std::abs((call - put) - (spot - strike * std::exp(-rate * years))) < 1e-10);
            ++checked;
          }
        }
      }
    }
  }
  CHECK(checked == 5 * 3 * 4 * 5 * 5);
}

TEST_CASE("greeks match finite differences of bsPrice", "[black_scholes]") {
  const double hs = 1e-3, hv = 1e-5, ht = 1e-6, hr = 1e-6;
  for (OptionKind kind : {OptionKind::Call, OptionKind::Put}) {
    for (double spot : {80.0, 100.0, 125.0}) {
      for (double vol : {0.1, 0.4, 1.0}) {
        const double strike = 100, rate = 0.04, years = 0.75;
        auto price = [&](double s, double r, double v, double t) { return bsPrice(kind, s, strike, r, v, t); };
        const BsGreeks g = blackScholes({.kind = kind, .spot = spot, .strike = strike, .rate = rate, .vol = vol,
                                         .years = years});
        INFO((kind == OptionKind::Call ? "call" : "put") << " S=" << spot << " vol=" << vol);
        const double p0 = price(spot, rate, vol, years);
        const double delta = (price(spot + hs, rate, vol, years) - price(spot - hs, rate, vol, years)) / (2 * hs);
        const double gamma =
            (price(spot + hs * 10, rate, vol, years) - 2 * p0 + price(spot - hs * 10, rate, vol, years)) /
            (100 * hs * hs);
        const double vega = (price(spot, rate, vol + hv, years) - price(spot, rate, vol - hv, years)) / (2 * hv);
        const double theta = -(price(spot, rate, vol, years + ht) - price(spot, rate, vol, years - ht)) / (2 * ht);
        const double rho = (price(spot, rate + hr, vol, years) - price(spot, rate - hr, vol, years)) / (2 * hr);
        CHECK(std::fabs(g.price - p0) <= 1e-15 * spot);  // the kernel's accuracy, as above
        if (p0 >= 0.01 * spot) CHECK(g.price == Approx(p0).epsilon(1e-13));
        CHECK(g.delta == Approx(delta).margin(1e-7));
        CHECK(g.gamma == Approx(gamma).margin(1e-6));
        CHECK(g.vega == Approx(vega).margin(1e-5));
        CHECK(g.theta == Approx(theta).margin(1e-5));
        CHECK(g.rho == Approx(rho).margin(1e-5));
      }
    }
  }
}

TEST_CASE("call delta minus put delta is one, gamma and vega agree", "[black_scholes]") {
  for (double spot : {1.0, 60.0, 100.0, 140.0, 1e4}) {
    for (double vol : {0.0, 0.01, 0.3, 3.0}) {
      for (double years : {0.0, 1.0 / 365, 1.0}) {
        BsInputs in{.kind = OptionKind::Call, .spot = spot, .strike = 100, .rate = 0.05, .vol = vol, .years = years};
        const BsGreeks call = blackScholes(in);
        in.kind = OptionKind::Put;
        const BsGreeks put = blackScholes(in);
        INFO("S=" << spot << " vol=" << vol << " T=" << years);
        CHECK(call.delta - put.delta == Approx(1.0).margin(1e-12));
        CHECK(call.gamma == Approx(put.gamma).margin(1e-15));
        CHECK(call.vega == Approx(put.vega).margin(1e-12));
      }
    }
  }
}

TEST_CASE("degenerate inputs give intrinsic values and no NaN", "[black_scholes]") {
  auto finite = [](const BsGreeks& g) {
    return std::isfinite(g.price) && std::isfinite(g.delta) && std::isfinite(g.gamma) && std::isfinite(g.vega) &&
           std::isfinite(g.theta) && std::isfinite(g.rho);
  };
  SECTION("no time left: plain intrinsic value") {
    for (double years : {0.0, -1.0}) {
      CHECK(bsPrice(OptionKind::Call, 110, 100, 0.05, 0.2, years) == 10.0);
      CHECK(bsPrice(OptionKind::Put, 110, 100, 0.05, 0.2, years) == 0.0);
      CHECK(bsPrice(OptionKind::Put, 90, 100, 0.05, 0.2, years) == 10.0);
      const BsGreeks g = blackScholes({.kind = OptionKind::Call, .spot = 110, .strike = 100, .years = years});
      CHECK(finite(g));
      CHECK(g.price == 10.0);
      CHECK(g.delta == 1.0);
      CHECK(g.gamma == 0.0);
    }
    const BsGreeks atm = blackScholes({.kind = OptionKind::Put, .spot = 100, .strike = 100, .years = 0});
    CHECK(finite(atm));
    CHECK(atm.price == 0.0);
    CHECK(atm.delta == -0.5);  // exactly at the strike: halfway between the two sides
  }
  SECTION("no volatility: discounted forward intrinsic value") {
    const double discounted = 100 * std::exp(-0.05);
    CHECK(bsPrice(OptionKind::Call, 100, 100, 0.05, 0.0, 1.0) == Approx(100 - discounted).epsilon(1e-14));
    CHECK(bsPrice(OptionKind::Put, 100, 100, 0.05, 0.0, 1.0) == 0.0);
    CHECK(bsPrice(OptionKind::Put, 90, 100, 0.05, -0.3, 1.0) == Approx(discounted - 90).epsilon(1e-14));
    const BsGreeks g = blackScholes({.kind = OptionKind::Call, .spot = 100, .strike = 100, .rate = 0.05, .vol = 0});
    CHECK(finite(g));
    CHECK(g.delta == 1.0);
    CHECK(g.theta == Approx(-0.05 * discounted).epsilon(1e-14));
    CHECK(g.rho == Approx(discounted).epsilon(1e-14));
    // The same limits as a tiny positive volatility.
    const BsGreeks near = blackScholes({.kind = OptionKind::Call, .spot = 100, .strike = 100, .rate = 0.05,
                                        .vol = 1e-9});
    CHECK(near.price == Approx(g.price).epsilon(1e-12));
    CHECK(near.theta == Approx(g.theta).epsilon(1e-9));
    CHECK(near.rho == Approx(g.rho).epsilon(1e-9));
  }
  SECTION("no strike: the call is the underlying") {
    for (double strike : {0.0, -5.0}) {
      CHECK(bsPrice(OptionKind::Call, 42, strike, 0.05, 0.2, 1.0) == 42.0);
      CHECK(bsPrice(OptionKind::Put, 42, strike, 0.05, 0.2, 1.0) == 0.0);
      const BsGreeks g = blackScholes({.kind = OptionKind::Call, .spot = 42, .strike = strike});
      CHECK(finite(g));
      CHECK(g.delta == 1.0);
    }
  }
  SECTION("worthless underlying") {
    CHECK(bsPrice(OptionKind::Call, 0, 100, 0.0, 0.2, 1.0) == 0.0);
    CHECK(bsPrice(OptionKind::Put, 0, 100, 0.0, 0.2, 1.0) == 100.0);
    CHECK(finite(blackScholes({.kind = OptionKind::Put, .spot = 0})));
  }
  SECTION("extreme but legal inputs stay finite") {
    for (double spot : {1e-8, 1e8}) {
      for (double vol : {1e-12, 50.0}) {
        for (double years : {1e-10, 100.0}) {
          for (OptionKind kind : {OptionKind::Call, OptionKind::Put}) {
            INFO("S=" << spot << " vol=" << vol << " T=" << years);
            const BsGreeks g =
                blackScholes({.kind = kind, .spot = spot, .strike = 100, .rate = 0.05, .vol = vol, .years = years});
            CHECK(finite(g));
            CHECK(g.price >= 0.0);
            CHECK(std::isfinite(coverTailMean(kind, spot, 100, 0.05, vol, years, 0.01)));
          }
        }
      }
    }
  }
}

TEST_CASE("Monte Carlo pricing converges to Black-Scholes", "[black_scholes]") {
  const double spot = 100, strike = 105, rate = 0.03, vol = 0.35, years = 0.5;
  const int paths = 200'000;
  Engine engine = makeEngine(7, 0, AgentKind::Market, 0, Purpose::Test);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  const double drift = (rate - 0.5 * vol * vol) * years;
  const double sd = vol * std::sqrt(years);
  const double discount = std::exp(-rate * years);
  std::vector<double> calls(paths), puts(paths);
  for (int i = 0; i < paths; ++i) {
    const double terminal = spot * std::exp(drift + sd * normal(engine));
    calls[i] = discount * payoff(OptionKind::Call, terminal, strike);
    puts[i] = discount * payoff(OptionKind::Put, terminal, strike);
  }
  const Estimate call = estimate(calls), put = estimate(puts);
  const double bsCall = bsPrice(OptionKind::Call, spot, strike, rate, vol, years);
  const double bsPut = bsPrice(OptionKind::Put, spot, strike, rate, vol, years);
  INFO("call MC " << call.mean << " +- " << call.stdErr << " vs " << bsCall);
  INFO("put MC " << put.mean << " +- " << put.stdErr << " vs " << bsPut);
  CHECK(std::abs(call.mean - bsCall) < 3 * call.stdErr);
  CHECK(std::abs(put.mean - bsPut) < 3 * put.stdErr);
  // The standard errors are small enough for the check to mean something.
  CHECK(call.stdErr < 0.01 * bsCall);
  CHECK(put.stdErr < 0.01 * bsPut);
}

TEST_CASE("coverTailMean matches a brute-force tail average", "[black_scholes]") {
  const double spot = 100, drift = 0.08, vol = 0.6, years = 0.25;
  const int paths = 200'000;
  Engine engine = makeEngine(11, 0, AgentKind::Market, 0, Purpose::Test);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> terminal(paths);
  for (double& s : terminal) {
    s = spot * std::exp((drift - 0.5 * vol * vol) * years + vol * std::sqrt(years) * normal(engine));
  }
  std::sort(terminal.begin(), terminal.end());

  struct Case {
    OptionKind kind;
    double strike;
    double alpha;
  };
  for (const Case c : {Case{OptionKind::Put, 90, 0.01}, Case{OptionKind::Put, 100, 0.05},
                       Case{OptionKind::Put, 70, 0.2}, Case{OptionKind::Call, 110, 0.01},
                       Case{OptionKind::Call, 100, 0.05}, Case{OptionKind::Call, 150, 0.2}}) {
    // The writer's worst tail: the lowest terminal prices for a put, the highest for a call.
    const int count = static_cast<int>(c.alpha * paths);
    std::vector<double> tail(count);
    for (int i = 0; i < count; ++i) {
      const double s = c.kind == OptionKind::Put ? terminal[i] : terminal[paths - 1 - i];
      tail[i] = payoff(c.kind, s, c.strike);
    }
    const Estimate mc = estimate(tail);
    const double exact = coverTailMean(c.kind, spot, c.strike, drift, vol, years, c.alpha);
    INFO((c.kind == OptionKind::Call ? "call" : "put") << " K=" << c.strike << " alpha=" << c.alpha << ": MC "
                                                       << mc.mean << " +- " << mc.stdErr << " vs " << exact);
    CHECK(exact > 0.0);
    CHECK(std::abs(mc.mean - exact) < 4 * mc.stdErr + 1e-3 * exact);
  }
}

TEST_CASE("coverTailMean limits and ordering", "[black_scholes]") {
  const double spot = 100, drift = 0.05, vol = 0.5, years = 0.5;
  for (OptionKind kind : {OptionKind::Call, OptionKind::Put}) {
    for (double strike : {0.0, 70.0, 100.0, 130.0}) {
      INFO((kind == OptionKind::Call ? "call" : "put") << " K=" << strike);
      // alpha = 1: the whole distribution, i.e. the undiscounted Black-Scholes
      // price with the drift as the rate.
      const double expected = std::exp(drift * years) * bsPrice(kind, spot, strike, drift, vol, years);
      CHECK(coverTailMean(kind, spot, strike, drift, vol, years, 1.0) == Approx(expected).epsilon(1e-12));
      CHECK(coverTailMean(kind, spot, strike, drift, vol, years, 2.0) == Approx(expected).epsilon(1e-12));
      // A narrower tail is a worse one.
      double previous = expected;
      for (double alpha : {0.5, 0.1, 0.01, 0.001}) {
        const double tail = coverTailMean(kind, spot, strike, drift, vol, years, alpha);
        CHECK(tail >= previous);
        previous = tail;
      }
    }
  }
  // The deepest put tail pays nearly the whole strike; a deterministic path pays its intrinsic value.
  CHECK(coverTailMean(OptionKind::Put, 100, 90, 0.0, 3.0, 1.0, 1e-12) == Approx(90).epsilon(1e-3));
  CHECK(coverTailMean(OptionKind::Put, 100, 90, 0.0, 3.0, 1.0, 1e-12) < 90);
  CHECK(coverTailMean(OptionKind::Call, 100, 90, 0.1, 0.0, 1.0, 0.01) == Approx(100 * std::exp(0.1) - 90));
  CHECK(coverTailMean(OptionKind::Put, 100, 90, 0.1, 0.5, 0.0, 0.01) == 0.0);
}
