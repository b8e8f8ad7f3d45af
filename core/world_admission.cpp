// What admission by VaR saw, step by step and over the run (the series and
// summary of core/metrics.h's MUTUALAB_ADMISSION_* lists): for each pool
// that admits by VaR, its book's liability at the level against the capital
// that must carry it, the latest measure, and the quotes its test declined.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/world.h"

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void World::recordAdmissionMetrics() {
  const size_t K = kAdmissionStepMetricCount;
  double* row = admissionMetrics_.data() + static_cast<size_t>(t_) * admissionPools_.size() * K;
  for (size_t j = 0; j < admissionPools_.size(); ++j) {
    const size_t k = static_cast<size_t>(admissionPools_[j]);
    const Pool& p = pools_[k];
    const RiskAdmission& ra = admissions_[k];
    double* x = row + j * K;
    auto set = [x](AdmissionStepMetric m, double v) { x[static_cast<size_t>(m)] = v; };
    // By its terms, not admitsByRisk (set by the step's first measure): row 0 shows its capital too.
    const bool byRisk = p.def.enabled && p.def.admission.byRisk();
    const bool measured = byRisk && ra.measuredAt() >= 0;
    set(AdmissionStepMetric::Liability, measured ? ra.liability() : kNaN);
    set(AdmissionStepMetric::Capital, byRisk ? riskResources(p) : kNaN);
    set(AdmissionStepMetric::Value, measured ? ra.valueNow() : kNaN);
    set(AdmissionStepMetric::Var, measured ? ra.valueAtRisk() : kNaN);
    set(AdmissionStepMetric::Es, measured ? ra.expectedShortfall() : kNaN);
    set(AdmissionStepMetric::Declined, byRisk ? riskDeclined_[k] : kNaN);
    riskDeclined_[k] = 0;
  }
}

void World::summarizeAdmissions(RepSummary& r, int T) const {
  const size_t K = kAdmissionSummaryMetricCount;
  r.admissions.assign(admissionPools_.size() * K, kNaN);
  for (size_t j = 0; j < admissionPools_.size(); ++j) {
    const int J = static_cast<int>(j);
    double declined = 0, utilization = kNaN;
    int over = 0, admitting = 0;
    for (int t = 0; t <= T; ++t) {
      const double d = admissionMetric(t, J, AdmissionStepMetric::Declined);
      if (std::isnan(d)) continue;  // a step it admitted by ratio
      ++admitting;
      declined += d;
      const double liability = admissionMetric(t, J, AdmissionStepMetric::Liability);
      const double capital = admissionMetric(t, J, AdmissionStepMetric::Capital);
      if (std::isnan(liability) || std::isnan(capital)) continue;
      if (liability > capital) ++over;
      if (capital > 0) utilization = std::isnan(utilization) ? liability / capital : std::max(utilization, liability / capital);
    }
    // A replication in which it never admitted by VaR (a governance rule
    // that never fired) has none of these: null, left out of the means.
    if (admitting == 0) continue;
    double* x = r.admissions.data() + j * K;
    auto set = [x](AdmissionSummaryMetric m, double v) { x[static_cast<size_t>(m)] = v; };
    set(AdmissionSummaryMetric::Declined, declined);
    set(AdmissionSummaryMetric::UtilizationMax, utilization);
    set(AdmissionSummaryMetric::OverSteps, over);
  }
}

}  // namespace mutualab
