// The Pool view's risk numbers in words (web/risk_words.h): exact text, since
// a class reads it from the back of the room.
#include <catch2/catch.hpp>

#include "web/risk_words.h"

using namespace mutualab::web;

TEST_CASE("a confidence level reads as a percent with its digits", "[web][risk]") {
  CHECK(levelPercent(0.99) == "99");
  CHECK(levelPercent(0.975) == "97.5");
  CHECK(levelPercent(0.999) == "99.9");
  CHECK(levelPercent(1 - 0.99) == "1");
}

TEST_CASE("a negative VaR or ES is explained, a positive one is not", "[web][risk]") {
  CHECK(negativeRiskNote(1200, 1500, 0.99, 30).empty());
  CHECK(negativeRiskNote(0, 10, 0.99, 30).empty());
  // black-swan, seed 1, around step 205: the pool's volatility mark falls back after the crash.
  CHECK(negativeRiskNote(-7580, -5020, 0.99, 30) ==
        "VaR and ES are negative: in 99% of the simulated markets, and on average in the worst 1% too, the cover is "
        "worth less in 30 days than now (the pool would owe less), as its options lose time value and the pool's "
        "volatility mark, raised by recent large moves, falls back.");
  CHECK(negativeRiskNote(-10, 40, 0.975, 1) ==
        "VaR is negative: in 97.5% of the simulated markets the cover is worth less in 1 day than now (the pool "
        "would owe less), as its options lose time value and the pool's volatility mark, raised by recent large "
        "moves, falls back.");
}
