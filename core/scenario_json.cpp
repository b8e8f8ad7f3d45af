// Scenario JSON in and out. One field list per struct (`visitFields`) is
// walked by four visitors: Reader (JSON -> struct, checking every value),
// Writer (struct -> JSON), SchemaWriter (struct -> JSON Schema) and
// FieldLister (struct -> the parameter table). So a field's key, range,
// cross-checks, human name, unit and meaning are written once, beside each
// other, and the validator, the JSON, the schema, `mutualab fields`, the
// tables of docs/scenario-reference.md and the playground's sliders cannot
// drift apart.
//
// [SECTION] limits      -- the bounds and why
// [SECTION] messages    -- how found values and JSON pointers are spelled
// [SECTION] ranges
// [SECTION] checks      -- combinations of fields (Beta, correlation, shares, memory)
// [SECTION] field lists -- visitFields per struct: THE validation rules
// [SECTION] visitors    -- Reader, Writer, SchemaWriter and FieldLister
// [SECTION] public API

#include "core/scenario_json.h"
#include "core/market.h"
#include "core/governance.h"
#include "core/mark_book.h"
#include "core/suggest.h"

#include "core/format_number.h"
#include "core/risk_engine.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/errors.h"

namespace mutualab {
namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] limits
// ---------------------------------------------------------------------------

// ~274 years of daily steps: bounds loops, metrics memory and lookaheads.
constexpr int kMaxSteps = 100000;
// Per-agent money (capital means, notional, spot). Cash is int64 micro-units
// (money.h), which hold 9.2e12 currency units in all; these caps keep one
// agent's amounts far from that.
constexpr double kMaxAgentMoney = 1e9;
// All starting money together; leaves ~9x headroom in the ledger for gains.
constexpr double kMaxTotalMoney = 1e12;
// A lognormal with sd > 10 x mean draws single agents thousands of times the
// mean among a large population: almost surely a typo, and a ledger hazard.
constexpr double kMaxLognormalCv = 10.0;
constexpr int kMaxAssets = 100;
constexpr double kShareSumTolerance = 1e-9;
// Tolerance on symmetry, unit diagonal and Cholesky pivots, so matrices
// printed by numpy (0.9999999999999998) pass.
constexpr double kCorrelationTolerance = 1e-9;

// Bytes per thing in one World; see estimateMemoryBytes. Measured (peak
// resident memory of `mutualab run` against writers, LPs and open
// positions, docs/performance.md): 172 to 177 bytes per writer with the
// agents table a run returns; 282 per LP (its row, share register, the
// step's view of it and its decision's scratch); per position slot about
// 135 in the book's arrays and free list (151 measured, less the 16 bytes
// of cover terms that moved to mark-to-model's rows; mark-to-model keeps
// nothing per slot, its staged lanes are a fixed piece), rounded up for
// the open bits and the vectors' last growth. Mark-to-model's rows
// (core/mark_book.h): 37 bytes per open pooled position (the slope of an
// all-pooled run rose by 30 bytes an open position when they replaced 16
// bytes a slot in the book and added a value of 8 a slot, since dropped),
// rounded up; and a cohort per pool, asset and step of the tenor, its
// arrays empty or not.
constexpr double kBytesPerWriter = 180.0;
constexpr double kBytesPerLp = 300.0;
// A "learning" strategy keeps a learner's state for every agent of its
// population (and, for LPs, every pool), whatever its share: measured
// (peak resident memory at 100,000 and 300,000 agents, 2026-12-05) 326
// bytes more per LP with hedge, exp3 or fictitious play (270 with
// q-learning, 261 regret matching, 196 imitation), and 16 to 22 more per
// writer; rounded up.
constexpr double kBytesPerLearningLp = 340.0;
constexpr double kBytesPerLearningWriter = 24.0;
constexpr double kBytesPerPositionSlot = 160.0;
constexpr double kBytesPerMarkRow = 40.0;
constexpr double kBytesPerMarkCohort = 160.0;
static_assert(sizeof(MarkCohort) <= kBytesPerMarkCohort);
constexpr double kBytesPerStepMetrics = 600.0;
constexpr double kBytesPerPrice = 8.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------
// [SECTION] messages
// ---------------------------------------------------------------------------

// Shortest text that reads back as the same double; integral values without
// exponent ("-1", "2000000000"), so messages echo what the user wrote.
std::string formatNumber(double x) { return shortestNumber(x); }

// Derived bounds (sqrt(mean(1-mean)), GiB) need no 17 digits.
std::string formatApprox(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string formatGiB(double bytes) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / kGiB);
  return buf;
}

std::string clip(std::string s) {
  constexpr std::size_t kMax = 60;
  if (s.size() <= kMax) return s;
  std::size_t cut = kMax;  // never inside a UTF-8 sequence: messages may be written back as JSON
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

// "string \"abc\"", "number 1.5", "boolean true", "null", "object {...}".
std::string describe(const json& v) {
  auto text = [&] { return clip(v.dump(-1, ' ', false, json::error_handler_t::replace)); };
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return std::string("boolean ") + (v.get<bool>() ? "true" : "false");
    case json::value_t::number_integer: return "number " + std::to_string(v.get<std::int64_t>());
    case json::value_t::number_unsigned: return "number " + std::to_string(v.get<std::uint64_t>());
    case json::value_t::number_float: return "number " + formatNumber(v.get<double>());
    case json::value_t::string: return "string " + text();
    case json::value_t::object: return "object " + text();
    case json::value_t::array: return "array " + text();
    default: return "binary data";
  }
}

}  // namespace

