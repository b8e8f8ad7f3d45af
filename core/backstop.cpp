#include "core/backstop.h"

#include <algorithm>

namespace mutualab {

void Backstop::setUp(Ledger& ledger, const BackstopDef& def, const std::vector<int>& poolChains, int backstopChain,
                     Bridges* bridges_, int claimCapacity) {
  const int nPools = static_cast<int>(poolChains.size());
  bridges = bridges_;
  poolChain = poolChains;
  bridged.assign(poolChains.size(), 0);
  for (size_t k = 0; k < poolChains.size(); ++k) bridged[k] = poolChains[k] != backstopChain ? 1 : 0;
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

Backstop::Paid Backstop::release(Ledger& ledger, int pool, Money amount, int t) {
  attribute(pool, amount);
  if (!bridged[static_cast<size_t>(pool)]) {
    ledger.transfer(account, ledger.external(), amount);
    return {amount, 0};
  }
  bridges->send(ledger, account, pool, poolChain[static_cast<size_t>(pool)], amount, t);
  return {0, amount};
}

Backstop::Paid Backstop::pay(Ledger& ledger, int pool, Money claimed, int t) {
  Money want = std::min(claimed, balance(ledger));
  if (coverage == Coverage::CapPerStep) {
    Money& drawn = drawnThisStep_[static_cast<size_t>(pool)];
    want = std::min(want, std::max<Money>(capPerStep - drawn, 0));
    drawn += std::max<Money>(want, 0);
  }
  return want > 0 ? release(ledger, pool, want, t) : Paid{};
}

void Backstop::claim(int pool, Money amount) {
  if (amount > 0) claims_.push_back({pool, amount});
}

void Backstop::endStep() { std::fill(drawnThisStep_.begin(), drawnThisStep_.end(), 0); }

}  // namespace mutualab
