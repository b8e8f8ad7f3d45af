#include "core/money.h"

#include <cstdio>

#include "core/errors.h"

namespace mutualab {

void refuseAmount(double currency) {
  char amount[64];
  std::snprintf(amount, sizeof amount, "%.3g", currency);
  throw InputError("", std::string("an amount of ") + amount +
                           " currency is beyond what the ledger counts (about 9.2e12 either way): the scenario's "
                           "sizes (positions/notional, LP capital) or its market (market/assets: drift, "
                           "volatility, jumps, over steps of sim/stepDays) make payoffs this large");
}

}  // namespace mutualab