// JSON pointer token escaping (RFC 6901): '~' -> "~0", '/' -> "~1".
std::string escapeToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {

std::string unescapeToken(const std::string& token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// `relative` is already a pointer fragment ("sd", "strategies/1/name", "").
std::string joinPointer(const std::string& base, const std::string& relative) {
  return relative.empty() ? base : base + "/" + relative;
}

std::string lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "unknown key 'tehta'; valid keys: count, theta, ... (did you mean 'theta'?)"
std::string unknownKeyMessage(const std::string& key, const std::vector<std::string>& valid) {
  std::string list;
  for (const auto& k : valid) list += (list.empty() ? "" : ", ") + k;
  std::string message = "unknown key '" + key + "'; valid keys: " + (list.empty() ? "(none)" : list);
  const std::string best = nearestName(key, valid);
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  return message;
}

// ---------------------------------------------------------------------------
// [SECTION] ranges
// ---------------------------------------------------------------------------

struct Range {
  double lo = -kInf;
  double hi = kInf;
  bool loOpen = false;
  bool hiOpen = false;

  bool contains(double x) const {
    return (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
  }
  std::string text() const {
    if (hi == kInf) return std::string(loOpen ? "> " : ">= ") + formatNumber(lo);
    if (lo == -kInf) return std::string(hiOpen ? "< " : "<= ") + formatNumber(hi);
    return std::string("in ") + (loOpen ? "(" : "[") + formatNumber(lo) + ", " + formatNumber(hi) +
           (hiOpen ? ")" : "]");
  }
};

Range atLeast(double lo) { return {lo, kInf, false, false}; }
Range closed(double lo, double hi) { return {lo, hi, false, false}; }
Range closedOpen(double lo, double hi) { return {lo, hi, false, true}; }
Range openClosed(double lo, double hi) { return {lo, hi, true, false}; }
Range open(double lo, double hi) { return {lo, hi, true, true}; }

const Range kProbability = closed(0.0, 1.0);
// Step counts that get added to the current step (lockups, notices,
// lookaheads): bounded so `t + n` cannot overflow an int.
const Range kStepCount = closed(0, kMaxSteps);

// ---------------------------------------------------------------------------
// [SECTION] checks
// ---------------------------------------------------------------------------

// A refused combination: where (pointer relative to the struct being read)
// and why.
struct Problem {
  std::string where;
  std::string message;
};
using MaybeProblem = std::optional<Problem>;

MaybeProblem lognormalProblem(const LognormalDef& d) {
  if (d.sd <= kMaxLognormalCv * d.mean) return std::nullopt;
  return Problem{"sd", "must be <= " + formatNumber(kMaxLognormalCv) + " x mean = " +
                           formatNumber(kMaxLognormalCv * d.mean) +
                           " (a lognormal this skewed draws absurd outliers), got " + formatNumber(d.sd)};
}

// Beta(a, b) with mean m has variance m(1-m)/(a+b+1) < m(1-m), so only
// sd^2 < m(1-m) is reachable; sd = 0 means "everyone exactly m".
MaybeProblem betaProblem(const BetaDef& d) {
  if (d.sd == 0.0) return std::nullopt;
  if (d.mean <= 0.0 || d.mean >= 1.0) {
    return Problem{"sd", "must be 0 when mean is " + formatNumber(d.mean) +
                             " (a Beta distribution with mean 0 or 1 has no spread), got " + formatNumber(d.sd)};
  }
  double limit = std::sqrt(d.mean * (1.0 - d.mean));
  if (d.sd * d.sd < d.mean * (1.0 - d.mean)) return std::nullopt;
  return Problem{"sd", "must be < sqrt(mean x (1 - mean)) = " + formatApprox(limit) + " for mean " +
                           formatNumber(d.mean) + " (no Beta distribution has this spread), got " +
                           formatNumber(d.sd)};
}

MaybeProblem assetNamesProblem(const std::vector<AssetDef>& assets) {
  for (std::size_t i = 0; i < assets.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (assets[i].name == assets[k].name) {
        return Problem{"assets/" + std::to_string(i) + "/name",
                       "duplicate asset name '" + assets[i].name + "' (asset " + std::to_string(k) +
                           " has it); names identify assets in results"};
      }
    }
  }
  return std::nullopt;
}

// Empty = identity. Otherwise n x n, entries in [-1,1], unit diagonal,
// symmetric, and positive semi-definite: the market draws correlated shocks
// with its Cholesky factor, which exists only then. The pivot test below is a
// Cholesky that tolerates zero pivots (perfectly correlated assets are fine).
MaybeProblem correlationProblem(const MarketDef& m) {
  const auto& c = m.correlation;
  if (c.empty()) return std::nullopt;
  const std::size_t n = m.assets.size();
  const std::string shape = std::to_string(n) + " x " + std::to_string(n);
  if (c.size() != n) {
    return Problem{"correlation", "must be " + shape + " (one row and column per asset in market.assets), got " +
                                      std::to_string(c.size()) + " rows"};
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string row = "correlation/" + std::to_string(i);
    if (c[i].size() != n) {
      return Problem{row, "must have " + std::to_string(n) + " entries (the matrix must be " + shape + "), got " +
                              std::to_string(c[i].size())};
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (!closed(-1.0, 1.0).contains(c[i][j])) {
        return Problem{row + "/" + std::to_string(j), "must be in [-1, 1], got " + formatNumber(c[i][j])};
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (std::fabs(c[i][i] - 1.0) > kCorrelationTolerance) {
      return Problem{"correlation/" + std::to_string(i) + "/" + std::to_string(i),
                     "diagonal entries must be 1, got " + formatNumber(c[i][i])};
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (std::fabs(c[i][j] - c[j][i]) > kCorrelationTolerance) {
        return Problem{"correlation/" + std::to_string(i) + "/" + std::to_string(j),
                       "must equal its mirror entry /market/correlation/" + std::to_string(j) + "/" +
                           std::to_string(i) + " = " + formatNumber(c[j][i]) +
                           " (the matrix must be symmetric), got " + formatNumber(c[i][j])};
      }
    }
  }
  std::vector<std::vector<double>> lower(n, std::vector<double>(n, 0.0));
  for (std::size_t j = 0; j < n; ++j) {
    double pivot = c[j][j];
    for (std::size_t k = 0; k < j; ++k) pivot -= lower[j][k] * lower[j][k];
    if (pivot < -kCorrelationTolerance) {
      return Problem{"correlation", "is not positive semi-definite (Cholesky pivot " + std::to_string(j) + " is " +
                                        formatApprox(pivot) +
                                        "); no joint distribution has these correlations"};
    }
    lower[j][j] = pivot > kCorrelationTolerance ? std::sqrt(pivot) : 0.0;
    for (std::size_t i = j + 1; i < n; ++i) {
      double x = c[i][j];
      for (std::size_t k = 0; k < j; ++k) x -= lower[i][k] * lower[j][k];
      if (lower[j][j] > 0.0) {
        lower[i][j] = x / lower[j][j];
      } else if (std::fabs(x) > kCorrelationTolerance) {
        // A zero pivot means asset j is a combination of earlier ones; then
        // its correlations with later assets are forced, and these are not.
        return Problem{"correlation", "is not positive semi-definite (asset " + std::to_string(j) +
                                          " is fully determined by earlier assets, but its correlation with asset " +
                                          std::to_string(i) + " does not match); no joint distribution has these "
                                          "correlations"};
      }
    }
  }
  return std::nullopt;
}

MaybeProblem strategiesProblem(const std::vector<StrategyShareDef>& list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (list[i].name == list[k].name) {
        return Problem{"strategies/" + std::to_string(i) + "/name",
                       "duplicate strategy '" + list[i].name + "' (entry " + std::to_string(k) +
                           " has it); merge them into one entry with the summed share"};
      }
    }
  }
  double sum = 0.0;
  for (const auto& s : list) sum += s.share;
  if (std::fabs(sum - 1.0) > kShareSumTolerance) {
    return Problem{"strategies", "shares must sum to 1 (within 1e-9), got " + formatNumber(sum)};
  }
  return std::nullopt;
}

MaybeProblem markupProblem(const BuyersDef& b) {
  if (b.reservationMarkupMin <= b.reservationMarkupMax) return std::nullopt;
  return Problem{"reservationMarkupMin", "must be <= reservationMarkupMax = " + formatNumber(b.reservationMarkupMax) +
                                             ", got " + formatNumber(b.reservationMarkupMin)};
}

// The most slots the position table holds: it grows by a quarter whenever
// more positions are open at once than it has slots, so it stays within
// 1.25x of the most ever open (+ 64), and no more can be open than arrive
// over a tenor (every arrival a trade): 1.25x that expectation + 64, or
// sim.maxOpenPositions (4x the expected + 64 when 0) if lower.
double positionSlots(const ScenarioDef& s) {
  const double expected = std::max(0, s.writers.count) * std::max(0.0, s.buyers.arrivalsPerWriterPerStep) *
                          std::max(0, s.positions.tenorSteps);
  const double limit = s.sim.maxOpenPositions > 0 ? s.sim.maxOpenPositions : 4.0 * expected + 64.0;
  return std::min(limit, 1.25 * expected + 64.0);
}

struct MemoryPart {
  double bytes;
  std::string where;    // pointer fragment of the field to change
  std::string explain;  // how the bytes come about
  std::string advice;   // what to change, where it is not just "less"
};

// A demand-sized position table is a product of three fields; name the one
// raised furthest above its default, the likeliest culprit.
std::string demandCulprit(const ScenarioDef& s) {
  const ScenarioDef d = makeDefaultScenario();
  const std::pair<double, const char*> ratios[] = {
      {s.writers.count / static_cast<double>(d.writers.count), "writers/count"},
      {s.buyers.arrivalsPerWriterPerStep / d.buyers.arrivalsPerWriterPerStep, "buyers/arrivalsPerWriterPerStep"},
      {s.positions.tenorSteps / static_cast<double>(d.positions.tenorSteps), "positions/tenorSteps"},
  };
  return std::max_element(std::begin(ratios), std::end(ratios))->second;
}

// Pooled positions that can be open at once: every slot, or fewer where
// the pools' maxPositions cap them (and governance cannot raise a cap).
double pooledSlots(const ScenarioDef& s, double slots) {
  if (!s.governance.schedule.empty() || !s.governance.rules.empty()) return slots;
  double cap = 0.0;
  if (s.pools.empty()) cap = s.pool.enabled ? std::max(0, s.pool.maxPositions) : 0.0;
  for (const PoolEntryDef& e : s.pools) cap += e.terms.enabled ? std::max(0, e.terms.maxPositions) : 0.0;
  return std::min(slots, cap);
}

std::vector<MemoryPart> memoryParts(const ScenarioDef& s) {
  const double writers = std::max(0, s.writers.count);
  const double lps = std::max(0, s.lps.count);
  const double steps = std::max(0, s.sim.steps);
  const double assets = static_cast<double>(s.market.assets.size());
  const double slots = positionSlots(s);
  const bool capped = s.sim.maxOpenPositions > 0 && slots >= s.sim.maxOpenPositions;
  const double pooled = pooledSlots(s, slots);
  const std::size_t poolCount = std::max<std::size_t>(1, s.pools.size());
  const double cohorts = static_cast<double>(poolCount) * assets * (std::max(0, s.positions.tenorSteps) + 1.0);
  const std::string slotsExplain =
      capped ? "the position table (sim.maxOpenPositions = " + std::to_string(s.sim.maxOpenPositions) +
                   " slots x " + formatNumber(kBytesPerPositionSlot) + " bytes)"
             : "the position table, sized from demand: 1.25 x writers.count (" + std::to_string(s.writers.count) +
                   ") x buyers.arrivalsPerWriterPerStep (" + formatNumber(s.buyers.arrivalsPerWriterPerStep) +
                   ") x positions.tenorSteps (" + std::to_string(s.positions.tenorSteps) + ") + 64 = " +
                   formatApprox(slots) + " slots x " + formatNumber(kBytesPerPositionSlot) + " bytes";
  auto learns = [](const std::vector<StrategyShareDef>& strategies) {
    return std::any_of(strategies.begin(), strategies.end(), [](const StrategyShareDef& d) { return d.name == "learning"; });
  };
  const double perWriter = kBytesPerWriter + (learns(s.writers.strategies) ? kBytesPerLearningWriter : 0.0);
  const double perLp = kBytesPerLp + (learns(s.lps.strategies) ? kBytesPerLearningLp : 0.0);
  return {
      {writers * perWriter, "writers/count",
       "the writer table (" + std::to_string(s.writers.count) + " writers x " + formatNumber(perWriter) + " bytes" +
           (perWriter > kBytesPerWriter ? ", learners' state included" : "") + ")",
       ""},
      // With pools, each pool keeps a share register (and a learning LP a state) per LP.
      {lps * perLp * std::max<double>(1.0, static_cast<double>(s.pools.size())), "lps/count",
       "the LP table (" + std::to_string(s.lps.count) + " LPs x " + formatNumber(perLp) + " bytes" +
           (perLp > kBytesPerLp ? ", learners' state included" : "") +
           (s.pools.empty() ? std::string() : " x " + std::to_string(s.pools.size()) + " pools") + ")",
       ""},
      {slots * kBytesPerPositionSlot, capped ? "sim/maxOpenPositions" : demandCulprit(s), slotsExplain,
       capped ? "" : "; set sim.maxOpenPositions to cap it, or reduce those"},
      {pooled * kBytesPerMarkRow, s.pools.empty() ? "pool/maxPositions" : "pools",
       "mark-to-model's rows (" + formatApprox(pooled) + " pooled positions open at most x " +
           formatNumber(kBytesPerMarkRow) + " bytes)",
       ""},
      {cohorts * kBytesPerMarkCohort, "positions/tenorSteps",
       "mark-to-model's cohorts (" + std::to_string(poolCount) + " pools x " + std::to_string(s.market.assets.size()) +
           " assets x (positions.tenorSteps + 1 = " + std::to_string(std::max(0, s.positions.tenorSteps) + 1) +
           ") x " + formatNumber(kBytesPerMarkCohort) + " bytes)",
       ""},
      // Each open position keeps every offer's quote (learners' counterfactuals).
      {offerCount(s) > 1 ? slots * 8.0 * offerCount(s) : 0.0, s.pools.empty() ? "pool/menu" : "pools",
       "the offers' quotes kept per position slot (" + std::to_string(offerCount(s)) + " offers x 8 bytes per slot)",
       ""},
      {steps * kBytesPerStepMetrics, "sim/steps", "the per-step metrics (" + std::to_string(s.sim.steps) +
                                                      " steps x 600 bytes)", ""},
      {assets * (steps + 1.0) * kBytesPerPrice, "market/assets", "the price paths (assets x (steps + 1) x 8 bytes)",
       ""},
  };
}

double totalBytes(const std::vector<MemoryPart>& parts) {
  double total = 0.0;
  for (const auto& p : parts) total += p.bytes;
  return total;
}

MaybeProblem memoryProblem(const ScenarioDef& s) {
  const auto parts = memoryParts(s);
  const double total = totalBytes(parts);
  if (total <= static_cast<double>(kMaxReplicationBytes)) return std::nullopt;
  const auto& largest =
      *std::max_element(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.bytes < b.bytes; });
  return Problem{largest.where, "the scenario needs an estimated " + formatGiB(total) +
                                    " of memory per replication, more than the " +
                                    formatGiB(static_cast<double>(kMaxReplicationBytes)) +
                                    " limit; the largest part is " + largest.explain + " = " +
                                    formatGiB(largest.bytes) + largest.advice};
}

// A pool admitting by VaR re-measures its book every admission.everySteps
// steps, each measure samples x (the book's options + the reference
// options, 2 an asset, + 3 passes over the paths x kPathDayRepricings x
// horizon days x assets) repricings (core/risk_engine.h,
// core/risk_admission.cpp: the book's losses, the reference options'
// losses, the kept samples' paths); one replication's
// measures are refused above kMaxRiskRepricings, as `mutualab risk` refuses
// one run's, instead of running for hours. The book is taken at its largest:
// the position table's slots, at most the pool's maxPositions, with 1.2
// options a position (a capped call is two).
MaybeProblem admissionWorkProblem(const ScenarioDef& s) {
  const double slots = positionSlots(s);
  const double pathDays = static_cast<double>(s.market.assets.size());
  double total = 0, largest = 0;  // over the pools that admit by VaR: one replication measures them all
  int admitting = 0;
  std::string largestAt;
  auto problem = [&](const PoolDef& p, const std::string& where) -> MaybeProblem {
    const AdmissionDef& a = p.admission;
    if (!p.enabled || !a.byRisk()) return std::nullopt;
    const double options = 1.2 * std::min(slots, static_cast<double>(std::max(0, p.maxPositions)));
    const double measures = std::floor(static_cast<double>(s.sim.steps) / a.everySteps) + 1;
    const double each = a.samples * (options + 2 * pathDays + 3 * kPathDayRepricings * a.horizonDays * pathDays);
    const double work = measures * each;
    total += work;
    ++admitting;
    if (work > largest) {
      largest = work;
      largestAt = where;
    }
    if (work <= kMaxRiskRepricings) return std::nullopt;
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "admission by VaR re-measures the pool's book %.0f times a replication (sim.steps / everySteps + 1), "
                  "each samples x (options + 2 x assets + 3 x %.0f x horizon days x assets) = %d x (%.3g + 2 x %.0f + 3 x %.0f x %d x %.0f) "
                  "repricings: "
                  "%.3g a replication (about %s on one core at 75 M/s), more than the %.0e (about %s) "
                  "a replication may take; lower samples, raise everySteps, or shorten horizonDays",
                  measures, kPathDayRepricings, a.samples, options, pathDays, kPathDayRepricings, a.horizonDays, pathDays, work,
                  riskWorkTime(work).c_str(), kMaxRiskRepricings, riskWorkTime(kMaxRiskRepricings).c_str());
    return Problem{where + "/admission/samples", buf};
  };
  if (s.pools.empty()) return problem(s.pool, "pool");
  for (std::size_t i = 0; i < s.pools.size(); ++i)
    if (auto p = problem(s.pools[i].terms, "pools/" + std::to_string(i))) return p;
  // Each within the cap, together not (before 2026-12-04 only each was checked).
  if (total <= kMaxRiskRepricings) return std::nullopt;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "admission by VaR in %d pools re-measures their books %.3g repricings a replication together (about %s on "
                "one core at 75 M/s; this pool's %.3g the most), more than the %.0e (about %s) a replication may take; "
                "lower samples, raise everySteps, or shorten horizonDays",
                admitting, total, riskWorkTime(total).c_str(), largest, kMaxRiskRepricings,
                riskWorkTime(kMaxRiskRepricings).c_str());
  return Problem{largestAt + "/admission/samples", buf};
}

// Money enters the ledger as int64 micro-units; refuse totals that could
// approach its range once gains accrue.
MaybeProblem totalMoneyProblem(const ScenarioDef& s) {
  std::vector<std::pair<double, std::string>> parts = {
      {std::max(0, s.writers.count) * s.writers.capital.mean, "writers/capital/mean"},
      {std::max(0, s.lps.count) * s.lps.capital.mean, "lps/capital/mean"},
      {s.pools.empty() ? s.pool.insuranceFundInitial : 0.0, "pool/insuranceFundInitial"},
      {s.pool.backstopCapital, "pool/backstopCapital"},
      {s.backstop.capital, "backstop/capital"},
  };
  for (std::size_t i = 0; i < s.pools.size(); ++i)
    parts.emplace_back(s.pools[i].terms.insuranceFundInitial, "pools/" + std::to_string(i) + "/insuranceFundInitial");
  double total = 0.0;
  for (const auto& p : parts) total += p.first;
  if (total <= kMaxTotalMoney) return std::nullopt;
  const auto& largest = *std::max_element(parts.begin(), parts.end());
  return Problem{largest.second,
                 "total starting money (writers.count x writers.capital.mean + lps.count x lps.capital.mean + "
                 "the insurance funds + the backstop) is " +
                     formatApprox(total) + ", more than the " + formatApprox(kMaxTotalMoney) +
                     " the ledger's integer micro-units hold safely; this is its largest part"};
}


// Names that must be unique in a list, each at `list/i/name`.
template <class T>
MaybeProblem duplicateNameProblem(const std::vector<T>& items, const std::string& list, const char* what) {
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (items[i].name == items[k].name)
        return Problem{list + "/" + std::to_string(i) + "/name",
                       "duplicate " + std::string(what) + " name '" + items[i].name + "' (entry " + std::to_string(k) +
                           " has it); names identify " + what + "s in results"};
  return std::nullopt;
}

// A chain reference: "" is the first chain; a name must be one of `chains`.
MaybeProblem chainProblem(const std::string& chain, const std::vector<ChainDef>& chains, const std::string& where) {
  if (chain.empty()) return std::nullopt;
  std::string names;
  for (const auto& c : chains) {
    if (c.name == chain) return std::nullopt;
    names += (names.empty() ? "" : ", ") + c.name;
  }
  return Problem{where, chains.empty() ? "names chain '" + chain + "', but the scenario has no `chains`; add them or remove this"
                                       : "unknown chain '" + chain + "'; the scenario's chains are: " + names};
}

