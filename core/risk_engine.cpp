#include "core/risk_engine.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <utility>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "core/cover_legs.h"
#include "core/errors.h"
#include "core/format_number.h"
#include "core/market.h"
#include "core/pricing_kernel.h"

namespace mutualab {

int tailCount(double level, long long n) {
  return static_cast<int>(std::floor((1.0 - level) * static_cast<double>(n) + 1e-9));
}

long long samplesForTail(double level) {
  // From the quotient, then stepped to the exact count (tailCount: 0.0001 x
  // 100000 is 10, though 1 - 0.9999 is a hair below 0.0001 in binary).
  const double q = std::ceil(10.0 / (1.0 - level));
  if (!(level > 0 && q < 1e18)) return std::numeric_limits<long long>::max();  // no count holds 10 (a level of 1, or NaN)
  long long n = static_cast<long long>(q);
  while (n > 1 && tailCount(level, n - 1) >= 10) --n;
  while (tailCount(level, n) < 10) ++n;
  return n;
}

// level x n >= 1, nudged as tailCount is: then tailCount(level, n) <= n - 1.
bool levelLeavesBody(double level, long long n) { return level * static_cast<double>(n) + 1e-9 >= 1.0; }

namespace {
// b of a component VaR's window (ranks VaR -/+ b): half the square root of
// the tail's size, and at least 2.
int varWindowOf(int tailSamples) {
  return std::max(2, static_cast<int>(std::ceil(0.5 * std::sqrt(static_cast<double>(tailSamples)))));
}

// Σ w[j]·p[j] in four running sums (j mod 4), added pairwise at the end: a
// fixed order, so the same bits everywhere, and four independent chains of
// additions instead of one, which is what bounds a single running sum's speed.
double dot(const double* w, const double* p, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    s0 += w[j] * p[j];
    s1 += w[j + 1] * p[j + 1];
    s2 += w[j + 2] * p[j + 2];
    s3 += w[j + 3] * p[j + 3];
  }
  for (; j < n; ++j) s0 += w[j] * p[j];
  return (s0 + s1) + (s2 + s3);
}
}  // namespace

