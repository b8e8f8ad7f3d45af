// A position and a writer history for fee rule tests: a 1,000-notional put
// 10% out of the money, 30 days, 70% vol, 20% of its max loss as collateral;
// writer 0 has no history, writer 1 has 40 settled positions whose cover
// loss was 10% of their notional.
#pragma once

#include <vector>

#include "core/fee_rule.h"

namespace mutualab::testing {

inline FeeQuoteInput putQuote() {
  FeeQuoteInput q;
  q.writer = 0;
  q.kind = OptionKind::Put;
  q.spot = 2000;
  q.strike = 1800;
  q.units = 0.5;
  q.notional = 1000;
  q.years = 30.0 / 365.0;
  q.pricingVol = 0.7;
  q.rate = 0.0;
  q.coverStrike = 1440;  // 20% of max loss posted as collateral
  q.coverShare = 1.0;
  return q;
}

struct History {
  std::vector<int> settled = {0, 40};
  std::vector<double> coverLoss = {0.0, 4000.0};  // writer 1: 10% of its notional
  std::vector<double> notional = {0.0, 40000.0};
  FeeContext ctx(double poolRate, double utilization = 0.0) const {
    FeeContext c;
    c.experience.initialLossRate = 0.004;
    c.experience.lossRate = poolRate;
    c.experience.writerSettled = settled;
    c.experience.writerCoverLoss = coverLoss;
    c.experience.writerNotional = notional;
    c.utilization = utilization;
    return c;
  }
};

}  // namespace mutualab::testing