// The structure of `pools`, `backstop` and `chains` together.
MaybeProblem poolsProblem(const ScenarioDef& d, bool backstopGiven, bool chainsGiven) {
  if (d.pools.empty()) {
    if (backstopGiven)
      return Problem{"backstop", "a shared backstop needs pools to serve: add `pools` (the one pool's backstop is pool.backstopCapital)"};
    if (chainsGiven) return Problem{"chains", "chains place pools and the backstop: add `pools`, or remove `chains`"};
    return std::nullopt;
  }
  if (d.pool.backstopCapital != 0)
    return Problem{"pool/backstopCapital", "must be 0 with `pools`: their shared backstop is backstop.capital, got " +
                                               formatNumber(d.pool.backstopCapital)};
  if (auto p = duplicateNameProblem(d.chains, "chains", "chain")) return p;
  if (auto p = duplicateNameProblem(d.pools, "pools", "pool")) return p;
  double lpShares = 0.0;
  for (std::size_t i = 0; i < d.pools.size(); ++i) {
    const PoolEntryDef& e = d.pools[i];
    const std::string at = "pools/" + std::to_string(i);
    if (auto p = poolNameProblem(e.name)) return Problem{at + "/name", *p};
    for (std::size_t a = 0; a < e.assets.size(); ++a) {
      const auto& assets = d.market.assets;
      const bool known = std::any_of(assets.begin(), assets.end(), [&](const AssetDef& x) { return x.name == e.assets[a]; });
      if (!known) {
        std::string names;
        for (const auto& x : assets) names += (names.empty() ? "" : ", ") + x.name;
        return Problem{at + "/assets/" + std::to_string(a), "unknown asset '" + e.assets[a] + "'; market.assets has: " + names};
      }
      for (std::size_t b = 0; b < a; ++b)
        if (e.assets[b] == e.assets[a])
          return Problem{at + "/assets/" + std::to_string(a), "lists asset '" + e.assets[a] + "' twice"};
    }
    if (auto p = chainProblem(e.chain, d.chains, at + "/chain")) return p;
    const double shares = e.terms.insuranceFeeShare + d.backstop.feeShare;
    if (shares > 1.0 + kShareSumTolerance)
      return Problem{at + "/insuranceFeeShare",
                     "plus backstop.feeShare (" + formatNumber(d.backstop.feeShare) +
                         ") must be <= 1: they are shares of the same fees, got " + formatNumber(shares)};
    lpShares += e.lpShare;
  }
  if (lpShares != 0.0 && std::abs(lpShares - 1.0) > kShareSumTolerance)
    return Problem{"pools", "lpShare must sum to 1 over the pools (within 1e-9), or be 0 everywhere for an equal split, got " +
                                formatNumber(lpShares)};
  if (auto p = chainProblem(d.backstop.chain, d.chains, "backstop/chain")) return p;
  if (d.backstop.coverage == "cap-per-step" && !(d.backstop.capPerPoolPerStep > 0))
    return Problem{"backstop/capPerPoolPerStep", "must be > 0 with coverage \"cap-per-step\", got " +
                                                     formatNumber(d.backstop.capPerPoolPerStep)};
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] field lists
// ---------------------------------------------------------------------------
// THE parameter table of scenarios. Each field, once: key (= struct field
// name), allowed range, whether it is required, and its Doc (human name,
// unit, meaning); its type is the visitor method's and its default the
// struct's. Everything else is generated from these lists: the validator
// (Reader), scenario JSON (Writer), the JSON Schema (SchemaWriter), the field
// table (FieldLister: `mutualab fields`, the tables of
// docs/scenario-reference.md, the playground's slider units and tooltips).
// `v.check` holds the rules that involve several fields; only the Reader runs
// them, and a Doc's `also` says them in words.

enum class Need { optional, required };
enum class Text { any, nonEmpty };

// What a field means, for people. `name` labels it (sliders, figure axes),
// `unit` follows a value ("30 steps", "0.2 x max loss"; "" = a plain number),
// `text` says what it does. `also`: what is allowed beyond the range (a rule
// across fields). `byDefault`: the default in words, where its value does
// not say it (a required field, a default taken from another field).
struct Doc {
  const char* name = "";
  const char* unit = "";
  const char* text = "";
  const char* also = "";
  const char* byDefault = "";
};

// A nested struct that only groups fields: its fields' Docs stand alone.
constexpr Doc kGroup{};

template <class V>
void visitFields(V& v, LognormalDef& d, Range meanRange) {
  v.number("mean", d.mean, meanRange, {"mean", "", "its mean"});
  v.number("sd", d.sd, atLeast(0), {"sd", "", "its sd (0 = every agent gets the mean)", "<= 10 x mean"});
  v.check([&] { return lognormalProblem(d); });
}

template <class V>
void visitFields(V& v, NormalDef& d, Range meanRange, Range sdRange) {
  v.number("mean", d.mean, meanRange, {"mean", "", "its mean"});
  v.number("sd", d.sd, sdRange, {"sd", "", "its sd (0 = every agent gets the mean)"});
}

template <class V>
void visitFields(V& v, BetaDef& d) {
  v.number("mean", d.mean, kProbability, {"mean", "", "its mean"});
  v.number("sd", d.sd, atLeast(0),
           {"sd", "", "its sd (0 = every agent gets the mean)",
            "if > 0 then 0 < mean < 1 and sd^2 < mean(1 - mean)"});
  v.check([&] { return betaProblem(d); });
}

template <class V>
void visitFields(V& v, StrategyShareDef& d) {
  v.text("name", d.name,
         {"strategy", "", "strategy registry name (`mutualab strategies`)", "a strategy of the registry",
          "required"},
         Text::nonEmpty, Need::required);
  v.number("share", d.share, openClosed(0, 1),  // 0 would be an entry that makes nobody
           {"share", "of the population", "fraction of the population that plays this strategy"});
  v.params("params", d.params,
           {"strategy params", "", "strategy parameters; missing ones take the strategy's defaults",
            "the strategy's params (`mutualab strategies`)"});
}

template <class V>
void visitFields(V& v, SimDef& d) {
  v.integer("steps", d.steps, closed(1, kMaxSteps), {"horizon", "steps", "length of the run T"});
  // Lower bounds on durations and rates: annualizing over a vanishing step
  // (stepDays 1e-320) turns any return into 1e306; nobody means that.
  v.number("stepDays", d.stepDays, closed(0.001, 366),  // 0.001 day = 86.4 s
           {"step length", "days", "calendar days one step stands for"});
  v.number("daysPerYear", d.daysPerYear, closed(1, 366),  // 252, 360, 365, 365.25 ...
           {"days per year", "days", "annualization of rates and volatilities (252, 360, 365.25 ...)"});
  v.number("unravelShare", d.unravelShare, kProbability,
           {"unravel threshold", "of writers", "pool participation below this share counts as unraveled"});
  v.integer("warmupSteps", d.warmupSteps, kStepCount,
            {"warm-up", "steps", "steps ignored before unraveling is looked for"});
  v.integer("maxOpenPositions", d.maxOpenPositions, atLeast(0),  // upper bound: the memory check
            {"position table limit", "positions", "most positions open at once (a position past it is not "
             "written); 0 = 4 x the expected open (every arrival a trade) + 64. The table starts at a quarter of "
             "that expectation + 64 and grows by a quarter when more are open, up to the limit", "and the memory check"});
}

template <class V>
void visitFields(V& v, RegimeDef& d) {
  v.boolean("enabled", d.enabled, {"regime switching", "", "calm/stress regime switching, shared by all assets"});
  v.number("stressVolMultiplier", d.stressVolMultiplier, closed(0.01, 100),
           {"stress volatility", "x calm", "stress volatility = calm volatility x this"});
  v.number("stressJumpMultiplier", d.stressJumpMultiplier, closed(0, 100),
           {"stress jumps", "x calm", "stress jump intensity = calm intensity x this"});
  v.number("pCalmToStress", d.pCalmToStress, kProbability,
           {"calm to stress", "per step", "transition probability, calm -> stress"});
  v.number("pStressToCalm", d.pStressToCalm, kProbability,
           {"stress to calm", "per step", "transition probability, stress -> calm"});
}

template <class V>
void visitFields(V& v, AssetDef& d) {
  v.text("name", d.name, {"asset", "", "asset name", "unique", "required (`\"ETH\"` in code)"}, Text::nonEmpty,
         Need::required);
  v.number("spot", d.spot, openClosed(0, kMaxAgentMoney),
           {"spot", "currency", "initial price", "", "required (2000 in code)"}, Need::required);
  v.number("driftAnnual", d.driftAnnual, closed(-10, 10),
           {"drift", "per year", "expected growth rate of the price (jumps compensated)"});
  v.number("volAnnual", d.volAnnual, closed(0.001, 10),
           {"volatility", "per year", "calm-regime volatility of the price", "", "required (0.7 in code)"},
           Need::required);
  v.number("jumpIntensityAnnual", d.jumpIntensityAnnual, closed(0, 365),  // up to ~one a day
           {"jump intensity", "per year", "Merton jumps per year, calm regime"});
  // Beyond these (e^3 ~ x20 per jump) the jump compensation in the drift explodes.
  v.number("jumpMeanLog", d.jumpMeanLog, closed(-3, 3),
           {"jump mean", "log", "mean of the log jump size (-0.15 ~ -14%)"});
  v.number("jumpSdLog", d.jumpSdLog, closed(0, 2), {"jump sd", "log", "sd of the log jump size"});
}