RiskEngine::RiskEngine(const RiskBook& book, const MarketDef& market, const RiskDef& def)
    : def_(def), market_(market), startStressed_(book.stressed), assets_(static_cast<int>(market.assets.size())) {
  const size_t A = static_cast<size_t>(assets_);
  if (market.correlation.empty()) {
    cholesky_.assign(A * A, 0.0);
    for (size_t i = 0; i < A; ++i) cholesky_[i * A + i] = 1.0;
  } else {
    choleskyFactor(market.correlation, cholesky_);  // validated with the scenario
  }
  // A day's move of each asset in calm, then in stress (as Market draws a day).
  const double dt = 1.0 / def.daysPerYear, sqrtDt = std::sqrt(dt);
  for (const bool stress : {false, true})
    for (const AssetDef& As : market.assets) {
      const RegimeDef& R = market.regime;
      const double vol = stress ? As.volAnnual * R.stressVolMultiplier : As.volAnnual;
      const double intensity = As.jumpIntensityAnnual * (stress ? R.stressJumpMultiplier : 1.0);
      const double k = std::exp(As.jumpMeanLog + 0.5 * As.jumpSdLog * As.jumpSdLog) - 1.0;
      AssetStep st;
      st.driftDt = (As.driftAnnual - 0.5 * vol * vol - intensity * k) * dt;
      st.volSqrtDt = vol * sqrtDt;
      st.jumps = intensity > 0.0;
      if (st.jumps) st.arrivals = boost::random::poisson_distribution<int, double>(intensity * dt);
      st.jumpMeanLog = As.jumpMeanLog;
      st.jumpSdLog = As.jumpSdLog;
      assetSteps_.push_back(st);
    }
  const int H = def.horizonDays;

  // Writers, densely numbered in ascending id; positions visited writer by writer.
  const int n = book.size();
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return book.writer[static_cast<size_t>(a)] < book.writer[static_cast<size_t>(b)]; });

  observedDay_.assign(static_cast<size_t>(H) + 1, 0);
  std::vector<std::uint8_t> kind;  // 0 call, 1 put
  std::vector<double> strike, years0;  // years0: each leg's full remaining life, years
  std::vector<int> growthIndex;        // obsDay x assets + asset: where a leg's price is read
  std::map<std::pair<int, double>, int> groups;  // (obsDay x assets + asset, pricing volatility) -> group
  auto addLeg = [&](int i, double legStrike, double sign) {
    const size_t k = static_cast<size_t>(i);
    const double days = book.expiryDays[k];
    const int obs = observationDay(days, H);
    observedDay_[static_cast<size_t>(obs)] = 1;
    kind.push_back(book.kind[k]);
    growthIndex.push_back(obs * assets_ + book.asset[k]);
    spot0_.push_back(book.spot[k]);
    strike.push_back(legStrike);
    const double years = lifeAtObservation(days, H, def.daysPerYear);
    years_.push_back(years);
    years0.push_back(days / def.daysPerYear);
    vol0_.push_back(book.volAnnual[k]);
    const double optionSign = book.kind[k] == 0 ? 1.0 : -1.0;
    const FixedLeg calm = bsFixedLeg(optionSign, book.spot[k], legStrike, market.rateAnnual, book.volAnnual[k], years);
    signRep_.push_back(calm.sign);
    strikeRep_.push_back(legStrike);
    discountedRep_.push_back(calm.discountedStrike);
    logMoneynessRep_.push_back(calm.logMoneyness0);
    ratioRep_.push_back(calm.ratio0);
    invRatioRep_.push_back(calm.invRatio0);
    sdFixed_.push_back(calm.sd);
    invSdFixed_.push_back(calm.invSd);
    // The estimator's start: the position's own variance, decayed to its
    // observation day; one group per asset, day and pricing volatility.
    const double vol = book.volAnnual[k] > 0.0 ? book.volAnnual[k] : 0.0;
    const int at = obs * assets_ + book.asset[k];
    const auto key = std::make_pair(at, vol);
    auto g = groups.find(key);
    if (g == groups.end()) {
      g = groups.emplace(key, static_cast<int>(groupIndex_.size())).first;
      groupIndex_.push_back(at);
      groupVarDecayed_.push_back(ewmaDecay(market.ewmaLambda, obs) * (vol * vol));
    }
    groupRep_.push_back(g->second);
    const double root = std::sqrt(years > 0.0 ? years : 0.0);
    sqrtLifeRep_.push_back(root);
    invSqrtLifeRep_.push_back(root > 0.0 ? 1.0 / root : 0.0);
    writerWeight_.push_back(sign * book.units[k]);
    poolWeight_.push_back(sign * book.units[k] * book.coverShare[k]);
    const int pool = k < book.pool.size() ? std::max(0, book.pool[k]) : 0;
    legPool_.push_back(pool);
    poolCount_ = std::max(poolCount_, pool + 1);
  };
  for (int i : order) {
    const size_t k = static_cast<size_t>(i);
    const int w = book.writer[k];
    if (writerIds_.empty() || writerIds_.back() != w) {
      writerIds_.push_back(w);
      writerPositions_.push_back(0);
      writerStart_.push_back(static_cast<int>(spot0_.size()));
    }
    ++writerPositions_.back();
    // The cover, and its cap as a short leg where maxCover binds (core/cover_legs.h).
    CoverLeg legs[2];
    const int legCount = coverLegs(book.kind[k], book.coverStrike[k], book.coverShare[k], book.units[k], book.maxCover[k], legs);
    for (int j = 0; j < legCount; ++j) addLeg(i, legs[j].strike, legs[j].sign);
  }
  writerStart_.push_back(static_cast<int>(spot0_.size()));

  // Value now: each leg at its full remaining life, at the pricing volatility.
  const size_t L = spot0_.size();
  chunk_ = L >= kRiskOwnCall ? 1 : std::max(1, std::min(kRiskBlockSamples, kRiskKernelBatch / std::max<int>(1, static_cast<int>(L))));
  spotRep_ = spot0_;
  ewma_ = repricesByEwma(market);
  for (std::vector<double>* v : {&signRep_, &strikeRep_, &discountedRep_, &spotRep_, &logMoneynessRep_, &ratioRep_,
                                 &invRatioRep_, &sdFixed_, &invSdFixed_, &sqrtLifeRep_, &invSqrtLifeRep_}) {
    v->reserve(static_cast<size_t>(chunk_) * L);
    for (int k = 1; k < chunk_; ++k) v->insert(v->end(), v->begin(), v->begin() + static_cast<std::ptrdiff_t>(L));
  }
  // Sample slot k's groups lie k group tables on.
  const int G = static_cast<int>(groupIndex_.size());
  groupRep_.reserve(static_cast<size_t>(chunk_) * L);
  for (int k = 1; k < chunk_; ++k)
    for (size_t j = 0; j < L; ++j) groupRep_.push_back(groupRep_[j] + k * G);
  // Sample slot k's path lies k paths into the workspace's tables (path()).
  const size_t pathSize = static_cast<size_t>(H + 1) * static_cast<size_t>(assets_);
  moveRep_.reserve(static_cast<size_t>(chunk_) * L);
  for (int k = 0; k < chunk_; ++k)
    for (size_t j = 0; j < L; ++j) moveRep_.push_back(growthIndex[j] + static_cast<int>(static_cast<size_t>(k) * pathSize));
  price0_.assign(L, 0.0);
  bsPriceBatch(L, kind.data(), spot0_.data(), strike.data(), market.rateAnnual, vol0_.data(), years0.data(), price0_.data());
  valueNow_ = 0;
  for (size_t j = 0; j < L; ++j) valueNow_ += poolWeight_[j] * price0_[j];
}

