#include "core/book.h"

#include <cassert>

#include "core/money.h"
#include "core/world.h"

namespace mutualab {

void RiskBook::add(const BookPosition& p) {
  kind.push_back(static_cast<std::uint8_t>(p.kind));
  asset.push_back(p.asset);
  writer.push_back(p.writer);
  pool.push_back(p.pool);
  strike.push_back(p.strike);
  expiryDays.push_back(p.expiryDays);
  units.push_back(p.units);
  collateral.push_back(p.collateral);
  coverStrike.push_back(p.coverStrike);
  coverShare.push_back(p.coverShare);
  maxCover.push_back(p.maxCover);
  spot.push_back(p.spot);
  volAnnual.push_back(p.volAnnual);
}

BookPosition RiskBook::position(int i) const {
  const size_t k = static_cast<size_t>(i);
  BookPosition p;
  p.kind = static_cast<OptionKind>(kind[k]);
  p.asset = asset[k];
  p.strike = strike[k];
  p.expiryDays = expiryDays[k];
  p.units = units[k];
  p.collateral = collateral[k];
  p.writer = writer[k];
  p.pool = pool[k];
  p.coverStrike = coverStrike[k];
  p.coverShare = coverShare[k];
  p.maxCover = maxCover[k];
  p.spot = spot[k];
  p.volAnnual = volAnnual[k];
  return p;
}

RiskBook RiskBook::onlyPool(int k) const {
  RiskBook out;
  out.assetNames = assetNames;
  out.step = step;
  out.day = day;
  out.stressed = stressed;
  out.pools = pools;
  // A book.csv alone lists no pools' capital: 0 for each.
  const PoolCapital p = k >= 0 && static_cast<size_t>(k) < pools.size() ? pools[static_cast<size_t>(k)] : PoolCapital{};
  out.capital = BookCapital{p.insuranceFund, p.poolCapital, capital.backstop};
  for (int i = 0; i < size(); ++i)
    if (pool[static_cast<size_t>(i)] == k) out.add(position(i));
  return out;
}

RiskBook pooledBookOf(const World& world, int onlyPool) {
  const PositionBook& b = world.positions();
  const Market& market = world.market();
  const ScenarioDef& def = world.scenario();
  const int t = world.currentStep();
  RiskBook out;
  for (const AssetDef& a : def.market.assets) out.assetNames.push_back(a.name);
  out.step = t;
  out.day = t * def.sim.stepDays;
  out.stressed = market.stressAt(t);
  auto add = [&](int s) {
    const size_t S = static_cast<size_t>(s);
    const Pool& pool = world.pool(b.pool[S]);
    const int contract = world.offer(b.offer[S]).contract;
    BookPosition p;
    p.kind = static_cast<OptionKind>(b.kind[S]);
    p.asset = b.asset[S];
    p.strike = b.strike[S];
    p.expiryDays = (b.expiry[S] - t) * def.sim.stepDays;
    p.units = b.units[S];
    p.collateral = toCurrency(b.collateral[S]);
    p.writer = b.writer[S];
    p.pool = b.pool[S];
    // As Pool::markToModel values it: the cover starts where the pool's
    // contract collateral per unit runs out.
    p.coverStrike = b.coverStrike(s);
    p.coverShare = 1.0 - pool.contractRetained(contract);
    p.maxCover = b.maxCover[S];
    p.spot = market.price(p.asset, t);
    p.volAnnual = market.pricingVol(p.asset, t);
    out.add(p);
  };
  if (onlyPool >= 0) b.forEachInPool(onlyPool, add);
  else b.forEachPooled(add);
  for (int k = 0; k < world.poolCount(); ++k) {
    const Pool& pool = world.pool(k);
    const PoolCapital pc{pool.name, toCurrency(world.ledger().balance(pool.fundAccount)),
                         toCurrency(world.ledger().balance(pool.capitalAccount))};
    out.capital.insuranceFund += pc.insuranceFund;
    out.capital.poolCapital += pc.poolCapital;
    out.pools.push_back(pc);
  }
  if (world.backstop().account >= 0) out.capital.backstop = toCurrency(world.backstop().balance(world.ledger()));
  return out;
}

RiskBook syntheticBook(int n, const std::vector<std::string>& assetNames, const std::vector<double>& spots,
                       const std::vector<double>& vols) {
  assert(!assetNames.empty() && spots.size() == assetNames.size() && vols.size() == assetNames.size());
  RiskBook out;
  out.assetNames = assetNames;
  const int assets = static_cast<int>(assetNames.size());
  for (int i = 0; i < n; ++i) {
    BookPosition p;
    p.asset = i % assets;
    p.kind = i % 5 == 4 ? OptionKind::Call : OptionKind::Put;
    const double S = spots[static_cast<size_t>(p.asset)];
    const double otm = 0.20 * ((i * 7919) % 101) / 100.0;  // a fixed scatter over 0-20 %
    p.strike = p.kind == OptionKind::Put ? S * (1.0 - otm) : S * (1.0 + otm);
    p.expiryDays = 1 + (i * 13) % 30;
    p.units = 1000.0 / S;
    p.collateral = 0.2 * p.strike * p.units;
    p.writer = i / 10;
    p.coverStrike = p.kind == OptionKind::Put ? p.strike - 0.2 * p.strike : p.strike + 0.2 * p.strike;
    p.coverShare = 1.0;
    p.maxCover = p.kind == OptionKind::Put ? p.coverStrike * p.units : 800.0;
    p.spot = S;
    p.volAnnual = vols[static_cast<size_t>(p.asset)];
    out.add(p);
  }
  return out;
}

}  // namespace mutualab
