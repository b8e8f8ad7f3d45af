// A risk pool: its definition and fee rule, its two ledger accounts (LP
// capital and insurance fund), its LP share register and withdrawal queue,
// its exposure and mark-to-model liability, its public loss experience, and
// what its waterfall layers have paid. The world decides who trades with
// which pool; a Pool keeps its own books straight.
//
// Nothing here allocates after construction: the per-LP and per-writer
// arrays are sized once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/fee_rule.h"
#include "core/ledger.h"
#include "core/market.h"
#include "core/population.h"
#include "core/position_book.h"
#include "core/mark_to_model.h"
#include "core/scenario.h"
#include "core/waterfall.h"

namespace mutualab {

struct Pool {
  // `entry` must outlive the pool (the World keeps it). `scenario` gives
  // the asset names its entry refers to, and the backstop's fee share.
  Pool(int id, const PoolEntryDef& entry, const ScenarioDef& scenario, const Ledger& ledger, int writers, int lps);
  ~Pool();
  Pool(Pool&&) noexcept;

  int id = 0;
  const std::string& name;
  const PoolDef& def;
  std::unique_ptr<FeeRule> feeRule;
  // A screening menu: each contract's own fee rule, and who took it.
  std::vector<std::unique_ptr<FeeRule>> menuRules;
  struct ContractRecord {
    long positions = 0;       // positions it took
    double notional = 0;      // their notional, currency
    double thetaNotional = 0; // sum of the takers' theta x notional (self-selection, for results only)
    Money fees = 0;           // fees paid for it
    double claims = 0;        // what its cover was liable for at settlement, currency
  };
  std::vector<ContractRecord> menuRecords;
  // Each contract's own loss experience, as the pool's below but of its
  // takers at its terms (its collateral or first loss, its coverage): what
  // a fee rule pricing from experience (flat, credibility, bonus-malus, a
  // formula's pool_ variables) reads when it prices that contract.
  struct ContractExperience {
    double initialLossRate = 0, lossRate = 0, pooledExpectedRate = 0;
    double acceptedExpected = 0, acceptedNotional = 0, settledLoss = 0, settledNotional = 0;  // this step's
  };
  std::vector<ContractExperience> menuExperience;
  int capitalAccount = -1, fundAccount = -1;  // ledger accounts
  std::vector<std::uint8_t> underwrites;      // per asset
  int chain = 0;                              // index into the scenario's chains (0 with none)
  double backstopFeeShare = 0;                // share of its fees paid to the backstop

  // LP share register and withdrawal queue, per LP.
  std::vector<double> shares, queued;
  std::vector<double> peakNav;        // highest NAV since the LP entered (its drawdown reference)
  std::vector<int> depositStep, requestStep;
  std::vector<std::uint8_t> migrating;  // the queued withdrawal is capital moving to another pool
  double totalShares = 0;

  // Exposure.
  double exposure = 0;   // sum of max cover of open positions, currency
  double liability = 0;  // model value of the open cover (mark to model), currency
  int openPositions = 0;
  bool admitsByRisk = false;  // def.admission is "var" (cached for the quote loop each step): the World's RiskAdmission decides, not the ratio
  long pooledTotal = 0;  // positions it ever took
  std::vector<int> openByWriter;

  // Public loss experience (what fee rules learn from).
  double initialLossRate = 0, lossRate = 0, pooledExpectedRate = 0, modelRatio = 1;
  // The LPs' common estimate of the pool's yield and volatility.
  double navPrev = 1.0, yieldEwma = 0, varEwma = 0;

  // Records.
  WaterfallLayers layers;  // what each layer paid on this pool's claims, cumulative
  Money fees = 0;          // fees paid in, cumulative
  Money lpDeposits = 0, lpWithdrawals = 0;  // LP flows in and out, cumulative
  long feesRefused = 0;  // quotes refused: the fee rule gave no finite fee >= 0
  // Claims on it buyers had not received when they settled (before any
  // late backstop payment), and what reached them late over a bridge or was
  // lost on it; cumulative.
  Money unpaidAtSettlement = 0, paidLate = 0, lostInTransit = 0;
  double lateSteps = 0;  // sum over late payments of amount x steps late, currency-steps
  double feeRateSum = 0;   // fee per notional, summed over every quote
  long feeRateCount = 0;
  bool defaulted = false;  // a claim reached the backstop or went unpaid