int RiskEngine::blockSize(int b) const {
  const long long left = def_.samples - blockBegin(b);
  return static_cast<int>(std::min<long long>(left, kRiskBlockSamples));
}

RiskWorkspace RiskEngine::workspace() const {
  RiskWorkspace ws;
  const size_t L = spot0_.size(), A = static_cast<size_t>(assets_), H = static_cast<size_t>(def_.horizonDays);
  const size_t C = static_cast<size_t>(chunk_);
  ws.price.assign(C * L, 0.0);
  ws.growth.assign(C * (H + 1) * A, 1.0);
  ws.ewma.assign(C * (H + 1) * A, 0.0);
  ws.ewmaDay.assign(A, 0.0);
  ws.groupVol.assign(C * groupIndex_.size(), 0.0);
  ws.groupInvVol.assign(C * groupIndex_.size(), 0.0);
  ws.logGrowth.assign(C * (H + 1) * A, 0.0);
  ws.invGrowth.assign(C * (H + 1) * A, 1.0);
  ws.logR.assign(A, 0.0);
  ws.eps.assign(A, 0.0);
  ws.z.assign(A, 0.0);
  return ws;
}

// One path of H days, as Market draws a path (market.cpp), from one stream:
// growth[d x assets + a] = S_a(d) / S_a(0), day 0 included.
RiskEngine::Path RiskEngine::path(RiskWorkspace& ws, int k) const {
  const size_t off = static_cast<size_t>(k) * static_cast<size_t>(def_.horizonDays + 1) * static_cast<size_t>(assets_);
  return {ws.growth.data() + off, ws.logGrowth.data() + off, ws.invGrowth.data() + off, ws.ewma.data() + off};
}

void RiskEngine::simulateMarket(Engine& rng, RiskWorkspace& ws, const Path& path, bool everyDay) const {
  double *growth = path.growth, *logGrowth = path.logGrowth, *invGrowth = path.invGrowth, *ewma = path.ewma;
  boost::random::normal_distribution<double> stdNormal(0.0, 1.0);
  boost::random::uniform_01<double> u01;
  const size_t A = static_cast<size_t>(assets_);
  const RegimeDef& R = market_.regime;
  std::fill(ws.logR.begin(), ws.logR.end(), 0.0);
  std::fill(growth, growth + A, 1.0);  // day 0 (a stress may have left other values here)
  std::fill(logGrowth, logGrowth + A, 0.0);
  std::fill(invGrowth, invGrowth + A, 1.0);
  std::fill(ewma, ewma + A, 0.0);
  std::fill(ws.ewmaDay.begin(), ws.ewmaDay.end(), 0.0);
  // The pool's estimator, as Market updates it (core/market.cpp): a day's
  // squared return over the day's length, weighted 1 - λ.
  const double lambda = market_.ewmaLambda, dt = 1.0 / def_.daysPerYear;
  // The regime the book was taken in, as Market's own path would go on from
  // it (a calm/stress chain: each day's draw may switch it).
  bool stress = R.enabled && startStressed_;
  for (int d = 1; d <= def_.horizonDays; ++d) {
    if (R.enabled) {
      const double u = u01(rng);
      if (!stress && u < R.pCalmToStress) stress = true;
      else if (stress && u < R.pStressToCalm) stress = false;
    }
    for (size_t a = 0; a < A; ++a) ws.eps[a] = stdNormal(rng);
    for (size_t i = 0; i < A; ++i) {
      double s = 0;
      for (size_t k = 0; k <= i; ++k) s += cholesky_[i * A + k] * ws.eps[k];
      ws.z[i] = s;
    }
    const AssetStep* step = assetSteps_.data() + (stress ? A : 0);
    for (size_t a = 0; a < A; ++a) {
      const AssetStep& st = step[a];
      double logJump = 0.0;
      if (st.jumps) {
        const int count = st.arrivals(rng);
        for (int j = 0; j < count; ++j) logJump += st.jumpMeanLog + st.jumpSdLog * stdNormal(rng);
      }
      const double r = st.driftDt + st.volSqrtDt * ws.z[a] + logJump;
      ws.logR[a] += r;
      if (ewma_) ws.ewmaDay[a] = lambda * ws.ewmaDay[a] + (1.0 - lambda) * (r * r / dt);
    }
    // The day's prices, where a leg reads them (its expiry before H, or H).
    if (everyDay || observedDay_[static_cast<size_t>(d)])
      for (size_t a = 0; a < A; ++a) {
        const size_t i = static_cast<size_t>(d) * A + a;
        growth[i] = std::exp(ws.logR[a]);
        logGrowth[i] = ws.logR[a];
        invGrowth[i] = 1.0 / growth[i];
        ewma[i] = ws.ewmaDay[a];
      }
  }
}

