// The playground's numbers as a class reads them: exact strings for money,
// shares, boundaries of the suffixes, negatives and NaN (web/number_format.h).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "web/number_format.h"

using namespace mutualab::web;

TEST_CASE("money reads in k, M and bn with three significant digits", "[web][format]") {
  CHECK(money(177000) == "177 k");
  CHECK(money(176543.21) == "177 k");
  CHECK(money(1.2e6) == "1.2 M");
  CHECK(money(1234567) == "1.23 M");
  CHECK(money(1e6) == "1 M");
  CHECK(money(1.2e9) == "1.2 bn");
  CHECK(money(12345) == "12.3 k");
  CHECK(money(1000) == "1 k");
  CHECK(money(950) == "950");
  CHECK(money(12.345) == "12.3");
  CHECK(money(0.5) == "0.5");
  CHECK(money(0.0123) == "0.0123");
  CHECK(std::string(kCurrencyUnit) == "currency");
}

TEST_CASE("the suffix is chosen after rounding: 999.5 is 1 k, 999 999 is 1 M", "[web][format]") {
  CHECK(compactNumber(999.4) == "999");
  CHECK(compactNumber(999.5) == "1 k");
  CHECK(compactNumber(999499) == "999 k");
  CHECK(compactNumber(999999) == "1 M");
  CHECK(compactNumber(999.6e6) == "1 bn");
}

TEST_CASE("negative numbers, zero, NaN and the far ends", "[web][format]") {
  CHECK(money(-2500) == "-2.5 k");
  CHECK(money(-177000) == "-177 k");
  CHECK(money(-0.25) == "-0.25");
  CHECK(money(0) == "0");
  CHECK(money(-0.0) == "0");
  CHECK(money(std::nan("")) == "n/a");
  CHECK(money(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(money(-std::numeric_limits<double>::infinity()) == "-inf");
  // A conservation check's rounding error, and a runaway: scientific, never "0.000".
  CHECK(compactNumber(1.5e-7) == "1.5e-07");
  CHECK(compactNumber(2.5e12) == "2.5e+12");
}

TEST_CASE("shares read in % with three significant digits", "[web][format]") {
  CHECK(percentOfShare(0.4123) == "41.2 %");
  CHECK(percentOfShare(1.0) == "100 %");
  CHECK(percentOfShare(0.5) == "50 %");
  CHECK(percentOfShare(0) == "0 %");
  CHECK(percentOfShare(0.0088) == "0.88 %");
  CHECK(percentOfShare(-0.0296) == "-2.96 %");
  CHECK(percentOfShare(0.99996) == "100 %");
  CHECK(percentOfShare(std::nan("")) == "n/a");
  CHECK(percentOfShare(12.3456) == "1235 %");  // whole percent from 1000 %
  CHECK(percentValue(41.23) == "41.2 %");
}

TEST_CASE("a NAV per share reads to three decimals, so 1.243 and 1.238 differ", "[web][format]") {
  CHECK(navPerShare(1.2431) == "1.243");
  CHECK(navPerShare(1.2379) == "1.238");
  CHECK(navPerShare(0.9) == "0.900");
  CHECK(navPerShare(std::nan("")) == "n/a");
}