  // Secondary market for its shares (def.shareMarket): this step's call
  // auction, and how LPs left, cumulative. Exits are weighted by the
  // currency received: sale proceeds, or queue payments net of the exit fee
  // (capital migrating to another pool is not an exit).
  double peakNavPool = 0;  // highest NAV with shares outstanding: the drawdown bidders price
  double marketPrice = 0, marketNav = 0, marketShares = 0, marketValue = 0, marketOffered = 0;  // this step
  double saleValue = 0, saleValueSteps = 0;            // proceeds, and proceeds x steps since deciding to leave
  double queueExitValue = 0, queueExitValueSteps = 0;  // queue payments, and payments x steps since the request

  // This step's running sums (cleared by the phase that reads them).
  double stepFeeSum = 0;
  int stepFeeCount = 0;
  double acceptedExpected = 0, acceptedNotional = 0;
  double settledLoss = 0, settledNotional = 0, settledModel = 0;

  // [SECTION] State read off the ledger
  // (Inline: the step loop asks these per quote.)
  // NAV per share: (LP capital - liability) / shares, 1 with no shares outstanding.
  double nav(const Ledger& ledger) const {
    if (totalShares <= 0) return 1.0;
    const double equity = toCurrency(ledger.balance(capitalAccount)) - liability;
    return std::max(equity, 0.0) / totalShares;
  }
  // Max cover / capacity at the minimum collateral ratio.
  double utilization(const Ledger& ledger) const {
    const double cap = capital(ledger) / def.minCollateralRatio;
    return cap > 0 ? exposure / cap : (exposure > 0 ? 1e9 : 0.0);
  }
  // LP capital and insurance fund together, currency: what backs its cover.
  double capital(const Ledger& ledger) const {
    return toCurrency(ledger.balance(capitalAccount) + ledger.balance(fundAccount));
  }
  // Cover it can still take at its minimum collateral ratio, currency (>= 0),
  // given capital(ledger) (a caller quoting many positions against one
  // ledger state reads it once).
  double capacityAt(double capital) const { return std::max(capital / def.minCollateralRatio - exposure, 0.0); }
  double capacity(const Ledger& ledger) const { return capacityAt(capital(ledger)); }
  // Whether it can take a position with this max cover from this writer now,
  // given capital(ledger).
  bool canTakeAt(double capital, int writer, int asset, double maxCover) const {
    if (!def.enabled || !underwrites[static_cast<size_t>(asset)]) return false;
    if (openByWriter[static_cast<size_t>(writer)] >= def.maxPositionsPerWriter || openPositions >= def.maxPositions)
      return false;
    // The risk check is the World's (RiskAdmission); with no capital at all
    // the pool is closed whatever its rule, and its test declines nothing.
    if (admitsByRisk) return capital > 0;
    return capital >= def.minCollateralRatio * (exposure + maxCover);
  }
  bool canTake(const Ledger& ledger, int writer, int asset, double maxCover) const {
    return canTakeAt(capital(ledger), writer, asset, maxCover);
  }
  FeeContext feeContext(const Ledger& ledger, const WriterPopulation& writers) const;
  // The pool's context with contract c's own experience in place of the pool's.
  FeeContext contractContext(const FeeContext& pool, int c) const;
  // Contract c's fee (c = -1: the pool's rule) on the pool's context `ctx`:
  // a menu contract's rule reads that contract's own experience (its takers, its terms).
  double contractQuote(int c, const FeeQuoteInput& q, const FeeContext& ctx) const {
    return c < 0 ? feeRule->quote(q, ctx) : menuRules[static_cast<size_t>(c)]->quote(q, contractContext(ctx, c));
  }
  // Contract c's terms (c = -1: the pool's own, for a pool without a menu).
  double contractCollateral(int c, double maxLoss) const {
    if (c < 0) return def.writerCollateralRatio * maxLoss;
    const ContractDef& k = def.menu[static_cast<size_t>(c)];
    return k.firstLoss > 0 ? std::min(k.firstLoss, maxLoss) : k.collateralRatio * maxLoss;
  }
  double contractRetained(int c) const { return c < 0 ? def.retainedShare : 1.0 - def.menu[static_cast<size_t>(c)].coverage; }
  const FeeRule& contractRule(int c) const { return c < 0 ? *feeRule : *menuRules[static_cast<size_t>(c)]; }
  // (Re)builds the menu's fee rules from the definition: at start, and when
  // governance changes a contract's rule.
  void makeMenuRules(int writers);