void RiskEngine::groupVols(RiskWorkspace& ws, int slots) const {
  const size_t G = groupIndex_.size();
  for (int k = 0; k < slots; ++k) {
    const double* increment = path(ws, k).ewma;
    for (size_t g = 0; g < G; ++g) {
      const double v = std::sqrt(groupVarDecayed_[g] + increment[static_cast<size_t>(groupIndex_[g])]);
      ws.groupVol[static_cast<size_t>(k) * G + g] = v;
      ws.groupInvVol[static_cast<size_t>(k) * G + g] = v > 0.0 ? 1.0 / v : 0.0;
    }
  }
}

void RiskEngine::priceMoved(RiskWorkspace& ws, std::size_t from, std::size_t n, const Path& path, const double* sd,
                            const double* invSd) const {
  const bool given = sd != nullptr;
  if (!given) {
    sd = sdFixed_.data() + from;
    invSd = invSdFixed_.data() + from;
  }
  MovedLanes lanes{signRep_.data() + from,       strikeRep_.data() + from, discountedRep_.data() + from,
                   sd,                           invSd,                    spotRep_.data() + from,
                   logMoneynessRep_.data() + from, ratioRep_.data() + from,  invRatioRep_.data() + from,
                   moveRep_.data() + from,        path.growth,              path.logGrowth,
                   path.invGrowth};
  // The estimator's volatility of each lane's group on its path (groupVols), staged in the kernel.
  if (ewma_ && !given) {
    lanes.groupVol = ws.groupVol.data();
    lanes.groupInvVol = ws.groupInvVol.data();
    lanes.group = groupRep_.data() + from;
    lanes.sqrtLife = sqrtLifeRep_.data() + from;
    lanes.invSqrtLife = invSqrtLifeRep_.data() + from;
  }
  bsRepriceMovedBatch(n, lanes, ws.price.data());
}

void RiskEngine::blockLosses(int b, RiskWorkspace& ws, double* out) const {
  Engine rng = makeEngine(def_.seed, static_cast<std::uint64_t>(b), AgentKind::Pool, 0, Purpose::RiskEngine);
  const size_t L = spot0_.size();
  const double* w = poolWeight_.data();
  const int n = blockSize(b);
  if (chunk_ == 1) {
    // A book of a kernel chunk or more, one sample at a time: its legs
    // staged and priced a piece at a time, so what is staged is still in the
    // cache when it is priced (a lane's price does not depend on the piece),
    // each leg at its volatility on the sample's path (groupVols).
    for (int i = 0; i < n; ++i) {
      const Path p = path(ws, 0);
      simulateMarket(rng, ws, p);
      if (ewma_) groupVols(ws, 1);
      double v = 0;
      for (size_t from = 0; from < L; from += kRiskLegPiece) {
        const size_t to = std::min(L, from + kRiskLegPiece);
        priceMoved(ws, from, to - from, p);
        v += dot(w + from, ws.price.data(), to - from);
      }
      out[i] = v - valueNow_;
    }
    return;
  }
  // A small book: samples in chunks, each one's path drawn in order (one
  // stream), then the whole chunk priced in one kernel call, then one dot
  // product each.
  for (int i0 = 0; i0 < n; i0 += chunk_) {
    const int m = std::min(chunk_, n - i0);
    for (int k = 0; k < m; ++k) simulateMarket(rng, ws, path(ws, k));
    const size_t lanes = static_cast<size_t>(m) * L;
    if (ewma_) groupVols(ws, m);
    priceMoved(ws, 0, lanes, path(ws, 0));
    for (int k = 0; k < m; ++k) {
      out[i0 + k] = dot(w, ws.price.data() + static_cast<size_t>(k) * L, L) - valueNow_;
    }
  }
}

void RiskEngine::blockPaths(int b, RiskWorkspace& ws, const std::vector<int>& samples, double* growthOut,
                            double* ewmaOut) const {
  if (samples.empty()) return;
  Engine rng = makeEngine(def_.seed, static_cast<std::uint64_t>(b), AgentKind::Pool, 0, Purpose::RiskEngine);
  const size_t G = static_cast<size_t>(def_.horizonDays + 1) * static_cast<size_t>(assets_);
  size_t next = 0;
  for (int i = 0; i <= samples.back(); ++i) {
    // Every sample's draws, so the stream stays in step.
    simulateMarket(rng, ws, path(ws, 0), true);
    if (i != samples[next]) continue;
    std::copy(ws.growth.data(), ws.growth.data() + G, growthOut + next * G);
    std::copy(ws.ewma.data(), ws.ewma.data() + G, ewmaOut + next * G);
    ++next;
  }
}

