#include "core/backstop.h"

#include <algorithm>

namespace mutualab {

void Backstop::setUp(Ledger& ledger, const BackstopDef& def, int nPools, int claimCapacity) {
  account = ledger.backstop();
  initial = toMoney(def.capital);
  ledger.endow(account, initial);
  coverage = def.coverage == "pro-rata" ? Coverage::ProRata
             : def.coverage == "cap-per-step" ? Coverage::CapPerStep
                                              : Coverage::FirstCome;
  capPerStep = toMoney(def.capPerPoolPerStep);
  pools = nPools;
  const size_t P = static_cast<size_t>(nPools);
  stake.assign(P + 1, 0.0);
  stake[P] = toCurrency(initial);
  paid.assign((P + 1) * P, 0.0);
  paidTo.assign(P, 0);
  feesFrom.assign(P, 0);
  drawnThisStep_.assign(P, 0);
  claims_.clear();
  claims_.reserve(static_cast<size_t>(claimCapacity));
}

void Backstop::funded(int pool, Money amount) {
  stake[static_cast<size_t>(pool)] += toCurrency(amount);
  feesFrom[static_cast<size_t>(pool)] += amount;
}

void Backstop::attribute(int pool, Money amount) {
  if (amount <= 0) return;
  const size_t P = static_cast<size_t>(pools), j = static_cast<size_t>(pool);
  paidTo[j] += amount;
  double total = 0;
  for (double s : stake) total += s;
  const double x = toCurrency(amount);
  for (size_t c = 0; c <= P; ++c) {
    if (total <= 0) break;
    const double part = x * stake[c] / total;
    paid[c * P + j] += part;
    stake[c] = std::max(0.0, stake[c] - part);
  }
}

Money Backstop::payCapped(Ledger& ledger, int pool, Money claimed) {
  Money& drawn = drawnThisStep_[static_cast<size_t>(pool)];
  const Money room = std::max<Money>(capPerStep - drawn, 0);
  const Money pay = ledger.transferUpTo(account, ledger.external(), std::min(claimed, room));
  drawn += pay;
  attribute(pool, pay);
  return pay;
}

void Backstop::claim(int pool, Money amount) {
  if (amount > 0) claims_.push_back({pool, amount});
}

void Backstop::endStep() { std::fill(drawnThisStep_.begin(), drawnThisStep_.end(), 0); }

}  // namespace mutualab
