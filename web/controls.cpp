#include "web/controls.h"

#include "core/scenario.h"

namespace mutualab::web {

const std::vector<Control>& playgroundControls() {
  using K = ControlKind;
  static const std::vector<Control> table = {
      {"writers/count", "Writers", "writers", "",
       "Option writers in the market. Each has a private tail type theta it knows and the pool does not.",
       K::Integer, 10, 5000, "%.0f"},
      {"writers/theta/mean", "Writers", "theta mean", "",
       "Average private tail type (0 = safe, 1 = riskiest). Risky writers write closer to the money and carry a "
       "hidden adverse-jump risk the pool cannot see.",
       K::Number, 0.05, 0.95, "%.2f"},
      {"writers/theta/sd", "Writers", "theta dispersion", "sd",
       "How different writers are (Beta sd; needs sd^2 < mean(1-mean)). No dispersion, no adverse selection: "
       "the wider it is, the more a one-price pool overcharges the safe and undercharges the risky.",
       K::Number, 0.0, 0.45, "%.2f"},
      {"pool/writerCollateralRatio", "Pool", "collateral ratio (pool)", "x max loss",
       "Collateral a pooling writer posts, as a fraction of the position's maximum loss (a silo locks 100%).",
       K::Number, 0.0, 1.0, "%.2f"},
      {"pool/minCollateralRatio", "Pool", "min pool collateral", "x max cover",
       "(LP capital + insurance fund) / total cover the pool has written must stay above this; beyond it the pool "
       "refuses new positions.",
       K::Number, 0.0, 1.0, "%.2f"},
      {"pool/insuranceFeeShare", "Pool", "insurance fund share", "of fees",
       "Share of every fee paid into the insurance fund, which absorbs losses before LP capital.", K::Number, 0.0,
       1.0, "%.2f"},
      {"pool/lockupSteps", "LPs", "LP lockup", "steps",
       "A deposit cannot be withdrawn for this many steps.", K::Integer, 0, 365, "%.0f"},
      {"pool/noticeSteps", "LPs", "withdrawal notice", "steps",
       "A withdrawal is paid this many steps after it is requested; a notice longer than an early warning stops "
       "runs.",
       K::Integer, 0, 90, "%.0f"},
      {"pool/exitFee", "LPs", "exit fee", "of withdrawal",
       "Fraction of every withdrawal kept by the pool (for the LPs who stay).", K::Number, 0.0, 0.5, "%.3f"},
      {"lps/count", "LPs", "liquidity providers", "LPs", "LPs who may fund the pool.", K::Integer, 1, 1000, "%.0f"},
      {"lps/earlyWarningShare", "LPs", "LPs with early warning", "share",
       "Fraction of LPs who see a (90% accurate) signal of coming stress a few steps ahead.", K::Number, 0.0, 1.0,
       "%.2f"},
      {"market/assets/0/jumpIntensityAnnual", "Market", "jump intensity", "per year",
       "Merton jumps of the underlying per year (calm regime).", K::Number, 0.0, 20.0, "%.2f"},
      {"market/assets/0/volAnnual", "Market", "volatility", "annual", "Calm-regime volatility of the underlying.",
       K::Number, 0.05, 2.0, "%.2f"},
      {"buyers/informedShare", "Market", "informed buyers", "of arrivals",
       "Share of option buyers who know an adverse move is coming (toxic flow).", K::Number, 0.0, 1.0, "%.2f"},
      {"shock/step", "Market", "crash on step", "step (-1 = none)",
       "A one-off crash of every asset on this step (size: shock/logJump).", K::Integer, -1, 3650, "%.0f"},
      {"sim/steps", "Run", "horizon", "steps", "Length of the run in steps (1 step = 1 day by default).",
       K::Integer, 30, 3650, "%.0f"},
      {"backstop/capital", "Backstop", "backstop capital", "currency",
       "Capital the shared backstop starts with. It pays a pool's claims once that pool's own layers (collateral, "
       "retained share, insurance fund, LP capital) are spent; 0 with a 0 fee share = isolated pools.",
       K::Number, 0, 1000000, "%.0f", true},
      {"backstop/feeShare", "Backstop", "backstop fee share", "of every fee",
       "Share of every pool's fees paid into the shared backstop: the calm pools' fees then help pay a crashed "
       "pool's buyers (contagion).",
       K::Number, 0.0, 0.5, "%.2f", true},
  };
  return table;
}

const Control* findControl(std::string_view path) {
  for (const auto& c : playgroundControls())
    if (path == c.path) return &c;
  return nullptr;
}

bool isShareablePath(std::string_view path) {
  if (findControl(path)) return true;
  if (path == kLearningWritersPath || path == kLearningLpsPath) return true;
  // A governance rule's condition or one of its named numbers (rules 0..9): a
  // link may switch a rule off ("when" = "0") or move its trigger. The text
  // is at most 512 characters (admitSetting) and muparser parses it when the
  // scenario loads, refusing what it cannot read; it has no I/O.
  constexpr std::string_view rules = "governance/rules/";
  if (path.size() > rules.size() + 2 && path.substr(0, rules.size()) == rules && path[rules.size()] >= '0' &&
      path[rules.size()] <= '9' && path[rules.size() + 1] == '/') {
    const std::string_view rest = path.substr(rules.size() + 2);
    constexpr std::string_view ruleParams = "params/";
    return rest == "when" || (rest.size() > ruleParams.size() && rest.substr(0, ruleParams.size()) == ruleParams &&
                              rest.find('/', ruleParams.size()) == std::string_view::npos);
  }
  // A fee rule: the pool's, or a menu contract's (pool/menu/C/feeRule/...),
  // its name or one of its params.
  constexpr std::string_view menu = "pool/menu/";
  if (path.size() > menu.size() + 2 && path.substr(0, menu.size()) == menu && path[menu.size()] >= '0' &&
      path[menu.size()] < '0' + kMaxContracts && path[menu.size() + 1] == '/')
    path.remove_prefix(menu.size() + 2);
  else if (path.substr(0, 5) == "pool/")
    path.remove_prefix(5);
  else
    return false;
  if (path == "feeRule/name") return true;
  constexpr std::string_view params = "feeRule/params/";
  return path.size() > params.size() && path.substr(0, params.size()) == params &&
         path.find('/', params.size()) == std::string_view::npos;
}

}  // namespace mutualab::web
