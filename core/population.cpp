#include "core/population.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

namespace mutualab {

namespace {
double lognormalDraw(const LognormalDef& d, Engine& rng) {
  if (d.sd <= 0) return d.mean;
  // Parameters of the underlying normal that give this mean and sd.
  const double s2 = std::log(1.0 + (d.sd * d.sd) / (d.mean * d.mean));
  boost::random::lognormal_distribution<double> dist(std::log(d.mean) - 0.5 * s2, std::sqrt(s2));
  return dist(rng);
}

double betaDraw(const BetaDef& d, Engine& rng) {
  if (d.sd <= 0) return d.mean;
  // Method of moments: a + b = m(1-m)/sd^2 - 1.
  const double nu = d.mean * (1.0 - d.mean) / (d.sd * d.sd) - 1.0;
  boost::random::beta_distribution<double> dist(d.mean * nu, (1.0 - d.mean) * nu);
  return dist(rng);
}

double normalDraw(const NormalDef& d, Engine& rng) {
  if (d.sd <= 0) return d.mean;
  boost::random::normal_distribution<double> dist(d.mean, d.sd);
  return dist(rng);
}
}  // namespace

void assignGroups(const std::vector<StrategyShareDef>& shares, int n, std::vector<int>& out) {
  double acc = 0;
  int start = 0;
  for (size_t g = 0; g < shares.size(); ++g) {
    acc += shares[g].share;
    const int end = g + 1 == shares.size() ? n : static_cast<int>(std::llround(acc * n));
    for (int i = start; i < end && i < n; ++i) out[static_cast<size_t>(i)] = static_cast<int>(g);
    start = std::max(start, end);
  }
}

void assignHomes(const std::vector<double>& shares, int n, std::vector<std::int16_t>& out) {
  const size_t P = shares.size();
  double sum = 0;
  for (double x : shares) sum += x;
  std::vector<int> count(P, 0);
  out.assign(static_cast<size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    size_t best = 0;
    double gap = -1e300;
    for (size_t k = 0; k < P; ++k) {
      const double share = sum > 0 ? shares[k] / sum : 1.0 / static_cast<double>(P);
      const double g = share * (i + 1) - count[k];
      if (g > gap + 1e-12) { gap = g; best = k; }
    }
    ++count[best];
    out[static_cast<size_t>(i)] = static_cast<std::int16_t>(best);
  }
}

void WriterPopulation::draw(const WritersDef& W, std::uint64_t seed, std::uint64_t rep, Ledger& ledger) {
  count = W.count;
  const size_t N = static_cast<size_t>(count);
  theta.resize(N);
  decile.assign(N, 0);
  group.assign(N, 0);
  status.assign(N, -1);  // WriterStatus::None
  pool.assign(N, 0);
  contract.assign(N, -1);
  settled.assign(N, 0);
  pooledTotal.assign(N, 0);
  siloedTotal.assign(N, 0);
  coverLoss.assign(N, 0.0);
  notionalHist.assign(N, 0.0);
  profit.assign(N, 0.0);
  riskAversion.assign(N, 0.0);
  initialCash.assign(N, 0);
  rng.clear();
  rng.reserve(N);
  assignGroups(W.strategies, count, group);

  for (int i = 0; i < count; ++i) {
    const size_t I = static_cast<size_t>(i);
    Engine init = makeEngine(seed, rep, AgentKind::Writer, I, Purpose::WriterInit);
    theta[I] = betaDraw(W.theta, init);
    const Money cash = toMoney(lognormalDraw(W.capital, init));
    initialCash[I] = cash;
    ledger.endow(ledger.writerCash(i), cash);
    riskAversion[I] = std::max(0.0, normalDraw(W.riskAversion, init));  // drawn last: older streams unchanged
    rng.push_back(makeEngine(seed, rep, AgentKind::Writer, I, Purpose::WriterPositions));
  }
  // Theta deciles by rank (ties broken by index, so deterministic).
  std::vector<int> order(N);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return theta[static_cast<size_t>(a)] < theta[static_cast<size_t>(b)]; });
  for (int r = 0; r < count; ++r) decile[static_cast<size_t>(order[static_cast<size_t>(r)])] = static_cast<std::int8_t>((r * 10) / count);
}

void LpPopulation::draw(const LpsDef& Lp, std::uint64_t seed, std::uint64_t rep, Ledger& ledger) {
  count = Lp.count;
  const size_t M = static_cast<size_t>(count);
  group.assign(M, 0);
  assignGroups(Lp.strategies, count, group);
  riskAversion.assign(M, 0);
  outsideRateAnnual.assign(M, 0);
  warned.assign(M, 0);
  lastWarning.assign(M, -(1 << 29));
  initialCash.assign(M, 0);
  rng.clear();
  rng.reserve(M);
  for (int l = 0; l < count; ++l) {
    const size_t L = static_cast<size_t>(l);
    Engine init = makeEngine(seed, rep, AgentKind::Lp, L, Purpose::LpInit);
    const Money cash = toMoney(lognormalDraw(Lp.capital, init));
    initialCash[L] = cash;
    ledger.endow(ledger.lpCash(l), cash);
    riskAversion[L] = lognormalDraw(Lp.riskAversion, init);
    outsideRateAnnual[L] = normalDraw(Lp.outsideRateAnnual, init);
    boost::random::uniform_01<double> u01;
    warned[L] = u01(init) < Lp.earlyWarningShare ? 1 : 0;
    rng.push_back(makeEngine(seed, rep, AgentKind::Lp, L, Purpose::LpDecisions));
  }
}

}  // namespace mutualab
