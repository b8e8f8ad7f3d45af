#include "web/risk_words.h"

#include <cmath>

#include "core/format_number.h"

namespace mutualab::web {

std::string levelPercent(double level) { return shortestNumber(std::round(level * 1e6) / 1e4); }

std::string negativeRiskNote(double var, double es, double level, int horizonDays) {
  if (!(var < 0)) return "";
  const std::string days = std::to_string(horizonDays) + (horizonDays == 1 ? " day" : " days");
  return std::string(es < 0 ? "VaR and ES are negative" : "VaR is negative") + ": in " + levelPercent(level) +
         "% of the simulated markets" +
         (es < 0 ? ", and on average in the worst " + levelPercent(1 - level) + "% too," : std::string()) +
         " the cover is worth less in " + days +
         " than now (the pool would owe less), as its options lose time value and the pool's volatility mark, raised "
         "by recent large moves, falls back.";
}

}  // namespace mutualab::web
