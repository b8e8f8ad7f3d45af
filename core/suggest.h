// "Did you mean ...?": the nearest of the valid names to a misspelt one, for
// error messages (scenario keys, formula variables).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace mutualab {

// Levenshtein distance, case-insensitive.
inline std::size_t editDistance(const std::string& a, const std::string& b) {
  auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (low(a[i - 1]) == low(b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The valid name within 2 edits of `name` (the nearest; "" if none).
inline std::string nearestName(const std::string& name, const std::vector<std::string>& valid) {
  std::string best;
  std::size_t bestDistance = 3;  // suggest only near misses
  for (const auto& k : valid) {
    const std::size_t d = editDistance(name, k);
    if (d < bestDistance && d < k.size()) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

}  // namespace mutualab