void RiskEngine::blockWriterLosses(int b, RiskWorkspace& ws, const std::uint32_t* mask, int sets, double* sums) const {
  Engine rng = makeEngine(def_.seed, static_cast<std::uint64_t>(b), AgentKind::Pool, 0, Purpose::RiskEngine);
  const int W = writerCount();
  for (int i = 0, n = blockSize(b); i < n; ++i) {
    // Every sample's draws, so the stream stays in step.
    const Path p = path(ws, 0);
    simulateMarket(rng, ws, p);
    if (mask[i] == 0) continue;
    if (ewma_) groupVols(ws, 1);
    priceMoved(ws, 0, spot0_.size(), p);
    for (int wr = 0; wr < W; ++wr) {
      double lw = 0;
      for (int j = writerStart_[static_cast<size_t>(wr)]; j < writerStart_[static_cast<size_t>(wr) + 1]; ++j)
        lw += poolWeight_[static_cast<size_t>(j)] * (ws.price[static_cast<size_t>(j)] - price0_[static_cast<size_t>(j)]);
      for (int k = 0; k < sets; ++k)
        if (mask[i] >> k & 1u) sums[static_cast<size_t>(k) * static_cast<size_t>(W) + static_cast<size_t>(wr)] += lw;
    }
  }
}

std::vector<double> allLosses(const RiskEngine& engine, RiskWorkspace& ws) {
  std::vector<double> losses(static_cast<size_t>(engine.def().samples));
  for (int b = 0; b < engine.blocks(); ++b) engine.blockLosses(b, ws, losses.data() + engine.blockBegin(b));
  return losses;
}

double RiskEngine::stressed(const StressScenario& s, RiskWorkspace& ws, std::vector<double>& obligations) const {
  return stressedInto(s, ws, obligations, nullptr, nullptr);
}

double RiskEngine::stressedByPool(const StressScenario& s, RiskWorkspace& ws, std::vector<double>& obligations,
                                  std::vector<double>& byPool, std::vector<double>& poolValue) const {
  return stressedInto(s, ws, obligations, &byPool, &poolValue);
}

double RiskEngine::onPath(const std::vector<double>& growthByDay, RiskWorkspace& ws, std::vector<double>& obligations) const {
  assert(growthByDay.size() == (static_cast<size_t>(def_.horizonDays) + 1) * static_cast<size_t>(assets_));
  const StressScenario held = StressScenario::uniform("", static_cast<size_t>(assets_), 0.0, 1.0);
  return stressedInto(held, ws, obligations, nullptr, nullptr, &growthByDay);
}

double RiskEngine::stressedInto(const StressScenario& s, RiskWorkspace& ws, std::vector<double>& obligations,
                                std::vector<double>* byPool, std::vector<double>* poolValue,
                                const std::vector<double>* growthByDay) const {
  const size_t L = spot0_.size(), A = static_cast<size_t>(assets_);
  for (size_t d = 0; d <= static_cast<size_t>(def_.horizonDays); ++d)
    for (size_t a = 0; a < A; ++a) {
      const double g = growthByDay ? (*growthByDay)[d * A + a] : 1.0 + s.spotMove[a];
      ws.growth[d * A + a] = g;
      // A price of 0 is the deterministic limit (S/K' is 0).
      ws.logGrowth[d * A + a] = g > 0.0 ? kmath::log(g) : 0.0;
      ws.invGrowth[d * A + a] = g > 0.0 ? 1.0 / g : 0.0;
    }
  // The stressed volatility's σ√t and 1/(σ√t), leg by leg (the spot-free
  // constants bsFixedLeg computes; its other fields are the engine's own).
  std::vector<double> sd(2 * L);  // σ√t, then 1/(σ√t)
  for (size_t j = 0; j < L; ++j) {
    const size_t a = static_cast<size_t>(moveRep_[j]) % A;  // the leg's asset
    const FixedLeg leg =
        bsFixedLeg(signRep_[j], spot0_[j], strikeRep_[j], market_.rateAnnual, vol0_[j] * s.volMultiplier[a] + s.volShift[a], years_[j]);
    sd[j] = leg.sd;
    sd[L + j] = leg.invSd;
  }
  priceMoved(ws, 0, L, path(ws, 0), sd.data(), sd.data() + L);
  const int W = writerCount();
  const size_t P = static_cast<size_t>(poolCount_);
  obligations.assign(static_cast<size_t>(W), 0.0);
  if (byPool) byPool->assign(static_cast<size_t>(W) * P, 0.0);
  if (poolValue) poolValue->assign(P, 0.0);
  double loss = 0;
  for (int wr = 0; wr < W; ++wr) {
    double o = 0;
    for (int j = writerStart_[static_cast<size_t>(wr)]; j < writerStart_[static_cast<size_t>(wr) + 1]; ++j) {
      const size_t J = static_cast<size_t>(j);
      o += writerWeight_[J] * ws.price[J];
      loss += poolWeight_[J] * (ws.price[J] - price0_[J]);
      if (byPool) {
        (*byPool)[static_cast<size_t>(wr) * P + static_cast<size_t>(legPool_[J])] += writerWeight_[J] * ws.price[J];
        (*poolValue)[static_cast<size_t>(legPool_[J])] += poolWeight_[J] * ws.price[J];
      }
    }
    obligations[static_cast<size_t>(wr)] = std::max(o, 0.0);
    if (byPool)  // a capped call's two legs are in one pool: each pool's part is at least 0 but for rounding
      for (size_t p = 0; p < P; ++p) (*byPool)[static_cast<size_t>(wr) * P + p] = std::max((*byPool)[static_cast<size_t>(wr) * P + p], 0.0);
  }
  return loss;
}

