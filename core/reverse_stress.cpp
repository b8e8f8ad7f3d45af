#include "core/reverse_stress.h"

#include <cmath>

namespace mutualab {

namespace {
// The scan's points outward from no move: relative price moves, or volatility multipliers.
std::vector<double> scanPoints(int sign, double step = 0.01) {
  std::vector<double> out;
  const int steps = static_cast<int>(std::lround(1.0 / step));  // to -100 % or +100 %
  if (sign < 0) {
    for (int k = 0; step * k < 0.99 - 1e-9; ++k) out.push_back(0.0 - step * k);  // +0 first, not -0
    out.push_back(-0.99);  // the deepest fall a stress file takes
  } else if (sign > 0) {
    for (int k = 0; k <= steps; ++k) out.push_back(step * k);
    for (int k = 11; k <= 100; ++k) out.push_back(0.1 * k);
  } else {
    for (int k = 10; k <= 200; ++k) out.push_back(0.1 * k);
  }
  return out;
}

constexpr int kBisections = 24;  // a step of 1 (the widest) down to 6e-8

const CoverOutcome& outcomeOf(const StressRow& row, int test) {
  return test == 0 ? row.wholeBook : test == 1 ? row.cover1 : row.cover2;
}
double requirementOf(const StressRow& row, int test) { return test == 0 ? row.poolValue : outcomeOf(row, test).requirement; }
}  // namespace

const char* reverseTestName(ReverseTest t) {
  switch (t) {
    case ReverseTest::WholeBook: return "whole_book";
    case ReverseTest::Cover1: return "cover1";
    case ReverseTest::Cover2: return "cover2";
  }
  return "";
}

std::vector<ReverseDirection> reverseDirections(const std::vector<std::string>& assetNames) {
  std::vector<ReverseDirection> out = {{"every asset down", -1, -1}, {"every asset up", -1, 1}};
  if (assetNames.size() > 1)
    for (size_t a = 0; a < assetNames.size(); ++a) {
      out.push_back({assetNames[a] + " down", static_cast<int>(a), -1});
      out.push_back({assetNames[a] + " up", static_cast<int>(a), 1});
    }
  out.push_back({"volatility up", -1, 0});
  return out;
}

int reverseEvaluationsPerDirection() {
  return static_cast<int>(scanPoints(1).size()) + kReverseTests * kBisections;
}

std::vector<ReverseRow> reverseStress(const RiskEngine& engine, const std::vector<ReverseDirection>& directions,
                                      const BookCapital& capital, const std::vector<PoolCapital>* pools,
                                      const ReverseScan& scan) {
  const size_t A = static_cast<size_t>(engine.assetCount());
  std::vector<ReverseRow> rows;
  for (const ReverseDirection& dir : directions) {
    ReverseRow row;
    row.direction = dir;
    // The stress at one point of this direction.
    auto at = [&](double x) {
      StressScenario s = StressScenario::uniform(dir.name, A, 0.0, 1.0);
      if (dir.sign == 0) s.volMultiplier.assign(A, x);
      else if (dir.asset < 0) s.spotMove.assign(A, x);
      else s.spotMove[static_cast<size_t>(dir.asset)] = x;
      ++row.evaluations;
      return runStress(engine, {s}, capital, pools).rows.front();
    };
    auto record = [&](int test, double x, const StressRow& sr) {
      ReverseBreak& b = row.breaks[static_cast<size_t>(test)];
      const CoverOutcome& c = outcomeOf(sr, test);
      b.found = true;
      b.move = x;
      b.requirement = requirementOf(sr, test);
      b.uncovered = c.uncovered;
      for (size_t p = 0; p < c.pools.size(); ++p)
        if (c.pools[p].uncovered > 0 && (b.pool < 0 || c.pools[p].uncovered > c.pools[static_cast<size_t>(b.pool)].uncovered))
          b.pool = static_cast<int>(p);
    };
    const std::vector<double> points = scanPoints(dir.sign, scan.spotStep);
    double previous = points.front();
    int open = kReverseTests;  // tests not broken yet
    for (size_t k = 0; k < points.size() && open > 0; ++k) {
      const double x = points[k];
      const StressRow sr = at(x);
      for (int test = 0; test < kReverseTests; ++test) {
        if (row.breaks[static_cast<size_t>(test)].found || outcomeOf(sr, test).covered()) continue;
        --open;
        if (k == 0) {
          record(test, x, sr);  // short already, with no move at all
          continue;
        }
        // Between the last point that held and this one: the least move that does not.
        double lo = previous, hi = x;
        StressRow last = sr;
        for (int i = 0; i < kBisections; ++i) {
          const double mid = 0.5 * (lo + hi);
          const StressRow m = at(mid);
          if (outcomeOf(m, test).covered()) lo = mid;
          else hi = mid, last = m;
        }
        record(test, hi, last);
      }
      previous = x;
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace mutualab