template <class V>
void visitFields(V& v, PricePathDef& d) {
  v.text("file", d.file,
         {"price data", "", "CSV with header time,asset,price whose prices replace the simulated ones (no pricePath = "
          "simulated): time in days from the start, one row per observation, assets interleaved; the price at step "
          "t is each asset's last observation at or before day t x stepDays. A relative path is taken from the "
          "scenario file's folder (from the working folder for presets and --set). See docs/model.md, Markets from "
          "data",
          "times increasing per asset, first at or before day 0, last at or after the horizon; prices > 0; every "
          "market.assets name present, no other",
          "required"},
         Text::nonEmpty, Need::required);
  v.integer("rows", d.rows, atLeast(0),
            {"data rows", "rows", "data rows the file had (filled in when it is read: its identity in results)"});
  v.text("fnv1a64", d.fnv1a64,
         {"data hash", "", "FNV-1a 64-bit hash of the file's bytes, 16 hex digits (filled in when it is read)",
          "\"\" or 16 lowercase hex digits"});
  v.matrix("days", d.days,
           {"observation days", "days", "per asset (market.assets' order), its observation times; filled in from "
            "the file when absent, carried in the resolved scenario so it re-runs without the file (the file is "
            "then not read again)", "given together with prices, same shape"});
  v.matrix("prices", d.prices,
           {"observed prices", "currency", "per asset, the price at each of its observation days",
            "> 0; given together with days, same shape"});
  v.check([&]() -> MaybeProblem {
    const bool hex = d.fnv1a64.size() == 16 && std::all_of(d.fnv1a64.begin(), d.fnv1a64.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    if (!d.fnv1a64.empty() && !hex)
      return Problem{"fnv1a64", "expected \"\" or 16 lowercase hex digits, got '" + d.fnv1a64 + "'"};
    if (d.days.size() != d.prices.size())
      return Problem{d.days.empty() ? "days" : "prices",
                     "days and prices go together (one row per asset each): got " + std::to_string(d.days.size()) +
                         " row(s) of days and " + std::to_string(d.prices.size()) + " of prices"};
    for (std::size_t a = 0; a < d.days.size(); ++a)
      if (d.days[a].size() != d.prices[a].size())
        return Problem{"prices/" + std::to_string(a), "expected " + std::to_string(d.days[a].size()) +
                                                          " prices (one per day in days/" + std::to_string(a) +
                                                          "), got " + std::to_string(d.prices[a].size())};
    return std::nullopt;
  });
}

// The embedded observations against the assets and the horizon: the same
// rules the CSV reader applies with lines and columns
// (experiments/price_path_csv.cpp), here for a resolved scenario whose data
// comes back without its file, perhaps with another horizon.
MaybeProblem pricePathProblem(const ScenarioDef& s) {
  const PricePathDef& p = s.market.pricePath;
  if (!p.loaded()) return std::nullopt;  // the file is still to be read by the caller (loadScenario)
  const std::string at = "market/pricePath/";
  if (p.days.size() != s.market.assets.size())
    return Problem{at + "days", "expected one row per asset of market.assets (" +
                                    std::to_string(s.market.assets.size()) + "), got " + std::to_string(p.days.size())};
  const double horizonDays = s.sim.steps * s.sim.stepDays;
  for (std::size_t a = 0; a < p.days.size(); ++a) {
    const std::string row = std::to_string(a);
    const std::string& name = s.market.assets[a].name;
    const auto& days = p.days[a];
    if (days.empty()) return Problem{at + "days/" + row, "asset '" + name + "' has no observations"};
    if (days.front() > pricePathDayTolerance(0.0))
      return Problem{at + "days/" + row + "/0", "asset '" + name + "' starts at day " + formatNumber(days.front()) +
                                                    "; the path starts at day 0, so its first observation must be "
                                                    "at or before it"};
    for (std::size_t i = 0; i < days.size(); ++i) {
      if (i > 0 && !(days[i] > days[i - 1]))
        return Problem{at + "days/" + row + "/" + std::to_string(i),
                       "expected a day after " + formatNumber(days[i - 1]) + " (increasing per asset), got " +
                           formatNumber(days[i])};
      if (!(p.prices[a][i] > 0))
        return Problem{at + "prices/" + row + "/" + std::to_string(i),
                       "expected a price > 0, got " + formatNumber(p.prices[a][i])};
    }
    if (days.back() + pricePathDayTolerance(horizonDays) < horizonDays)
      return Problem{at + "days/" + row + "/" + std::to_string(days.size() - 1),
                     "asset '" + name + "' ends at day " + formatNumber(days.back()) + ", before the horizon, day " +
                         formatNumber(horizonDays) + " (sim.steps x sim.stepDays)"};
  }
  return std::nullopt;
}

template <class V>
void visitFields(V& v, MarketDef& d) {
  v.list("assets", d.assets, closed(1, kMaxAssets),
         {"assets", "", "the underlying assets", "names unique", "one default asset (below)"});
  v.matrix("correlation", d.correlation,
           {"correlation", "", "correlation of the assets' diffusion shocks; empty = identity",
            "empty, or n x n for n assets: entries in [-1, 1], diagonal 1, symmetric, positive semi-definite "
            "(1e-9 tolerance on each)"});
  v.nested("regime", d.regime, kGroup);
  v.number("rateAnnual", d.rateAnnual, closed(-1, 1), {"risk-free rate", "per year", "rate used in pricing"});
  v.choice("pricingVol", d.pricingVol, {"ewma", "fixed"},
           {"pricing volatility", "", "the pool's pricing volatility: \"ewma\" of realized returns, or \"fixed\" "
            "(= volAnnual)"});
  v.number("ewmaLambda", d.ewmaLambda, open(0, 1),
           {"EWMA decay", "", "RiskMetrics decay of the EWMA volatility"});
  // Written only when set: scenarios without data keep their JSON (and the golden files their bytes).
  v.nestedIf(d.pricePath.fromData(), "pricePath", d.pricePath, kGroup);
  v.check([&] { return assetNamesProblem(d.assets); });
  v.check([&] { return correlationProblem(d); });
}

template <class V>
void visitFields(V& v, PositionDef& d) {
  v.number("putShare", d.putShare, kProbability,
           {"put share", "of positions", "fraction of positions that are puts (the rest are calls)"});
  v.integer("tenorSteps", d.tenorSteps, closed(1, kMaxSteps),
            {"tenor", "steps", "option life (it may exceed the horizon)"});
  v.number("notional", d.notional, openClosed(0, kMaxAgentMoney),
           {"notional", "currency", "position size at origination (spot x units)"});
  v.number("otmSafe", d.otmSafe, closed(0, 0.95),
           {"OTM distance, safe", "of spot", "out-of-the-money distance of a theta = 0 writer's strike"});
  v.number("otmRisky", d.otmRisky, closed(0, 0.95),
           {"OTM distance, risky", "of spot", "out-of-the-money distance of a theta = 1 writer's strike"});
  v.number("otmNoise", d.otmNoise, closed(0, 0.5), {"OTM noise", "of spot", "+- uniform noise on that distance"});
  v.number("signalNoiseSd", d.signalNoiseSd, closed(0, 10),
           {"signal noise", "sd", "sd of the per-position private signal around theta"});
  v.number("hiddenJumpProb", d.hiddenJumpProb, kProbability,
           {"hidden jump probability", "over the life", "probability of the hidden adverse jump, at signal = 1"});
  v.number("hiddenJumpSize", d.hiddenJumpSize, closedOpen(0, 1),  // 1 would move a put's settlement to 0
           {"hidden jump size", "of spot", "the settlement price moves this fraction against the writer"});
  v.number("callMaxLossMultiple", d.callMaxLossMultiple, openClosed(0, 100),
           {"call max loss", "x notional",
            "maximum loss of a short call: collateral is a ratio of it, and a pool covers no more than it (the writer pays past it)"});
}

template <class V>
void visitFields(V& v, WritersDef& d) {
  v.integer("count", d.count, atLeast(1),  // upper bound: the memory check
            {"writers", "writers", "number of option writers", "and the memory check"});
  v.nested("theta", d.theta,
           {"theta", "", "private tail type (0 = safe, 1 = riskiest), Beta-distributed; the writer knows it, the "
            "pool does not"});
  v.nested("capital", d.capital, {"writer capital", "currency", "free cash at start, lognormal"},
           openClosed(0, kMaxAgentMoney));
  v.number("costOfCapitalAnnual", d.costOfCapitalAnnual, closed(0, 10),
           {"cost of capital", "per year", "opportunity cost of locked collateral"});
  v.number("premiumMarkup", d.premiumMarkup, openClosed(-1, 10),  // > -1: a quote stays positive
           {"premium markup", "", "a writer's quote = model price x (1 + markup)"});
  v.nested("riskAversion", d.riskAversion,
           {"writer risk aversion", "", "mean-variance coefficient gamma on a position's return in learning "
            "writers' rewards (u = r - gamma r^2 / 2), normal (draws below 0 count as 0)"},
           closed(0, 100), closed(0, 100));
  v.list("strategies", d.strategies, atLeast(1),
         {"writer strategies", "", "how the writers split over strategies",
          "shares sum to 1 (within 1e-9); names unique"});
  v.check([&] { return strategiesProblem(d.strategies); });
}

template <class V>
void visitFields(V& v, LpsDef& d) {
  v.integer("count", d.count, atLeast(0), {"LPs", "LPs", "number of liquidity providers", "and the memory check"});
  v.nested("capital", d.capital, {"LP capital", "currency", "cash at start, lognormal"},
           openClosed(0, kMaxAgentMoney));
  v.nested("riskAversion", d.riskAversion,
           {"LP risk aversion", "", "relative risk aversion (mean-variance coefficient), lognormal"},
           openClosed(0, 100));
  v.nested("outsideRateAnnual", d.outsideRateAnnual,
           {"outside rate", "per year", "what an LP earns elsewhere, normal"}, closed(-1, 1), closed(0, 1));
  v.integer("horizonSteps", d.horizonSteps, kStepCount,
            {"LP horizon", "steps", "an LP leaves after this many steps; 0 = never"});
  v.number("earlyWarningShare", d.earlyWarningShare, kProbability,
           {"LPs with early warning", "of LPs", "fraction of LPs who see a signal of coming stress"});
  v.number("earlyWarningAccuracy", d.earlyWarningAccuracy, kProbability,
           {"warning accuracy", "", "probability that the signal is right"});
  v.integer("earlyWarningLeadSteps", d.earlyWarningLeadSteps, kStepCount,
            {"warning lead", "steps", "how far ahead the signal looks"});
  v.number("initialDepositFraction", d.initialDepositFraction, kProbability,
           {"deposit fraction", "of cash", "share of its cash an LP puts in on each deposit decision"});
  v.number("yieldPriorAnnual", d.yieldPriorAnnual, closed(-1, 10),
           {"yield prior", "per year", "the pool's advertised yield: LPs' estimate before any history"});
  v.number("yieldHalfLifeSteps", d.yieldHalfLifeSteps, closed(0.1, 100000),
           {"yield half-life", "steps", "half-life of LPs' EWMA estimates of the pool's yield and volatility"});
  v.list("strategies", d.strategies, atLeast(1),
         {"LP strategies", "", "how the LPs split over strategies", "shares sum to 1 (within 1e-9); names unique"});
  v.check([&] { return strategiesProblem(d.strategies); });
}

template <class V>
void visitFields(V& v, BuyersDef& d) {
  v.number("arrivalsPerWriterPerStep", d.arrivalsPerWriterPerStep, closed(0, 1000),
           {"demand", "per writer per step", "Poisson rate of option buyers' arrivals", "not 0: a market with no "
            "buyers is refused"});
  v.check([&]() -> MaybeProblem {
    if (d.arrivalsPerWriterPerStep > 0) return std::nullopt;
    return Problem{"arrivalsPerWriterPerStep",
                   "a market with no buyers: no option would ever be written, so there is nothing to pool; expected "
                   "a rate > 0 (0.1 = one buyer per 10 writers per step)"};
  });
  v.number("reservationMarkupMin", d.reservationMarkupMin, openClosed(-1, 10),
           {"reservation markup, low", "", "a buyer's reservation = model price x (1 + U[min, max])",
            "<= reservationMarkupMax"});
  v.number("reservationMarkupMax", d.reservationMarkupMax, openClosed(-1, 10),
           {"reservation markup, high", "", "the top of that uniform range"});
  v.number("informedShare", d.informedShare, kProbability,
           {"informed buyers", "of arrivals", "fraction of buyers who know an adverse move is coming (toxic flow)"});
  v.integer("informedLookaheadSteps", d.informedLookaheadSteps, kStepCount,
            {"informed lookahead", "steps", "an informed buyer buys only if an adverse jump or stress begins "
             "within this many steps"});
  v.check([&] { return markupProblem(d); });
}

template <class V>
void visitFields(V& v, FeeRuleDef& d) {
  v.text("name", d.name,
         {"fee rule", "", "fee rule registry name: flat, utilization, risk-based, credibility, formula, "
          "bonus-malus, fixed-rate (`mutualab fee-rules`; docs/model.md section 6)", "a rule of the registry",
          "`\"flat\"` (required if `feeRule` is given)"},
         Text::nonEmpty, Need::required);
  v.params("params", d.params,
           {"fee rule params", "", "rule parameters; missing ones take the rule's defaults",
            "the rule's params (`mutualab fee-rules`)"});
}

template <class V>
void visitFields(V& v, ShareMarketDef& d) {
  v.boolean("enabled", d.enabled,
            {"share market", "", "the pool's LP shares trade between LPs in a call auction once per step "
             "(docs/model.md section 8); written in results only when it differs from these defaults"});
  v.number("bargainCashShare", d.bargainCashShare, kProbability,
           {"bargain cash", "of free cash", "share of its free cash an LP that holds in the pool bids for shares "
            "below NAV; 0 = only depositors buy"});
  v.number("minDiscount", d.minDiscount, closedOpen(0, 1),
           {"minimum discount", "of NAV", "the discount to NAV such an LP asks at least", "<= maxDiscount"});
  v.number("volDiscount", d.volDiscount, closed(0, 100),
           {"volatility discount", "per unit of vol", "its further discount per unit of the pool's EWMA NAV "
            "volatility (annual), per unit of its risk aversion"});
  v.number("drawdownDiscount", d.drawdownDiscount, closed(0, 100),
           {"drawdown discount", "per unit of drawdown", "its further discount per unit of the pool's NAV drawdown "
            "from its peak, per unit of its risk aversion"});
  v.number("maxDiscount", d.maxDiscount, closedOpen(0, 1),  // 1 would let a share trade for nothing
           {"maximum discount", "of NAV", "no bid or ask is below NAV x (1 - this)"});
  v.integer("maxWaitSteps", d.maxWaitSteps, kStepCount,
            {"longest priced wait", "steps", "the longest queue wait a seller prices; a queue that cannot pay "
             "(gate or free capital at 0) counts as this"});
  v.check([&]() -> MaybeProblem {
    if (d.minDiscount <= d.maxDiscount) return std::nullopt;
    return Problem{"minDiscount", "must be <= maxDiscount (" + formatNumber(d.maxDiscount) + "), got " +
                                      formatNumber(d.minDiscount)};
  });
}

template <class V>
void visitFields(V& v, AdmissionDef& d) {
  v.choice("rule", d.rule, {"ratio", "var"},
           {"admission rule", "", "how the pool decides to take a new position: \"ratio\" = (LP capital + insurance "
            "fund) >= minCollateralRatio x max cover; \"var\" = the book's liability at the horizon at `level` "
            "(value now + VaR or ES, by the risk engine, docs/risk.md) with the new position <= LP capital + insurance "
            "fund. Written in results only when it differs from these defaults"});
  v.choice("measure", d.measure, {"var", "es"},
           {"admission measure", "", "with rule \"var\": value at risk or expected shortfall of the pool's loss"});
  v.number("level", d.level, open(0, 1), {"admission level", "confidence", "confidence of the measure, e.g. 0.99"});
  v.integer("horizonDays", d.horizonDays, closed(1, 365),
            {"admission horizon", "days", "horizon of the measure, whole days"});
  v.integer("samples", d.samples, closed(100, 1000000),
            {"admission samples", "samples", "Monte Carlo samples of the book at each recompute (each reprices every "
             "open position of the pool)", "(1 - level) x samples >= 10; level x samples >= 1"});
  v.integer("everySteps", d.everySteps, closed(1, kMaxSteps),
            {"admission period", "steps", "the risk engine re-measures the book every this many steps; between, "
             "each new position adds the larger of its Euler marginal and its own liability"});
  v.check([&]() -> MaybeProblem {
    if (!levelLeavesBody(d.level, d.samples))
      return Problem{"level", "expected at least 1 / samples (" + formatNumber(1.0 / d.samples) + "), got " +
                                  formatNumber(d.level) + ": fewer than one of the " + std::to_string(d.samples) +
                                  " samples lies outside its tail, so its VaR is no quantile; confidence levels are "
                                  "usually 0.95 to 0.999"};
    const long long least = samplesForTail(d.level);
    if (d.samples >= least) return std::nullopt;
    return Problem{"samples", "must leave at least 10 samples beyond the level: (1 - " + formatNumber(d.level) + ") x " +
                                  std::to_string(d.samples) + " < 10; use samples >= " + std::to_string(least)};
  });
}

// A pool's own terms: everything in `pool` but the silo's collateral and the
// one pool's backstop, which `pools` entries do not have.
template <class V>
void visitPoolTerms(V& v, PoolDef& d) {
  v.boolean("enabled", d.enabled, {"pool enabled", "", "false = siloed only"});
  v.number("writerCollateralRatio", d.writerCollateralRatio, closed(0, 10),
           {"collateral ratio (pool)", "x max loss", "collateral a pooling writer posts (a silo locks 100%)"});
  v.number("retainedShare", d.retainedShare, kProbability,
           {"retained share", "of loss", "the writer's first-loss share of losses beyond its collateral"});
  v.number("minCollateralRatio", d.minCollateralRatio, closed(0, 100),
           {"min pool collateral", "x max cover", "(LP capital + insurance fund) / the pool's max cover must "
            "stay >= this; beyond it the pool refuses new positions"});
  v.integer("maxPositionsPerWriter", d.maxPositionsPerWriter, atLeast(0),
            {"positions per writer", "positions", "open pooled positions per writer"});
  v.integer("maxPositions", d.maxPositions, atLeast(0),
            {"pool positions", "positions", "open pooled positions in total"});
  v.number("insuranceFeeShare", d.insuranceFeeShare, kProbability,
           {"insurance fund share", "of every fee", "share of every fee paid into the insurance fund, which absorbs "
            "losses before LP capital", "with `pools`: + backstop.feeShare <= 1"});
  v.number("insuranceFundInitial", d.insuranceFundInitial, closed(0, kMaxTotalMoney),
           {"insurance fund seed", "currency", "seed money of the insurance fund", "and the total-money cap"});
  v.integer("lockupSteps", d.lockupSteps, kStepCount,
            {"LP lockup", "steps", "an LP deposit cannot be withdrawn for this many steps"});
  v.integer("noticeSteps", d.noticeSteps, kStepCount,
            {"withdrawal notice", "steps", "a withdrawal is paid this many steps after it is requested"});
  v.number("exitFee", d.exitFee, closedOpen(0, 1),  // 1 would keep every withdrawal
           {"exit fee", "of withdrawal", "fraction of every withdrawal kept by the pool (for the LPs who stay)"});
  v.number("gateShare", d.gateShare, openClosed(0, 1),  // 0 would lock LPs in forever
           {"withdrawal gate", "of LP capital per step", "at most this share of LP capital leaves per step (a "
            "queue beyond)"});
  v.boolean("markToModel", d.markToModel,
            {"mark to model", "", "NAV per share nets the model value of open pooled cover (Black-Scholes at the "
             "pricing volatility); false = NAV is cash only, so LPs can leave at a stale NAV after losses are "
             "certain"});
  v.nested("feeRule", d.feeRule, kGroup);
  // Written only when not the default: scenarios without the market keep their JSON.
  v.nestedIf(d.shareMarket != ShareMarketDef{}, "shareMarket", d.shareMarket, kGroup);
  v.nestedIf(d.admission != AdmissionDef{}, "admission", d.admission, kGroup);
  // Each contract starts from the terms just read (written whole, so a
  // scenario's JSON says every contract's terms).
  v.seededList("menu", d.menu, closed(1, kMaxContracts),
               {"menu", "", "a screening menu: the contracts a writer chooses between (docs/model.md section 6); "
                "absent = one contract, the pool's own terms. Written in results only when given; governance may "
                "change a contract's terms but not the number of contracts",
                "at most 64 contracts over all pools (a pool without a menu counts as one)", "absent"},
               ContractDef{"", 1.0 - d.retainedShare, d.writerCollateralRatio, 0.0, d.feeRule});
  v.check([&]() -> MaybeProblem {
    for (std::size_t i = 0; i < d.menu.size(); ++i)
      if (auto p = poolNameProblem(d.menu[i].name)) return Problem{"menu/" + std::to_string(i) + "/name", *p};
    return duplicateNameProblem(d.menu, "menu", "contract");
  });
}

template <class V>
void visitFields(V& v, ContractDef& d) {
  v.text("name", d.name,
         {"contract", "", "names the contract in summary.json's `menu` and in replications.csv columns "
          "POOL.CONTRACT.metric", "1 to 40 letters, digits, - and _; unique in its pool", "required"},
         Text::nonEmpty, Need::required);
  v.number("coverage", d.coverage, kProbability,
           {"coverage", "of loss", "share of the loss beyond the deductible the pool pays (the writer keeps "
            "1 - coverage)", "", "1 - the pool's retainedShare"});
  // The deductible is one or the other: JSON holds the one in use.
  const bool collateralGiven = v.given("collateralRatio"), firstLossGiven = v.given("firstLoss");
  v.numberIf(d.firstLoss == 0, "collateralRatio", d.collateralRatio, closed(0, 10),
             {"deductible (ratio)", "x max loss", "the deductible as collateral the writer posts", "not with "
              "firstLoss", "the pool's writerCollateralRatio"});
  v.numberIf(d.firstLoss > 0, "firstLoss", d.firstLoss, closed(0, kMaxAgentMoney),
             {"deductible (amount)", "currency", "or the deductible as an amount: the writer posts min(firstLoss, "
              "max loss)", "not with collateralRatio", "absent (0)"});
  v.check([&]() -> MaybeProblem {
    if (collateralGiven && firstLossGiven && d.firstLoss > 0)
      return Problem{"firstLoss", "a contract's deductible is collateralRatio (a fraction of max loss) or firstLoss "
                                  "(an amount), not both; remove one"};
    return std::nullopt;
  });
  v.nested("feeRule", d.feeRule,
           {"contract's", "", "what this contract charges for its own cover (a posted price: fixed-rate)", "",
            "the pool's feeRule"});
}

template <class V>
void visitFields(V& v, PoolDef& d) {
  visitPoolTerms(v, d);
  v.number("siloCollateralRatio", d.siloCollateralRatio, openClosed(0, 10),
           {"collateral ratio (silo)", "x max loss", "collateral a siloed position locks"});
  v.number("backstopCapital", d.backstopCapital, closed(0, kMaxTotalMoney),
           {"backstop (one pool)", "currency", "the one pool's external backstop (0 = none); with `pools` it must "
            "be 0 (the shared backstop is `backstop`)", "and the total-money cap"});
}

template <class V>
void visitFields(V& v, PoolEntryDef& d) {
  v.text("name", d.name,
         {"pool", "", "names the pool in results (<name>.<metric> columns)",
          "1 to 40 letters, digits, - and _; unique", "required"},
         Text::nonEmpty, Need::required);
  v.texts("assets", d.assets,
          {"pool assets", "", "the assets it underwrites; empty = every asset", "names in market.assets, each once"});
  v.text("chain", d.chain, {"pool chain", "", "the chain it lives on; \"\" = the first chain", "a name in chains"});
  v.number("lpShare", d.lpShare, kProbability,
           {"home LPs", "of LPs", "share of the LPs whose home is this pool; all 0 = an equal split",
            "sum 1 (within 1e-9) unless all 0"});
  visitPoolTerms(v, d.terms);
}

template <class V>
void visitFields(V& v, BackstopDef& d) {
  v.number("capital", d.capital, closed(0, kMaxTotalMoney),
           {"backstop capital", "currency", "the shared backstop's capital at start; it pays a pool's claims once "
            "that pool's own layers are spent", "and the total-money cap"});
  v.number("feeShare", d.feeShare, kProbability,
           {"backstop fee share", "of every fee", "share of every pool's fees paid into the backstop"});
  v.text("chain", d.chain, {"backstop chain", "", "the chain it lives on; \"\" = the first chain", "a name in chains"});
  v.choice("coverage", d.coverage, {"pro-rata", "first-come", "cap-per-step"},
           {"backstop coverage", "", "how it pays pools claiming in the same step"});
  v.number("capPerPoolPerStep", d.capPerPoolPerStep, closed(0, kMaxTotalMoney),
           {"backstop cap", "currency per step", "with cap-per-step: the most one pool may draw in one step",
            "> 0 with cap-per-step"});
}

template <class V>
void visitFields(V& v, MigrationDef& d) {
  v.number("speed", d.speed, kProbability,
           {"migration speed", "of shares per step", "share of an LP's shares in a worse pool it asks to move per "
            "step; 0 = LPs stay"});
  v.number("minGain", d.minGain, closed(0, 100),
           {"migration threshold", "x", "how much higher the best pool's yield / volatility (annual) must be to "
            "move; the estimates are noisy, and a small gain makes LPs churn between similar pools"});
  v.choice("reach", d.reach, {"home", "all"},
           {"migration reach", "", "the pools each LP's own strategy decides on: \"home\" = its home pool and every "
            "pool it holds shares in; \"all\" = every pool (a deposit into several pools in one step is split "
            "equally)"});
}

template <class V>
void visitFields(V& v, ChainDef& d) {
  v.text("name", d.name, {"chain", "", "names the chain", "unique", "required"}, Text::nonEmpty, Need::required);
  v.integer("bridgeDelaySteps", d.bridgeDelaySteps, kStepCount,
            {"bridge delay", "steps", "steps a transfer into this chain takes to arrive"});
  v.number("bridgeFailureProbability", d.bridgeFailureProbability, kProbability,
           {"bridge failure", "per transfer", "probability a transfer into this chain is lost in transit"});
  v.number("bridgeCapacityPerStep", d.bridgeCapacityPerStep, closed(0, kMaxTotalMoney),
           {"bridge capacity", "currency per step", "most currency arriving per step; 0 = no limit (the rest "
            "waits its turn)"});
}

template <class V>
void visitFields(V& v, ShockDef& d) {
  v.integer("step", d.step, closed(-1, kMaxSteps),  // -1 = none
            {"crash step", "step", "step on which the asset(s) jump; -1 = none (a step after the horizon never "
             "fires)"});
  v.number("logJump", d.logJump, closed(-10, 10), {"crash size", "log", "log price move (-0.5 ~ -39%)"});
  v.textIf(!d.asset.empty(), "asset", d.asset,  // written only when set: older scenarios' JSON is unchanged
           {"crash asset", "", "the one asset the shock hits; \"\" = every asset (not written when empty)",
            "a name in market.assets"});
}

template <class V>
void visitFields(V& v, GovernanceChange& d) {
  v.integer("step", d.step, closed(1, kMaxSteps),
            {"change step", "step", "applied at the start of this step (1 = the first)",
             "<= sim.steps; not before the previous entry's"});
  v.texts("set", d.set,
          {"change", "", "PATH=VALUE assignments, as with --set",
           "at least one; PATH is a pool's term or fee rule (pool/... in a one-pool scenario, pools/K/... with "
           "pools; not name, assets, chain, lpShare, enabled, markToModel, insuranceFundInitial, "
           "siloCollateralRatio, backstopCapital), backstop/feeShare or migration/speed, migration/minGain; the "
           "scenario after the change must be valid", "required"});
  v.check([&]() -> MaybeProblem {
    if (d.set.empty()) return Problem{"set", "expected at least one assignment PATH=VALUE, e.g. \"pool/exitFee=0.05\""};
    return std::nullopt;
  });
}

template <class V>
void visitFields(V& v, GovernanceRuleDef& d) {
  v.text("name", d.name, {"rule", "", "names its events (events.csv, summary.json)", "unique among the rules",
                          "required"},
         Text::nonEmpty, Need::required);
  v.poolRef("pool", d.pool,
            {"rule's pool", "", "whose state `when` reads: a pool's name, or its index (0; written back as the "
             "string \"0\"); \"\" = the first pool", "a pool of the scenario"});
  v.text("when", d.when,
         {"condition", "", "a muparser expression, true when nonzero (NaN counts as false), over the variables "
          "below and the rule's params, e.g. \"pool_loss_rate > 2 * initial_loss_rate\"",
          "parses; one expression, no = assignment", "required"},
         Text::nonEmpty, Need::required);
  v.params("params", d.params,  // each a number with a usable name: core/governance_rules.cpp
           {"rule params", "", "named numbers `when` may read (a sweep can vary governance/rules/i/params/NAME)",
            "each a finite number; names of letters, digits and _, not a variable's"});
  v.texts("set", d.set,
          {"rule's change", "", "PATH=VALUE assignments, as in the schedule", "as the schedule's; the scenario "
           "after the change must be valid before the first scheduled change and after each one", "required"});
  v.integer("delay", d.delay, kStepCount,  // and at most sim.steps - 1: core/governance.cpp
            {"timelock", "steps", "fired at the end of step t, applied at the start of step t + 1 + delay",
             "<= sim.steps - 1 (a larger one could never apply)"});
  v.integer("cooldown", d.cooldown, kStepCount,
            {"cooldown", "steps", "end-of-step checks skipped after its change was due"});
  v.integer("maxFirings", d.maxFirings, closed(0, kMaxSteps),
            {"most firings", "firings", "the most times it fires in one run; 0 = no limit"});
  v.check([&]() -> MaybeProblem {
    if (d.set.empty()) return Problem{"set", "expected at least one assignment PATH=VALUE, e.g. \"pool/exitFee=0.05\""};
    return std::nullopt;
  });
}

template <class V>
void visitFields(V& v, GovernanceDef& d) {
  // Each list is written only when it has entries: a schedule-only
  // scenario's JSON is what it was before rules existed.
  v.listIf(!d.schedule.empty(), "schedule", d.schedule, closed(1, 1000),
           {"governance schedule", "", "the changes, in step order", "", "none"});
  v.listIf(!d.rules.empty(), "rules", d.rules, closed(1, 32),
           {"governance rules", "", "the rules, checked in this order", "", "none"});
}

template <class V>
void visitFields(V& v, ScenarioDef& d) {
  v.text("name", d.name,
         {"scenario", "", "scenario name, shown in results and naming the default output folder out/NAME",
          "1 to 100 characters; no /, \\ or control characters; not . or ..", "required (`\"custom\"` in code)"},
         Text::nonEmpty, Need::required);
  v.text("description", d.description, {"description", "", "free text"});
  v.nested("sim", d.sim, kGroup);
  v.nested("market", d.market, kGroup);
  v.nested("positions", d.positions, kGroup);
  v.nested("writers", d.writers, kGroup);
  v.nested("lps", d.lps, kGroup);
  v.nested("buyers", d.buyers, kGroup);
  v.nested("pool", d.pool, kGroup);
  // Each entry of `pools` starts from `pool`, so `pool` is read first. The
  // three are written only when `pools` is used: a one-pool scenario's JSON
  // is what it always was.
  v.seededList("pools", d.pools, closed(1, kMaxPools),
               {"pools", "", "the pools; each starts from `pool` and takes what it sets", "",
                "none (the one `pool`)"},
               PoolEntryDef{"", {}, "", 0.0, d.pool});
  const bool several = !d.pools.empty();
  const bool backstopGiven = v.given("backstop"), chainsGiven = v.given("chains"), migrationGiven = v.given("migration");
  v.nestedIf(several, "backstop", d.backstop, kGroup);
  v.listIf(several, "chains", d.chains, closed(0, kMaxPools + 1),
           {"chains", "", "the chains pools and the backstop live on; none = one chain, no bridges", "names unique"});
  v.nestedIf(several, "migration", d.migration, kGroup);
  v.nested("shock", d.shock, kGroup);
  v.nestedIf(!d.governance.schedule.empty() || !d.governance.rules.empty(), "governance", d.governance, kGroup);
  v.check([&]() -> MaybeProblem {
    if (auto p = pathNameProblem(d.name)) return Problem{"name", *p};
    return std::nullopt;
  });
  v.check([&] { return poolsProblem(d, backstopGiven, chainsGiven); });
  v.check([&]() -> MaybeProblem {
    if (offerCount(d) <= kMaxOffers) return std::nullopt;
    return Problem{d.pools.empty() ? "pool/menu" : "pools",
                   "the pools' menus offer " + std::to_string(offerCount(d)) + " contracts in all, more than " +
                       std::to_string(kMaxOffers) + " (a pool without a menu counts as one): every writer and "
                       "learner chooses among them, so keep menus short"};
  });
  v.check([&]() -> MaybeProblem {
    if (migrationGiven && d.pools.empty())
      return Problem{"migration", "LP capital migrates between pools: add `pools`, or remove `migration`"};
    return std::nullopt;
  });
  v.check([&]() -> MaybeProblem {
    if (d.shock.asset.empty()) return std::nullopt;
    std::string names;
    for (const auto& a : d.market.assets) {
      if (a.name == d.shock.asset) return std::nullopt;
      names += (names.empty() ? "" : ", ") + a.name;
    }
    return Problem{"shock/asset", "unknown asset '" + d.shock.asset + "'; market.assets has: " + names};
  });
  v.check([&] { return pricePathProblem(d); });
  // Last, so every count and rate above is already known to be sane.
  v.check([&] { return memoryProblem(d); });
  v.check([&] { return admissionWorkProblem(d); });
  v.check([&] { return totalMoneyProblem(d); });
  // Each scheduled change gives a valid scenario, and so does each rule's
  // change before and after every scheduled one (core/governance.cpp).
  v.check([&]() -> MaybeProblem {
    if (d.governance.schedule.empty() && d.governance.rules.empty()) return std::nullopt;
    try {
      (void)governedRules(d, governedScenarios(d));
    } catch (const InputError& e) {
      std::string path = e.path();
      if (!path.empty() && path.front() == '/') path.erase(0, 1);
      return Problem{path, e.message()};
    }
    return std::nullopt;
  });
}

// ---------------------------------------------------------------------------
// [SECTION] visitors
// ---------------------------------------------------------------------------

double finiteNumber(const json& v, const std::string& path) {
  if (!v.is_number()) throw InputError(path, "expected a number, got " + describe(v));
  double x = v.get<double>();
  if (!std::isfinite(x)) throw InputError(path, "must be a finite number, got " + formatNumber(x));
  return x;
}

void requireInRange(double x, const Range& r, const std::string& path) {
  if (!r.contains(x)) throw InputError(path, "must be " + r.text() + ", got " + formatNumber(x));
}

// Params are checked by their registries later; here only that nothing in
// them is NaN/Inf (which would print as null and break exact round trips).
void requireFiniteEverywhere(const json& v, const std::string& path) {
  if (v.is_number_float() && !std::isfinite(v.get<double>())) {
    throw InputError(path, "must be a finite number, got " + formatNumber(v.get<double>()));
  }
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) requireFiniteEverywhere(child, path + "/" + escapeToken(k));
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) requireFiniteEverywhere(v[i], path + "/" + std::to_string(i));
  }
}