double riskRepricings(const RiskDef& def, const RiskBook& book) {
  // A call with a cap is two options; count every position as up to two.
  double legs = 0;
  for (int i = 0; i < book.size(); ++i)
    legs += (book.maxCover[static_cast<size_t>(i)] > 0 && book.kind[static_cast<size_t>(i)] == 0) ? 2.0 : 1.0;
  return static_cast<double>(def.samples) * legs;
}

double riskPathDays(const RiskDef& def, const RiskBook& book) {
  return static_cast<double>(def.horizonDays) * static_cast<double>(std::max<std::size_t>(book.assetNames.size(), 1));
}

std::string riskWorkTime(double repricings) {
  const double seconds = repricings / kRiskTargetRepricingsPerSecond;
  char when[48];
  // Tenths below 10 minutes, so a run just over the cap does not read as the cap's own time.
  if (seconds < 600) std::snprintf(when, sizeof when, "%.1f minutes", seconds / 60);
  else if (seconds < 3600) std::snprintf(when, sizeof when, "%.0f minutes", seconds / 60);
  else if (seconds < 2 * 86400) std::snprintf(when, sizeof when, "%.1f hours", seconds / 3600);
  else std::snprintf(when, sizeof when, "%.1f days", seconds / 86400);
  return when;
}

namespace {
// "W repricings (about T on one core at 75 M/s), more than the 3e+10 (about
// 6.7 minutes) one run may take". W to three digits, or as many as it takes
// not to read as the cap itself (3.0004e10 is "3e+10" to three).
std::string overRiskCap(double work) {
  char total[32], buf[240];
  std::snprintf(total, sizeof total, "%.3g", work);
  for (int digits = 4; std::strtod(total, nullptr) <= kMaxRiskRepricings && digits <= 17; ++digits)
    std::snprintf(total, sizeof total, "%.*g", digits, work);
  std::snprintf(buf, sizeof buf, "%s repricings (about %s on one core at 75 M/s), more than the %.0e (about %s) one run may take",
                total, riskWorkTime(work).c_str(), kMaxRiskRepricings, riskWorkTime(kMaxRiskRepricings).c_str());
  return buf;
}
}  // namespace

void checkRiskWork(double samples, double options, const std::string& lower, int passes, const std::string& why,
                   double pathDays) {
  const double work = samples * (options + kPathDayRepricings * pathDays) * passes;
  if (work <= kMaxRiskRepricings) return;
  // What one sample costs, named and counted: its options, and its path's days.
  // The path is named only where it weighs (1 % of the work or more).
  const bool showPath = kPathDayRepricings * pathDays >= 0.01 * options;
  char perName[64], perValue[64];
  if (showPath) {
    std::snprintf(perName, sizeof perName, "(options + %.0f x path days)", kPathDayRepricings);
    std::snprintf(perValue, sizeof perValue, "(%.3g + %.0f x %.3g)", options, kPathDayRepricings, pathDays);
  } else {
    std::snprintf(perName, sizeof perName, "options");
    std::snprintf(perValue, sizeof perValue, "%.3g", options);
  }
  char count[200];
  if (passes == 1) std::snprintf(count, sizeof count, "samples x %s = %.3g x %s", perName, samples, perValue);
  else std::snprintf(count, sizeof count, "passes x samples x %s = %d x %.3g x %s", perName, passes, samples, perValue);
  const std::string text = std::string(count) + " = " + overRiskCap(work) + "; lower --samples or " + lower +
                           (showPath ? " or a shorter --horizon-days" : "");
  throw InputError("--samples", why.empty() ? text : text + " (" + why + ")");
}

void checkStressWork(double scenarios, double options, double monteCarloWork, const std::string& option) {
  const double stress = scenarios * options * kStressRepricings;
  if (stress + monteCarloWork <= kMaxRiskRepricings) return;
  char count[200];
  std::snprintf(count, sizeof count,
                "scenarios x options x %.0f (a stressed option costs about two repricings) = %.0f x %.4g x %.0f = %.4g "
                "repricings, with the Monte Carlo's %.4g: ",
                kStressRepricings, scenarios, options, kStressRepricings, stress, monteCarloWork);
  throw InputError(option, std::string(count) + overRiskCap(stress + monteCarloWork) +
                               "; give fewer scenarios, lower --samples or use a smaller book");
}

void checkRiskHorizonDays(int horizonDays) {
  if (horizonDays < 1 || horizonDays > 3650)
    throw InputError("--horizon-days", "expected whole days in [1, 3650], got " + std::to_string(horizonDays));
}