  // [SECTION] Writers
  // The starting point of its loss experience: the average expected cover
  // per notional at full participation of the writers whose asset it
  // underwrites (true theta: the pool is told this number); each menu
  // contract's likewise, at its own terms.
  void calibrate(const ScenarioDef& scenario, const WriterPopulation& writers, const Market& market, double dt);
  void quoted(double fee, double notional);
  // Takes the fee (its insurance-fund share to the fund, its backstop share
  // to `backstopAccount`) and the exposure; returns the backstop's share.
  // `contract`: the menu contract taken (-1: the pool's own terms).
  Money accept(Ledger& ledger, int writer, Money fee, double maxCover, double expectedCover, double notional,
               int backstopAccount, int contract = -1);
  void endAcceptance();
  void settled(int writer, const WaterfallLayers& paid, double maxCover, double notional, double modelCover,
               int contract = -1);
  void endSettlements();
  // Model value of every open position it covers, at its pricing volatility
  // (its rows in `marks`; `table` built at step t); returns the kernel lanes priced.
  std::size_t markToModel(const MarkBook& marks, int t, const MarkTable& table, MarkWorkspace& ws);
  bool marksToModel() const { return def.markToModel && openPositions > 0; }  // has a liability to price

  // [SECTION] LPs
  // A pool whose capital is gone: old shares are worthless, retire them.
  void retireIfWipedOut(const Ledger& ledger);
  // EWMA of the NAV's log return (an empty pool's advertised yield stands in).
  void updateYieldEstimate(double price, double dt, const LpsDef& lps);
  bool canWithdraw(int lp, int t) const;
  void deposit(Ledger& ledger, int lp, Money amount, int t);
  // Queues a share of the LP's shares (all by default) for withdrawal;
  // `migrating` marks money that is to move on to another pool.
  void requestWithdrawal(int lp, int t, double share = 1.0, bool migrating = false);
  // Pays the queue in LP order, after notice, within the gate and without
  // taking the pool below its minimum collateral ratio; the exit fee stays.
  // Calls onPaid(lp, net, migrating) for each payment.
  template <class F>
  void payQueue(Ledger& ledger, int t, F&& onPaid);
  // Retires a share total with no holder, or below dust, with any LP dust.
  void retireOrphanShares();
};

template <class F>
void Pool::payQueue(Ledger& ledger, int t, F&& onPaid) {
  const Money fundBal = ledger.balance(fundAccount);
  Money budget = static_cast<Money>(std::llround(static_cast<double>(ledger.balance(capitalAccount)) * def.gateShare));
  const Money required = toMoney(def.minCollateralRatio * exposure);
  Money free = ledger.balance(capitalAccount) + fundBal - required;
  const int lps = static_cast<int>(shares.size());
  for (int l = 0; l < lps && totalShares > 0; ++l) {
    const size_t L = static_cast<size_t>(l);
    if (queued[L] <= 0 || t < requestStep[L] + def.noticeSteps) continue;
    const double px = nav(ledger);
    const Money want = toMoney(queued[L] * px);
    const Money pay = std::min({want, budget, std::max<Money>(free, 0), ledger.balance(capitalAccount)});
    if (pay <= 0) continue;
    const double burned = want > 0 ? queued[L] * static_cast<double>(pay) / static_cast<double>(want) : 0.0;
    const Money net = pay - static_cast<Money>(std::llround(static_cast<double>(pay) * def.exitFee));
    ledger.transfer(capitalAccount, ledger.lpCash(l), net);  // the exit fee stays with the remaining LPs
    lpWithdrawals += net;
    shares[L] = std::max(0.0, shares[L] - burned);
    queued[L] = pay == want ? 0.0 : std::max(0.0, queued[L] - burned);
    totalShares = std::max(0.0, totalShares - burned);
    if (shares[L] < 1e-12) { totalShares -= shares[L]; shares[L] = 0; queued[L] = 0; }
    budget -= pay;
    free -= net;
    const bool moving = migrating[L] != 0;
    if (queued[L] <= 0) migrating[L] = 0;
    onPaid(l, net, moving);
  }
}

}  // namespace mutualab