class Reader {
 public:
  Reader(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) throw InputError(path_, "expected an object, got " + describe(j_));
  }

  void number(const char* key, double& out, const Range& r, const Doc&, Need need = Need::optional) {
    const json* v = find(key, need);
    if (!v) return;
    double x = finiteNumber(*v, at(key));
    requireInRange(x, r, at(key));
    out = x;
  }

  // Integral floats (2e3) are accepted; 1.5 and true are not.
  void integer(const char* key, int& out, const Range& r, const Doc&, Need need = Need::optional) {
    const json* v = find(key, need);
    if (!v) return;
    if (!v->is_number()) throw InputError(at(key), "expected an integer, got " + describe(*v));
    double x = finiteNumber(*v, at(key));
    if (v->is_number_float() && x != std::floor(x)) {
      throw InputError(at(key), "expected an integer, got " + describe(*v));
    }
    const double intMax = std::numeric_limits<int>::max();
    const double intMin = std::numeric_limits<int>::min();
    if (x > intMax || x < intMin) {
      throw InputError(at(key), "must fit a 32-bit integer (" + formatNumber(intMin) + " to " + formatNumber(intMax) +
                                    "), got " + formatNumber(x));
    }
    requireInRange(x, r, at(key));
    out = static_cast<int>(x);
  }

  void boolean(const char* key, bool& out, const Doc&) {
    const json* v = find(key, Need::optional);
    if (!v) return;
    if (!v->is_boolean()) throw InputError(at(key), "expected true or false, got " + describe(*v));
    out = v->get<bool>();
  }

  void text(const char* key, std::string& out, const Doc&, Text kind = Text::any, Need need = Need::optional) {
    const json* v = find(key, need);
    if (!v) return;
    if (!v->is_string()) throw InputError(at(key), "expected a string, got " + describe(*v));
    std::string s = v->get<std::string>();
    if (kind == Text::nonEmpty && s.empty()) throw InputError(at(key), "must not be empty");
    try {
      (void)v->dump();  // strings set through overrides may not be UTF-8; results files need them to be
    } catch (const json::type_error&) {
      throw InputError(at(key), "is not valid UTF-8");
    }
    out = std::move(s);
  }

  void choice(const char* key, std::string& out, std::initializer_list<const char*> options, const Doc& doc) {
    std::string value = out;
    text(key, value, doc);
    std::string list;
    for (const char* o : options) {
      if (value == o) {
        out = value;
        return;
      }
      list += std::string(list.empty() ? "" : ", ") + "\"" + o + "\"";
    }
    throw InputError(at(key), "must be one of " + list + ", got " + describe(json(value)));
  }

  void params(const char* key, json& out, const Doc&) {
    const json* v = find(key, Need::optional);
    if (!v) return;
    if (!v->is_object()) throw InputError(at(key), "expected an object, got " + describe(*v));
    requireFiniteEverywhere(*v, at(key));
    out = *v;
  }

  // Shape and values are checked with the asset count (correlationProblem).
  void matrix(const char* key, std::vector<std::vector<double>>& out, const Doc&) {
    const json* v = find(key, Need::optional);
    if (!v) return;
    if (!v->is_array()) throw InputError(at(key), "expected an array of rows, got " + describe(*v));
    std::vector<std::vector<double>> m;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string rowPath = at(key) + "/" + std::to_string(i);
      const json& row = (*v)[i];
      if (!row.is_array()) throw InputError(rowPath, "expected an array of numbers, got " + describe(row));
      m.emplace_back();
      for (std::size_t k = 0; k < row.size(); ++k) {
        m.back().push_back(finiteNumber(row[k], rowPath + "/" + std::to_string(k)));
      }
    }
    out = std::move(m);
  }

  template <class T, class... Extra>
  void nested(const char* key, T& out, const Doc&, const Extra&... extra) {
    const json* v = find(key, Need::optional);
    if (!v) return;
    if constexpr (std::is_same_v<T, AdmissionDef>) {
      // "admission": "var" is short for {"rule": "var"}, the other fields their defaults.
      if (v->is_string()) {
        const json object = {{"rule", *v}};
        Reader sub(object, at(key));
        visitFields(sub, out, extra...);
        sub.done();
        return;
      }
    }
    Reader sub(*v, at(key));
    visitFields(sub, out, extra...);
    sub.done();
  }

  // A list of strings.
  void texts(const char* key, std::vector<std::string>& out, const Doc&) {
    const json* v = find(key, Need::optional);
    if (!v) return;
    if (!v->is_array()) throw InputError(at(key), "expected an array of strings, got " + describe(*v));
    std::vector<std::string> items;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const json& x = (*v)[i];
      const std::string where = at(key) + "/" + std::to_string(i);
      if (!x.is_string()) throw InputError(where, "expected a string, got " + describe(x));
      if (x.get<std::string>().empty()) throw InputError(where, "must not be empty");
      items.push_back(x.get<std::string>());
    }
    out = std::move(items);
  }

  // A pool named by its name (a string) or its index (an integer, kept as its digits).
  void poolRef(const char* key, std::string& out, const Doc& doc) {
    const json* v = find(key, Need::optional);
    if (v && v->is_number_integer() && v->get<long long>() >= 0 && v->get<long long>() < kMaxPools) {
      out = std::to_string(v->get<long long>());
      return;
    }
    if (v && !v->is_string())
      throw InputError(at(key), "expected a pool's name (a string) or its index (0 to " + std::to_string(kMaxPools - 1) +
                                    "), got " + describe(*v));
    text(key, out, doc);
  }

  bool given(const char* key) const { return j_.contains(key); }
  void textIf(bool /*write*/, const char* key, std::string& out, const Doc& doc) { text(key, out, doc); }
  void numberIf(bool /*write*/, const char* key, double& out, const Range& r, const Doc& doc) {
    number(key, out, r, doc);
  }

  // Read as usual; `write` matters only to the Writer.
  template <class T>
  void nestedIf(bool /*write*/, const char* key, T& out, const Doc& doc) { nested(key, out, doc); }
  template <class T>
  void listIf(bool /*write*/, const char* key, std::vector<T>& out, const Range& count, const Doc& doc) {
    list(key, out, count, doc);
  }

  // A given list replaces the default list whole; each element starts from
  // the element struct's defaults (or from `seed`).
  template <class T>
  void list(const char* key, std::vector<T>& out, const Range& count, const Doc& doc) {
    seededList(key, out, count, doc, T{});
  }
  template <class T>
  void seededList(const char* key, std::vector<T>& out, const Range& count, const Doc&, const T& seed) {
    const json* v = find(key, Need::optional);
    if (!v) return;
    if (!v->is_array()) throw InputError(at(key), "expected an array, got " + describe(*v));
    if (!count.contains(static_cast<double>(v->size()))) {
      throw InputError(at(key), "the number of entries must be " + count.text() + ", got " + std::to_string(v->size()));
    }
    std::vector<T> items;
    for (std::size_t i = 0; i < v->size(); ++i) {
      Reader sub((*v)[i], at(key) + "/" + std::to_string(i));
      T item = seed;
      visitFields(sub, item);
      sub.done();
      items.push_back(std::move(item));
    }
    out = std::move(items);
  }

  template <class F>
  void check(F&& problem) {
    if (MaybeProblem p = problem()) throw InputError(joinPointer(path_, p->where), p->message);
  }

  // Refuses keys no field above asked for: a typo must not silently fall
  // back to a default.
  void done() const {
    for (const auto& item : j_.items()) {
      if (std::find(known_.begin(), known_.end(), item.key()) == known_.end()) {
        throw InputError(path_ + "/" + escapeToken(item.key()), unknownKeyMessage(item.key(), known_));
      }
    }
  }

 private:
  const json* find(const char* key, Need need) {
    known_.emplace_back(key);
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (need == Need::required) throw InputError(at(key), "missing required field");
      return nullptr;
    }
    return &*it;
  }
  // Field keys are plain identifiers: no pointer escaping needed.
  std::string at(const char* key) const { return path_ + "/" + key; }

  const json& j_;
  std::string path_;
  std::vector<std::string> known_;
};