void validateRiskDef(const RiskDef& def, const RiskBook& book) {
  if (def.levels.empty()) throw InputError("--levels", "expected at least one confidence level in (0, 1), got none");
  if (static_cast<int>(def.levels.size()) > kMaxRiskLevels)
    throw InputError("--levels", "at most " + std::to_string(kMaxRiskLevels) + " levels, got " + std::to_string(def.levels.size()));
  for (size_t i = 0; i < def.levels.size(); ++i) {
    const double q = def.levels[i];
    if (!(q > 0.0 && q < 1.0))
      throw InputError("--levels", "level " + std::to_string(i + 1) + ": expected a confidence level in (0, 1) such as 0.99, got " +
                                       shortestNumber(q));
    // Each level names its own columns (component_var_99: levelTag): a repeat would duplicate them.
    for (size_t k = 0; k < i; ++k)
      if (std::round(def.levels[k] * 1e6) == std::round(q * 1e6))
        throw InputError("--levels", "level " + std::to_string(i + 1) + " (" + shortestNumber(q) + ") repeats level " +
                                         std::to_string(k + 1) + " (" + shortestNumber(def.levels[k]) +
                                         ") to 1e-6; give each level once");
  }
  checkRiskHorizonDays(def.horizonDays);
  if (book.size() == 0) throw InputError("BOOK", "the book has no positions: nothing to measure");
  const double lastExpiry = *std::max_element(book.expiryDays.begin(), book.expiryDays.end());
  // Expiries fall on whole days, rounded up as the engine observes them (docs/risk.md §3): 2.5 days is day 3.
  const double lastDay = std::ceil(lastExpiry - 1e-9);
  if (def.horizonDays > lastDay)
    throw InputError("--horizon-days", "expected a horizon at most the last expiry in the book (" + shortestNumber(lastExpiry) +
                                           " days" + (lastExpiry != lastDay ? ", day " + shortestNumber(lastDay) + " rounded up"
                                                                            : std::string()) +
                                           "), got " + std::to_string(def.horizonDays) + ": every position would have expired");
  // Work first: the estimate is what tells a user why.
  checkRiskWork(static_cast<double>(def.samples), riskRepricings(def, book) / static_cast<double>(def.samples),
                "use a smaller book", 1, "", riskPathDays(def, book));
  if (def.samples > kMaxRiskSamples)
    throw InputError("--samples", "at most " + std::to_string(kMaxRiskSamples) + " (memory: 16 bytes a sample), got " +
                                      std::to_string(def.samples));
  for (size_t i = 0; i < def.levels.size(); ++i)
    if (!levelLeavesBody(def.levels[i], def.samples))
      throw InputError("--levels", "level " + std::to_string(i + 1) + " (" + shortestNumber(def.levels[i]) +
                                       ") is below 1 / --samples (" +
                                       shortestNumber(1.0 / static_cast<double>(def.samples)) + "): fewer than one of the " +
                                       std::to_string(def.samples) +
                                       " samples lies outside its tail, so its VaR is no quantile; confidence levels are "
                                       "usually 0.95 to 0.999");
  const double maxLevel = *std::max_element(def.levels.begin(), def.levels.end());
  const long long forTail = samplesForTail(maxLevel);
  if (def.samples < std::max(kMinRiskSamples, forTail))
    throw InputError("--samples", forTail >= kMinRiskSamples
                                      ? "must be >= " + std::to_string(forTail) + " (10 samples in the tail of level " +
                                            shortestNumber(maxLevel) + "), got " + std::to_string(def.samples)
                                      : "must be >= " + std::to_string(kMinRiskSamples) +
                                            " (the fewest the engine takes; level " +
                                            shortestNumber(maxLevel) + " alone would need " + std::to_string(forTail) +
                                            "), got " + std::to_string(def.samples));
}

