// What every learner shares: the flat (agent, state, action) layout of its
// tables and the few numerical kernels (stable softmax, sampling from a
// mixed strategy, uniform choice among tied best actions). None of them
// allocates or throws, so they are safe inside act/observe/policy.
#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <span>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/rng.h"

namespace mutualab::learning {

// Sizes of a learner's tables; row(agent, state) is the offset of that
// agent's action vector in a flat agents x states x actions array.
struct Shape {
  int agents = 0;
  int states = 0;
  int actions = 0;

  std::size_t cells() const { return static_cast<std::size_t>(agents) * static_cast<std::size_t>(states); }
  std::size_t size() const { return cells() * static_cast<std::size_t>(actions); }
  std::size_t cell(int agent, int state) const {
    assert(agent >= 0 && agent < agents && state >= 0 && state < states);
    return static_cast<std::size_t>(agent) * static_cast<std::size_t>(states) + static_cast<std::size_t>(state);
  }
  std::size_t row(int agent, int state) const { return cell(agent, state) * static_cast<std::size_t>(actions); }
};

// out[a] = exp(scale * x[a]) / sum, computed after subtracting the maximum so
// that it neither overflows nor underflows to 0/0 however large x grows.
inline void softmax(std::span<const double> x, double scale, std::span<double> out) {
  assert(x.size() == out.size() && !x.empty());
  const double hi = *std::max_element(x.begin(), x.end());
  double sum = 0.0;
  for (std::size_t a = 0; a < x.size(); ++a) sum += out[a] = std::exp(scale * (x[a] - hi));
  for (double& p : out) p /= sum;  // sum >= 1: the maximal entry contributes exp(0)
}

// Point mass shared equally by the maximal entries of x (ties are exact
// equality: tables start equal and integer payoffs tie often).
inline void uniformOverBest(std::span<const double> x, std::span<double> out) {
  assert(x.size() == out.size() && !x.empty());
  const double hi = *std::max_element(x.begin(), x.end());
  const auto ties = std::count(x.begin(), x.end(), hi);
  for (std::size_t a = 0; a < x.size(); ++a) out[a] = x[a] == hi ? 1.0 / static_cast<double>(ties) : 0.0;
}

// A uniformly random index in [0, n).
inline int uniformIndex(int n, Engine& rng) {
  assert(n > 0);
  boost::random::uniform_int_distribution<int> pick(0, n - 1);
  return pick(rng);
}

// A uniformly random index among the maximal entries of x.
inline int randomBest(std::span<const double> x, Engine& rng) {
  const double hi = *std::max_element(x.begin(), x.end());
  const auto ties = static_cast<int>(std::count(x.begin(), x.end(), hi));
  int k = ties == 1 ? 0 : uniformIndex(ties, rng);  // one draw only when there is a choice to make
  for (std::size_t a = 0; a < x.size(); ++a)
    if (x[a] == hi && k-- == 0) return static_cast<int>(a);
  assert(false);
  return 0;
}

// Samples an index from a probability vector (inverse CDF on one uniform).
// An action of probability 0 is never returned, even when rounding leaves
// the cumulative sum a hair below 1.
inline int sample(std::span<const double> probs, Engine& rng) {
  boost::random::uniform_01<double> u01;
  const double u = u01(rng);
  double acc = 0.0;
  int last = 0;
  for (std::size_t a = 0; a < probs.size(); ++a) {
    if (probs[a] <= 0.0) continue;
    acc += probs[a];
    last = static_cast<int>(a);
    if (u < acc) return last;
  }
  return last;
}

// One uniform draw in [0, 1).
inline double uniform01(Engine& rng) {
  boost::random::uniform_01<double> u01;
  return u01(rng);
}

}  // namespace mutualab::learning
