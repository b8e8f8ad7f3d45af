// What a pool's book turned out to lose over a horizon on the market that
// happened: the realized side of a VaR backtest (core/var_backtest.h). The
// book of step t is valued H days later exactly as the risk engine values
// it on one of its simulated paths (core/risk_engine.h), but on the
// world's own path: each position's cover (core/cover_legs.h) repriced at
// the price of its observation day (day H, or the day it is read on before
// H: observationDay) with the life it has left there, at the pool's own
// mark that day (Market::pricingVol: its EWMA estimate, or the fixed
// volatility); one read with no life left is its payoff. Not discounted,
// as the engine's V(H) is not. So realized and forecast measure the same
// loss, V(H) - V(0), and a correct engine is exceeded at its level's rate.
//
// Steps must be days (sim/stepDays 1): the engine's paths are daily.
#pragma once

#include "core/book.h"

namespace mutualab {

class Market;

// V(H) of `book`, taken after step `bookStep` of the world whose market
// is `market`, on that market's prices of steps bookStep .. bookStep + H.
// Expects bookStep + horizonDays <= market.steps() and the book's asset
// indices to be the market's.
double realizedHorizonValue(const RiskBook& book, const Market& market, int bookStep, int horizonDays, double rate,
                            double daysPerYear);

}  // namespace mutualab