RiskSummary summarizeLosses(const std::vector<double>& losses, const std::vector<double>& levels,
                            std::vector<std::uint32_t>& masks) {
  const long long n = static_cast<long long>(losses.size());
  assert(n >= 2);
  RiskSummary s;
  s.samples = n;
  double sum = 0;
  for (double x : losses) sum += x;
  s.meanLoss = sum / static_cast<double>(n);
  double sq = 0;
  for (double x : losses) sq += (x - s.meanLoss) * (x - s.meanLoss);
  s.lossSd = std::sqrt(sq / static_cast<double>(n - 1));
  s.meanLossStdErr = s.lossSd / std::sqrt(static_cast<double>(n));

  // Ranks: sorted by loss, ties by sample index (an exact, thread-free order).
  // Only rank 0 and the ranks from the lowest one read below (a VaR's CI or
  // window) upward need their place, so the losses are partitioned there
  // and only the part above it is sorted: at the default levels and 10^6
  // samples, 2.5 % of the samples instead of all of them. The ranks read
  // are those of the full sort, as the order is strict.
  long long from = n - 1;
  for (const double q : levels) {
    const int tail = tailCount(q, n);
    const long long varRank = n - tail - 1;
    const double nq = static_cast<double>(n) * q, half = 1.96 * std::sqrt(nq * (1.0 - q));
    from = std::min({from, varRank - varWindowOf(tail), static_cast<long long>(std::floor(nq - half)) - 1});
  }
  from = std::clamp(from, 0LL, n - 1);
  std::vector<std::pair<double, std::uint32_t>> ranked(static_cast<size_t>(n));
  for (size_t i = 0; i < ranked.size(); ++i) ranked[i] = {losses[i], static_cast<std::uint32_t>(i)};
  const auto before = [](const std::pair<double, std::uint32_t>& a, const std::pair<double, std::uint32_t>& b) {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  };
  if (from > 0) {
    std::nth_element(ranked.begin(), ranked.begin() + from, ranked.end(), before);
    std::iter_swap(ranked.begin(), std::min_element(ranked.begin(), ranked.begin() + from, before));
  }
  std::sort(ranked.begin() + from, ranked.end(), before);
  auto rankAt = [&](long long rank) {
    const long long r = std::clamp(rank, 0LL, n - 1);
    assert(r == 0 || r >= from);
    return static_cast<size_t>(r);
  };
  auto at = [&](long long rank) { return ranked[rankAt(rank)].first; };
  auto sampleAt = [&](long long rank) { return ranked[rankAt(rank)].second; };
  s.minLoss = at(0);
  s.maxLoss = at(n - 1);
  masks.assign(static_cast<size_t>(n), 0u);
  for (size_t li = 0; li < levels.size(); ++li) {
    LevelRisk r;
    r.level = levels[li];
    r.tailSamples = tailCount(r.level, n);
    assert(r.tailSamples >= 1 && r.tailSamples < n);
    r.varRank = n - r.tailSamples - 1;
    r.valueAtRisk = at(r.varRank);
    // 95 % CI of the level-quantile: ranks n q -/+ 1.96 sqrt(n q (1 - q)) (binomial, normal approximation).
    const double nq = static_cast<double>(n) * r.level, half = 1.96 * std::sqrt(nq * (1.0 - r.level));
    r.varCiLo = at(static_cast<long long>(std::floor(nq - half)) - 1);
    r.varCiHi = at(static_cast<long long>(std::ceil(nq + half)) - 1);
    double tailSum = 0;
    for (long long k = r.varRank + 1; k < n; ++k) tailSum += at(k);
    r.expectedShortfall = tailSum / r.tailSamples;
    double tailSq = 0;
    for (long long k = r.varRank + 1; k < n; ++k) tailSq += (at(k) - r.expectedShortfall) * (at(k) - r.expectedShortfall);
    const double tailVar = r.tailSamples > 1 ? tailSq / (r.tailSamples - 1) : 0.0;
    const double gap = r.expectedShortfall - r.valueAtRisk;
    r.esStdErr = std::sqrt((tailVar + r.level * gap * gap) / r.tailSamples);
    r.esCiLo = r.expectedShortfall - 1.96 * r.esStdErr;
    r.esCiHi = r.expectedShortfall + 1.96 * r.esStdErr;
    r.varWindow = varWindowOf(r.tailSamples);
    for (long long k = r.varRank + 1; k < n; ++k) masks[sampleAt(k)] |= 1u << (2 * li);
    for (long long k = std::max(0LL, r.varRank - r.varWindow); k <= std::min(n - 1, r.varRank + r.varWindow); ++k)
      masks[sampleAt(k)] |= 1u << (2 * li + 1);
    s.levels.push_back(r);
  }
  return s;
}

WriterComponents eulerComponents(const RiskSummary& s, const std::vector<double>& sums, int writers) {
  WriterComponents c;
  const size_t W = static_cast<size_t>(writers);
  for (size_t li = 0; li < s.levels.size(); ++li) {
    const LevelRisk& r = s.levels[li];
    std::vector<double> es(W), var(W);
    const double* tail = sums.data() + (2 * li) * W;
    const double* window = sums.data() + (2 * li + 1) * W;
    const long long lo = std::max(0LL, r.varRank - r.varWindow), hi = std::min(s.samples - 1, r.varRank + r.varWindow);
    const double windowCount = static_cast<double>(hi - lo + 1);
    double windowTotal = 0;
    for (size_t w = 0; w < W; ++w) {
      es[w] = tail[w] / r.tailSamples;
      var[w] = window[w] / windowCount;
      windowTotal += var[w];
    }
    // The window's mean loss is near VaR, not equal to it: scale so the parts add up.
    if (std::abs(windowTotal) > 1e-12 * std::max(1.0, std::abs(r.valueAtRisk)))
      for (double& v : var) v *= r.valueAtRisk / windowTotal;
    c.es.push_back(std::move(es));
    c.var.push_back(std::move(var));
  }
  return c;
}

}  // namespace mutualab