class Writer {
 public:
  json out = json::object();

  void number(const char* key, double& x, const Range&, const Doc&, Need = Need::optional) { out[key] = x; }
  void integer(const char* key, int& x, const Range&, const Doc&, Need = Need::optional) { out[key] = x; }
  void boolean(const char* key, bool& b, const Doc&) { out[key] = b; }
  void text(const char* key, std::string& s, const Doc&, Text = Text::any, Need = Need::optional) { out[key] = s; }
  void poolRef(const char* key, std::string& s, const Doc&) { out[key] = s; }
  void choice(const char* key, std::string& s, std::initializer_list<const char*>, const Doc&) { out[key] = s; }
  void params(const char* key, json& p, const Doc&) { out[key] = p; }
  void matrix(const char* key, std::vector<std::vector<double>>& m, const Doc&) {
    json rows = json::array();
    for (const auto& row : m) rows.push_back(row);
    out[key] = std::move(rows);
  }
  template <class T, class... Extra>
  void nested(const char* key, T& d, const Doc&, const Extra&... extra) {
    Writer w;
    visitFields(w, d, extra...);
    out[key] = std::move(w.out);
  }
  void texts(const char* key, std::vector<std::string>& items, const Doc&) { out[key] = items; }
  bool given(const char*) const { return false; }
  void textIf(bool write, const char* key, std::string& s, const Doc&) {
    if (write) out[key] = s;
  }
  void numberIf(bool write, const char* key, double& x, const Range&, const Doc&) {
    if (write) out[key] = x;
  }
  template <class T>
  void nestedIf(bool write, const char* key, T& d, const Doc& doc) {
    if (write) nested(key, d, doc);
  }
  template <class T>
  void listIf(bool write, const char* key, std::vector<T>& items, const Range& count, const Doc& doc) {
    if (write) list(key, items, count, doc);
  }
  template <class T>
  void seededList(const char* key, std::vector<T>& items, const Range& count, const Doc& doc, const T&) {
    if (!items.empty()) list(key, items, count, doc);
  }
  template <class T>
  void list(const char* key, std::vector<T>& items, const Range&, const Doc&) {
    json arr = json::array();
    for (auto& item : items) {
      Writer w;
      visitFields(w, item);
      arr.push_back(std::move(w.out));
    }
    out[key] = std::move(arr);
  }
  template <class F>
  void check(F&&) {}
};

