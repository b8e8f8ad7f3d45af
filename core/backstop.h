// The backstop: capital shared by the pools that pays a pool's claims once
// the pool's own layers (writer collateral, retained share, insurance fund,
// LP capital) are spent, before a claim goes unpaid. It has one ledger
// account. Today it pays at once, inside the waterfall, first come first
// served; coverage policies and bridges to pools on other chains build on
// this object.
#pragma once

#include "core/ledger.h"
#include "core/money.h"

namespace mutualab {

struct Backstop {
  int account = -1;      // its ledger account
  Money initial = 0;     // capital at start

  // Takes the ledger's backstop account and endows it with `capital` (currency).
  void fund(Ledger& ledger, double capital) {
    account = ledger.backstop();
    initial = toMoney(capital);
    ledger.endow(account, initial);
  }
  Money balance(const Ledger& ledger) const { return ledger.balance(account); }
};

}  // namespace mutualab
