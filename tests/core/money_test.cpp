#include "core/money.h"

#include "core/errors.h"

#include <cmath>
#include <cstdint>

#include <catch2/catch.hpp>

using namespace mutualab;

TEST_CASE("roundHalfAway is std::llround: halves away from zero, the doubles next to them, and every magnitude", "[money]") {
  const double below = std::nextafter(0.5, 0.0);  // 0.49999999999999994: rounds to 0, though below + 0.5 rounds to 1
  for (double x : {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, below, -below, std::nextafter(1.5, 0.0),
                   std::nextafter(1.5, 2.0), 4503599627370495.5, -4503599627370495.5, 9007199254740993.0,
                   1e15 + 0.5, 9.2e18, -9.2e18}) {
    INFO("x = " << x);
    CHECK(roundHalfAway(x) == std::llround(x));
  }
  CHECK(roundHalfAway(below) == 0);
  CHECK(roundHalfAway(2.5) == 3);
  CHECK(roundHalfAway(-2.5) == -3);
  CHECK(roundHalfAway(4503599627370495.5) == 4503599627370496);

  // Random doubles from 1e-3 to 1e18, both signs, and the halves between integers.
  std::uint64_t s = 0x243F6A8885A308D3ULL;
  long long mismatches = 0;
  for (int i = 0; i < 1000000; ++i) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    const double mantissa = static_cast<double>(s >> 11) * 0x1p-53;
    const double x = (s & 1 ? -1.0 : 1.0) * mantissa * std::pow(10.0, static_cast<double>(s % 22) - 3.0);
    const double half = std::floor(x) + 0.5;
    mismatches += roundHalfAway(x) != std::llround(x);
    mismatches += roundHalfAway(half) != std::llround(half);
  }
  CHECK(mismatches == 0);
}

TEST_CASE("toMoney rounds to the nearest micro-unit, halves away from zero", "[money]") {
  CHECK(toMoney(1.0) == 1000000);
  CHECK(toMoney(-2.5e-6) == -3);      // -2.5 micro-units (2.5e-6 x 1e6 is exactly 2.5)
  CHECK(toMoney(1234.5678915) == 1234567892);
  CHECK(toCurrency(toMoney(0.000001)) == 0.000001);
}

// Beyond 2^63 micro-units a conversion to int64 is undefined (INT64_MIN in
// practice: the ledger then moved negative amounts and still balanced).
TEST_CASE("toMoney refuses an amount the ledger cannot count, and not a number", "[money]") {
  CHECK(toMoney(9.2e12) == 9200000000000000000LL);
  CHECK(toMoney(-9.2e12) == -9200000000000000000LL);
  for (double x : {9.3e12, -9.3e12, 1e300, HUGE_VAL, -HUGE_VAL, std::nan("")}) {
    INFO("x = " << x);
    CHECK_THROWS_AS(toMoney(x), InputError);
  }
  CHECK_THROWS_WITH(toMoney(1.5e13), Catch::Contains("an amount of 1.5e+13 currency is beyond what the ledger counts"));
}