// For visitors that describe every field whether or not a scenario writes
// it (the schema, the parameter table): a conditional field is visited as a
// plain one, and no key counts as given.
template <class Self>
class DescribesEveryField {
 public:
  bool given(const char*) const { return false; }
  void textIf(bool, const char* key, std::string& s, const Doc& doc) { self().text(key, s, doc); }
  void numberIf(bool, const char* key, double& x, const Range& r, const Doc& doc) { self().number(key, x, r, doc); }
  template <class T>
  void nestedIf(bool, const char* key, T& d, const Doc& doc) { self().nested(key, d, doc); }
  template <class T>
  void listIf(bool, const char* key, std::vector<T>& items, const Range& count, const Doc& doc) {
    self().list(key, items, count, doc);
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

// Struct -> JSON Schema (draft-07) of what the Reader accepts: types, keys,
// required fields, ranges, choices and list sizes, with each field's default
// taken from the struct it visits. Cross-field checks (`check`) cannot be
// said in JSON Schema and are skipped; registry contents (fee rule and
// strategy params) and descriptions are added by experiments/scenario_schema.cpp.
class SchemaWriter : public DescribesEveryField<SchemaWriter> {
 public:
  explicit SchemaWriter(bool withDefaults = true) : defaults_(withDefaults) {}

  json schema() const {
    json s = {{"type", "object"}, {"properties", props_}, {"additionalProperties", false}};
    if (!required_.empty()) s["required"] = required_;
    return s;
  }

  void number(const char* key, double& x, const Range& r, const Doc&, Need need = Need::optional) {
    json s = {{"type", "number"}};
    bounds(s, r);
    add(key, std::move(s), json(x), need);
  }
  void integer(const char* key, int& x, const Range& r, const Doc&, Need need = Need::optional) {
    json s = {{"type", "integer"}};
    // The Reader also refuses what does not fit a 32-bit int.
    Range fit = r;
    fit.lo = std::max(fit.lo, static_cast<double>(std::numeric_limits<int>::min()));
    fit.hi = std::min(fit.hi, static_cast<double>(std::numeric_limits<int>::max()));
    bounds(s, fit);
    add(key, std::move(s), json(x), need);
  }
  void boolean(const char* key, bool& b, const Doc&) { add(key, {{"type", "boolean"}}, json(b), Need::optional); }
  void text(const char* key, std::string& s, const Doc&, Text kind = Text::any, Need need = Need::optional) {
    json t = {{"type", "string"}};
    if (kind == Text::nonEmpty) t["minLength"] = 1;
    add(key, std::move(t), json(s), need);
  }
  void poolRef(const char* key, std::string& s, const Doc&) {
    add(key,
        {{"oneOf", json::array({{{"type", "string"}}, {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxPools - 1}}})}},
        json(s), Need::optional);
  }
  void choice(const char* key, std::string& s, std::initializer_list<const char*> options, const Doc&) {
    json values = json::array();
    for (const char* o : options) values.push_back(o);
    add(key, {{"type", "string"}, {"enum", std::move(values)}}, json(s), Need::optional);
  }
  void params(const char* key, json& p, const Doc&) { add(key, {{"type", "object"}}, p, Need::optional); }
  void matrix(const char* key, std::vector<std::vector<double>>& m, const Doc&) {
    json rows = json::array();
    for (const auto& row : m) rows.push_back(row);
    add(key, {{"type", "array"}, {"items", {{"type", "array"}, {"items", {{"type", "number"}}}}}}, rows, Need::optional);
  }
  template <class T, class... Extra>
  void nested(const char* key, T& d, const Doc&, const Extra&... extra) {
    SchemaWriter w(defaults_);
    visitFields(w, d, extra...);
    props_[key] = w.schema();
  }
  void texts(const char* key, std::vector<std::string>& items, const Doc&) {
    add(key, {{"type", "array"}, {"items", {{"type", "string"}, {"minLength", 1}}}}, json(items), Need::optional);
  }
  template <class T>
  void list(const char* key, std::vector<T>& items, const Range& count, const Doc& doc) {
    T item{};
    SchemaWriter w(defaults_);
    visitFields(w, item);
    Writer values;
    values.list(key, items, count, doc);
    add(key, arrayOf(w.schema(), count), values.out[key], Need::optional);
  }
  // Entries start from `seed` (pool's terms), not from fixed defaults: their
  // fields carry no `default`, and the list has none (absent = not used).
  template <class T>
  void seededList(const char* key, std::vector<T>&, const Range& count, const Doc&, const T& seed) {
    T item = seed;
    SchemaWriter w(false);
    visitFields(w, item);
    props_[key] = arrayOf(w.schema(), count);
  }
  template <class F>
  void check(F&&) {}

 private:
  static void bounds(json& s, const Range& r) {
    if (r.lo != -kInf) s[r.loOpen ? "exclusiveMinimum" : "minimum"] = r.lo;
    if (r.hi != kInf) s[r.hiOpen ? "exclusiveMaximum" : "maximum"] = r.hi;
  }
  static json arrayOf(json items, const Range& count) {
    json s = {{"type", "array"}, {"items", std::move(items)}};
    if (count.lo != -kInf) s["minItems"] = static_cast<std::int64_t>(std::ceil(count.lo + (count.loOpen ? 1 : 0)));
    if (count.hi != kInf) s["maxItems"] = static_cast<std::int64_t>(std::floor(count.hi - (count.hiOpen ? 1 : 0)));
    return s;
  }
  void add(const char* key, json s, json value, Need need) {
    if (defaults_ && need == Need::optional) s["default"] = std::move(value);
    props_[key] = std::move(s);
    if (need == Need::required) required_.push_back(key);
  }

  bool defaults_;
  json props_ = json::object();
  json required_ = json::array();
};

// Struct -> the parameter table (FieldInfo rows): every field's path, human
// name, unit, meaning, type, default and what is allowed, in words. A nested
// struct is not a row; its Doc, when it has one, prefixes its fields' (the
// writers' `capital` makes "writer capital mean", "free cash at start,
// lognormal: mean", unit "currency").
class FieldLister : public DescribesEveryField<FieldLister> {
 public:
  FieldLister(std::vector<FieldInfo>& rows, std::string path, Doc parent = {})
      : rows_(rows), path_(std::move(path)), parent_(parent) {}

  void number(const char* key, double& x, const Range& r, const Doc& doc, Need need = Need::optional) {
    add(key, "number", json(x), doc, need, r, rangeText(r));
  }
  void integer(const char* key, int& x, const Range& r, const Doc& doc, Need need = Need::optional) {
    add(key, "int", json(x), doc, need, r, rangeText(r));
  }
  void boolean(const char* key, bool& b, const Doc& doc) { add(key, "bool", json(b), doc, Need::optional, {}, ""); }
  void text(const char* key, std::string& s, const Doc& doc, Text kind = Text::any, Need need = Need::optional) {
    add(key, "string", json(s), doc, need, {}, kind == Text::nonEmpty ? "non-empty" : "");
  }
  void poolRef(const char* key, std::string& s, const Doc& doc) {
    add(key, "string or int", json(s), doc, Need::optional, {}, "");
  }
  void choice(const char* key, std::string& s, std::initializer_list<const char*> options, const Doc& doc) {
    std::string list = options.size() > 2 ? "one of " : "";
    for (const char* o : options) list += std::string(o == *options.begin() ? "" : options.size() > 2 ? ", " : " or ") + "\"" + o + "\"";
    FieldInfo& row = add(key, "string", json(s), doc, Need::optional, {}, list);
    row.choices.assign(options.begin(), options.end());
  }
  void params(const char* key, json& p, const Doc& doc) { add(key, "object", p, doc, Need::optional, {}, ""); }
  void matrix(const char* key, std::vector<std::vector<double>>& m, const Doc& doc) {
    Writer w;
    w.matrix(key, m, doc);
    add(key, "array of arrays of numbers", w.out[key], doc, Need::optional, {}, "");
  }
  void texts(const char* key, std::vector<std::string>& items, const Doc& doc) {
    add(key, "array of strings", json(items), doc, Need::optional, {}, "");
  }
  template <class T, class... Extra>
  void nested(const char* key, T& d, const Doc& doc, const Extra&... extra) {
    FieldLister sub(rows_, at(key), compose(doc));
    visitFields(sub, d, extra...);
  }
  template <class T>
  void list(const char* key, std::vector<T>& items, const Range& count, const Doc& doc) {
    Writer w;
    w.list(key, items, count, doc);
    add(key, "array of objects", w.out[key], doc, Need::optional, {}, countText(count));
    T item{};
    FieldLister sub(rows_, at(key) + "/i");
    visitFields(sub, item);
  }
  // Entries start from `seed`: their defaults are its values (or the Docs' words).
  template <class T>
  void seededList(const char* key, std::vector<T>&, const Range& count, const Doc& doc, const T& seed) {
    add(key, "array of objects", json(), doc, Need::optional, {}, countText(count));
    T item = seed;
    FieldLister sub(rows_, at(key) + "/i");
    visitFields(sub, item);
  }
  template <class F>
  void check(F&&) {}

 private:
  // "[0, 1]", "(0, 1e9]", ">= 0": what docs print (1e9 rather than 1000000000).
  static std::string bound(double x) {
    const double e = std::round(std::log10(std::fabs(x)));
    if (std::fabs(x) >= 1e6 && std::pow(10.0, e) == std::fabs(x))
      return std::string(x < 0 ? "-" : "") + "1e" + std::to_string(static_cast<int>(e));
    return formatNumber(x);
  }
  static std::string rangeText(const Range& r) {
    if (r.lo == -kInf && r.hi == kInf) return "";
    if (r.hi == kInf) return std::string(r.loOpen ? "> " : ">= ") + bound(r.lo);
    if (r.lo == -kInf) return std::string(r.hiOpen ? "< " : "<= ") + bound(r.hi);
    return std::string(r.loOpen ? "(" : "[") + bound(r.lo) + ", " + bound(r.hi) + (r.hiOpen ? ")" : "]");
  }
  static std::string countText(const Range& count) {
    if (count.hi == kInf) return "at least " + bound(count.lo) + (count.lo == 1 ? " entry" : " entries");
    return bound(count.lo) + " to " + bound(count.hi) + " entries";
  }
  // A nested struct's Doc on its fields': names and meanings joined, the
  // unit and default inherited where a field has none.
  Doc compose(const Doc& child) const {
    Doc d = child;
    strings_.emplace_back(join(parent_.name, child.name, " "));
    d.name = strings_.back().c_str();
    strings_.emplace_back(join(parent_.text, child.text, "; "));
    d.text = strings_.back().c_str();
    if (!*d.unit) d.unit = parent_.unit;
    if (*parent_.byDefault) d.byDefault = parent_.byDefault;  // a default taken from elsewhere, whole
    return d;
  }
  static std::string join(const char* a, const char* b, const char* sep) {
    if (!*a) return b;
    if (!*b) return a;
    return std::string(a) + sep + b;
  }
  std::string at(const char* key) const { return path_ + "/" + key; }

  FieldInfo& add(const char* key, const char* type, json value, const Doc& own, Need need, const Range& r,
                 std::string allowed) {
    const Doc doc = compose(own);
    FieldInfo f;
    f.path = at(key);
    f.name = doc.name;
    f.unit = doc.unit;
    f.text = doc.text;
    f.type = type;
    f.required = need == Need::required;
    if (*doc.also) {
      const std::string also = doc.also;
      allowed += (allowed.empty() ? "" : also.rfind("and ", 0) == 0 ? ", " : "; ") + also;
    }
    f.allowed = std::move(allowed);
    if (*doc.byDefault) {
      f.byDefault = doc.byDefault;
    } else if (f.required) {
      f.byDefault = "required";
    } else if (!value.is_null()) {
      f.defaultValue = value;
      f.byDefault = value.dump();
    }
    f.min = r.lo;
    f.max = r.hi;
    f.minOpen = r.loOpen;
    f.maxOpen = r.hiOpen;
    rows_.push_back(std::move(f));
    return rows_.back();
  }

  std::vector<FieldInfo>& rows_;
  std::string path_;
  Doc parent_;
  mutable std::deque<std::string> strings_;  // composed Doc texts (a deque keeps c_str() stable)
};

// Tracks where the parser is so a key written twice in one object can be
// named by its JSON pointer (the parser itself keeps the last silently).
class DuplicateKeyGuard {
 public:
  explicit DuplicateKeyGuard(std::string source) : source_(std::move(source)) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        // Deeper input would overflow the stack later (dump, recursive checks); refuse it here.
        if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth))
          throw InputError(pointer() + "/" + childToken(),
                           source_ + " nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth) +
                               " levels; mutualab's inputs need fewer than 10");
        frames_.push_back({event == json::parse_event_t::object_start, childToken(), {}, {}, 0});
        break;
      case json::parse_event_t::key: {
        Frame& f = frames_.back();
        std::string key = parsed.get<std::string>();
        if (!f.keys.insert(key).second) {
          throw InputError(pointer() + "/" + escapeToken(key),
                           "duplicate key '" + key + "' in " + source_ +
                               "; JSON keeps only one of them, write it once");
        }
        f.lastKey = std::move(key);
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        elementDone();
        break;
      case json::parse_event_t::value: elementDone(); break;
    }
    return true;
  }

 private:
  struct Frame {
    bool isObject;
    std::string token;  // this container's token in its parent ("" for the root)
    std::set<std::string> keys;
    std::string lastKey;
    std::size_t index;
  };
  std::string childToken() const {
    if (frames_.empty()) return "";
    const Frame& f = frames_.back();
    return f.isObject ? escapeToken(f.lastKey) : std::to_string(f.index);
  }
  void elementDone() {
    if (!frames_.empty() && !frames_.back().isObject) ++frames_.back().index;
  }
  std::string pointer() const {
    std::string p;
    for (std::size_t i = 1; i < frames_.size(); ++i) p += "/" + frames_[i].token;
    return p;
  }

  std::string source_;
  std::vector<Frame> frames_;
};

// "[json.exception.parse_error.101] parse error at line 2, column 10: ..."
// loses its internal id; the position and the parser's words stay.
std::string parserMessage(const char* what) {
  std::string s = what;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find("] ");
    if (close != std::string::npos) s = s.substr(close + 2);
  }
  return s;
}

std::string trim(const std::string& s) {
  const char* space = " \t\r\n";
  auto b = s.find_first_not_of(space);
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(space);
  return s.substr(b, e - b + 1);
}

std::vector<std::string> keysOf(const json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// The value of `--set path=value`, given what is at the path now.
json overrideValue(const std::string& rawText, const json& current, const std::string& path) {
  const std::string t = trim(rawText);
  const std::string source = "--set " + path;
  if (current.is_string()) {
    if (!t.empty() && t.front() == '"') {
      json v = parseJsonText(t, source);
      if (!v.is_string()) throw InputError(path, "expected a quoted string, got " + describe(v));
      return v;
    }
    return json(rawText);
  }
  const std::string lower = lowercase(t);
  if (lower == "nan" || lower == "+nan" || lower == "-nan") return json(std::numeric_limits<double>::quiet_NaN());
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") return json(kInf);
  if (lower == "-inf" || lower == "-infinity") return json(-kInf);
  if (!t.empty() && (t.front() == '{' || t.front() == '[' || t.front() == '"')) return parseJsonText(t, source);
  try {
    return parseJsonText(t, source);
  } catch (const InputError& e) {
    if (e.path().empty()) return json(rawText);  // not JSON: a plain string
    throw;  // JSON, but refused (too deep, duplicate key)
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] public API
// ---------------------------------------------------------------------------

std::string utf8Text(std::string_view s) {
  if (validUtf8(s)) return std::string(s);
  return json::parse(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>();
}

bool validUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { extra = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { extra = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { extra = 3; cp = c & 0x07; }
    else return false;  // a continuation byte first, an overlong lead (C0, C1) or beyond F4
    if (i + static_cast<size_t>(extra) >= s.size()) return false;  // cut short
    for (int k = 1; k <= extra; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;  // overlong, a surrogate, or beyond Unicode
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

// Pool names become summary keys and series column prefixes: keep them plain.
std::optional<std::string> poolNameProblem(const std::string& name) {
  constexpr std::size_t kMaxPoolName = 40;
  if (name.empty() || name.size() > kMaxPoolName)
    return "must be 1 to " + std::to_string(kMaxPoolName) + " characters, got " + std::to_string(name.size());
  for (const char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      return "may hold only letters, digits, '-' and '_' (series columns are named pool.metric), got " +
             json(name).dump(-1, ' ', false, json::error_handler_t::replace);
  return std::nullopt;
}

std::optional<std::string> pathNameProblem(const std::string& name) {
  constexpr std::size_t kMaxNameLength = 100;
  const std::string shown = json(name).dump(-1, ' ', false, json::error_handler_t::replace);
  if (name.empty()) return "must not be empty";
  if (name.size() > kMaxNameLength)
    return "must be at most " + std::to_string(kMaxNameLength) + " characters (it names the output folder), got " +
           std::to_string(name.size());
  if (name == "." || name == "..") return shown + " cannot name an output folder; use letters, digits, '-' or '_'";
  for (const char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || u < 0x20 || u == 0x7f)
      return "must not contain '/', '\\' or control characters (it names the output folder), got " + shown;
  }
  return std::nullopt;
}

nlohmann::json parseJsonOrDiscarded(const std::string& text) {
  try {
    return parseJsonText(text, "");
  } catch (const InputError&) {
    return json(json::value_t::discarded);
  }
}

nlohmann::json parseJsonText(const std::string& text, const std::string& sourceName) {
  // Two passes, each linear: the guard's over SAX events (nesting, duplicate
  // keys), then the plain parser's. nlohmann's callback parser (3.11.2, as
  // Debian ships it) scans the whole parent array at the end of each object
  // in it, so an array of n objects took n²/2 steps: 7 s for a stress file
  // of 200,000 scenarios, before this.
  // nlohmann's lexer takes a NUL byte for the end of its input: whatever
  // follows one would be ignored unsaid (a file with junk after it passed).
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos)
    throw InputError("", sourceName + ": invalid JSON: a NUL byte (\\0) at byte offset " + std::to_string(nul) +
                             " of " + std::to_string(text.size()) + "; JSON text cannot hold one");
  DuplicateKeyGuard guard(sourceName);
  struct Events {
    DuplicateKeyGuard& guard;
    bool event(json::parse_event_t e, json parsed = json()) { return guard(0, e, parsed); }
    bool null() { return event(json::parse_event_t::value); }
    bool boolean(bool) { return null(); }
    bool number_integer(json::number_integer_t) { return null(); }
    bool number_unsigned(json::number_unsigned_t) { return null(); }
    bool number_float(json::number_float_t, const json::string_t&) { return null(); }
    bool string(json::string_t&) { return null(); }
    bool binary(json::binary_t&) { return null(); }
    bool start_object(std::size_t) { return event(json::parse_event_t::object_start); }
    bool key(json::string_t& k) { return event(json::parse_event_t::key, json(k)); }
    bool end_object() { return event(json::parse_event_t::object_end); }
    bool start_array(std::size_t) { return event(json::parse_event_t::array_start); }
    bool end_array() { return event(json::parse_event_t::array_end); }
    [[noreturn]] bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) { throw e; }
  } events{guard};
  try {
    json::sax_parse(text, &events, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
    return json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for numbers like 1e999
    throw InputError("", sourceName + ": invalid JSON: " + parserMessage(e.what()));
  }
}

ScenarioDef scenarioFromJson(const nlohmann::json& j) {
  // A top-level "$schema" (a string) points an editor at docs/scenario.schema.json;
  // it is not part of the scenario.
  if (j.is_object() && j.contains("$schema") && j["$schema"].is_string()) {
    json rest = j;
    rest.erase("$schema");
    return scenarioFromJson(rest);
  }
  ScenarioDef def;
  Reader reader(j, "");
  visitFields(reader, def);
  reader.done();
  return def;
}

nlohmann::json scenarioFieldSchema() {
  ScenarioDef defaults;
  SchemaWriter schema;
  visitFields(schema, defaults);
  json s = schema.schema();
  s["properties"]["$schema"] = {{"type", "string"},
                                {"description", "the JSON Schema an editor checks this file with; ignored by mutualab"}};
  return s;
}

const std::vector<FieldInfo>& scenarioFields() {
  static const std::vector<FieldInfo> rows = [] {
    std::vector<FieldInfo> out;
    ScenarioDef defaults;
    FieldLister lister(out, "");
    visitFields(lister, defaults);
    return out;
  }();
  return rows;
}

const FieldInfo* findScenarioField(std::string_view path) {
  // "market/assets/0/spot" -> "/market/assets/i/spot"
  std::string key = path.empty() || path.front() != '/' ? "/" : "";
  for (std::size_t i = 0; i < path.size();) {
    const std::size_t slash = std::min(path.find('/', i), path.size());
    const std::string_view token = path.substr(i, slash - i);
    const bool index = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    key += index ? std::string("i") : std::string(token);
    if (slash < path.size()) key += '/';
    i = slash + 1;
  }
  for (const auto& f : scenarioFields())
    if (f.path == key) return &f;
  return nullptr;
}

nlohmann::json scenarioToJson(const ScenarioDef& s) {
  ScenarioDef copy = s;  // the visitors share one non-const field list
  Writer writer;
  visitFields(writer, copy);
  return std::move(writer.out);
}

std::size_t estimateMemoryBytes(const ScenarioDef& s, int replicationsInFlight) {
  const double total = totalBytes(memoryParts(s)) * std::max(1, replicationsInFlight);
  const double limit = static_cast<double>(std::numeric_limits<std::size_t>::max());
  if (!(total < limit)) return std::numeric_limits<std::size_t>::max();  // also catches NaN
  return static_cast<std::size_t>(total);
}

void applyOverride(nlohmann::json& scenario, const std::string& assignment) {
  // Keys and strings of a scenario must be UTF-8 to be written back as JSON.
  if (!validUtf8(assignment))
    throw InputError("--set", "not valid UTF-8 text: " + json(assignment).dump(-1, ' ', false, json::error_handler_t::replace) +
                                  " (invalid bytes shown as U+FFFD)");
  // Nor a NUL byte: the value's parser would stop there, and a message that
  // quoted it would be cut there.
  if (const std::size_t nul = assignment.find('\0'); nul != std::string::npos)
    throw InputError("--set", "a NUL byte (\\0) at byte offset " + std::to_string(nul) + " of " + json(assignment).dump() +
                                  "; a path or value cannot hold one");
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw InputError("--set", "expected path=value (e.g. writers/theta/sd=0.3), got '" + assignment + "'");
  }
  std::string pathText = trim(assignment.substr(0, eq));
  if (!pathText.empty() && pathText.front() == '/') pathText.erase(0, 1);
  if (pathText.empty()) throw InputError("--set", "missing the path before '=' in '" + assignment + "'");

  std::vector<std::string> tokens;
  for (std::size_t start = 0;;) {
    auto slash = pathText.find('/', start);
    std::string token = pathText.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (token.empty()) throw InputError("--set", "empty segment in path '" + pathText + "'");
    tokens.push_back(unescapeToken(token));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }

  // Work on a copy so a refused override leaves the scenario untouched
  // (params levels may have been created on the way).
  json result = scenario;
  json* node = &result;
  std::string at;
  bool insideParams = false;  // new keys may be created only there
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    const std::string here = at + "/" + escapeToken(token);
    const bool last = i + 1 == tokens.size();
    if (node->is_object()) {
      auto it = node->find(token);
      if (it != node->end()) {
        node = &*it;
      } else if (insideParams) {
        node = &(*node)[token];
        if (!last) *node = json::object();
      } else if ((token == "shareMarket" || token == "admission") && node->contains("gateShare")) {
        // A pool's share market and admission are written only when not the
        // default: an override of one of their fields starts from the defaults.
        Writer w;
        if (token == "shareMarket") {
          ShareMarketDef defaults;
          visitFields(w, defaults);
        } else {
          AdmissionDef defaults;
          visitFields(w, defaults);
        }
        node = &(*node)[token];
        *node = std::move(w.out);
      } else if (at.empty() && (token == "governance" || token == "backstop" || token == "migration")) {
        // Top-level sections written only when used: an override of one
        // starts it from its defaults (validation then says what else it needs).
        Writer w;
        if (token == "governance") {
          // Its two lists are each written only when not empty (and refused
          // empty): start the one the path goes on to, set whole.
          w.out = json::object();
          if (!last) {
            const std::string& list = tokens[i + 1];
            if (list != "schedule" && list != "rules")
              throw InputError(here + "/" + escapeToken(list), unknownKeyMessage(list, {"rules", "schedule"}));
            w.out[list] = json::array();
          }
        } else if (token == "backstop") {
          BackstopDef defaults;
          visitFields(w, defaults);
        } else {
          MigrationDef defaults;
          visitFields(w, defaults);
        }
        node = &(*node)[token];
        *node = w.out.is_null() ? json::object() : std::move(w.out);
      } else if (token == "menu" && node->contains("gateShare")) {
        // A pool's screening menu is written only when it has one: set whole.
        if (!last)
          throw InputError(here, "the pool has no `menu` yet; set the whole list, e.g. --set '" + at.substr(1) +
                                     "/menu=[{\"name\": \"full\"}, {\"name\": \"half\", \"coverage\": 0.5}]' "
                                     "(mutualab fields pool/menu lists a contract's fields)");
        node = &(*node)[token];
        *node = json::array();
      } else if (at.empty() && (token == "pools" || token == "chains")) {
        // Lists written only when used, set whole.
        if (!last)
          throw InputError(here, "the scenario has no `" + token + "` yet; set the whole list, e.g. --set '" + token +
                                     "=[{...}]' (mutualab fields " + token + " lists an entry's fields)");
        node = &(*node)[token];
        *node = json::array();
      } else if (token == "pricePath" && node->contains("ewmaLambda")) {
        // The market's data path is written only when set: `--set
        // market/pricePath/file=crash.csv` starts one (the caller reads the file).
        node = &(*node)[token];
        *node = json{{"file", ""}};
      } else {
        // A pool's share market, admission and menu exist for overrides though not written (above).
        std::vector<std::string> keys = keysOf(*node);
        if (node->contains("gateShare"))
          for (const char* k : {"admission", "menu", "shareMarket"})
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
        std::sort(keys.begin(), keys.end());
        throw InputError(here, unknownKeyMessage(token, keys));
      }
    } else if (node->is_array()) {
      const bool digits = !token.empty() && token.size() <= 9 &&
                          std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
      const std::size_t index = digits ? std::stoul(token) : 0;
      if (!digits || index >= node->size()) {
        throw InputError(here, node->empty() ? "the array is empty; set the whole array instead"
                                             : "expected an array index from 0 to " +
                                                   std::to_string(node->size() - 1) + ", got '" + token + "'");
      }
      node = &(*node)[index];
    } else {
      throw InputError(here, "cannot go inside " + at + ", which is " + describe(*node));
    }
    if (token == "params" && node->is_object()) insideParams = true;
    at = here;
  }
  *node = overrideValue(assignment.substr(eq + 1), *node, at);
  scenario = std::move(result);
}

}  // namespace mutualab
