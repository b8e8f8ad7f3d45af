#include "core/position_book.h"

#include <algorithm>

namespace mutualab {

namespace {
template <class T>
void sizeTo(std::vector<T>& v, size_t n, T fill) {
  v.resize(n, fill);
}
}  // namespace

void PositionBook::reset(int initial, int limit, int offers, int lastExpiry) {
  offers_ = offers;
  limit_ = std::max(limit, 1);
  const int C = std::clamp(initial, 1, limit_);
  for (auto* v : {&kind, &hidden, &informed}) v->clear();
  pool.clear(); refPool.clear(); writer.clear(); asset.clear(); expiry.clear(); tag.clear();
  strike.clear(); units.clear(); notional.clear(); maxCover.clear(); premium.clear(); fee.clear();
  offer.clear(); offerFee.clear(); coverStrikeDist.clear(); modelCover.clear(); signal.clear(); theta.clear(); collateral.clear();
  free_.clear();
  expiryNext_.clear();
  open_.clear();
  silo_.clear();
  pools_.clear();
  totals_.assign(1, OpenTotals{});
  expiryHead_.assign(static_cast<size_t>(std::max(lastExpiry, 0)) + 1, -1);
  grow(static_cast<size_t>(C));
}

void PositionBook::grow(size_t to) {
  const size_t from = kind.size();
  sizeTo(kind, to, std::uint8_t{0});
  sizeTo(hidden, to, std::uint8_t{0}); sizeTo(informed, to, std::uint8_t{0});
  sizeTo(pool, to, kSilo);
  sizeTo(writer, to, 0); sizeTo(asset, to, 0); sizeTo(expiry, to, 0); sizeTo(tag, to, 0);
  sizeTo(strike, to, 0.0); sizeTo(units, to, 0.0); sizeTo(notional, to, 0.0); sizeTo(maxCover, to, 0.0);
  sizeTo(refPool, to, std::int8_t{0}); sizeTo(premium, to, 0.0); sizeTo(fee, to, 0.0);
  sizeTo(offer, to, std::int16_t{0}); sizeTo(offerFee, to * static_cast<size_t>(offers_), 0.0);
  sizeTo(coverStrikeDist, to, 0.0); sizeTo(modelCover, to, 0.0); sizeTo(signal, to, 0.0); sizeTo(theta, to, 0.0);
  sizeTo(collateral, to, Money{0});
  sizeTo(expiryNext_, to, -1);
  const size_t words = (to + 63) / 64;
  sizeTo(open_, words, std::uint64_t{0});
  sizeTo(silo_, words, std::uint64_t{0});
  for (auto& row : pools_) sizeTo(row, words, std::uint64_t{0});
  // New slots go under the freed ones, highest first, so pop_back hands out
  // the lowest new slot once the freed ones are used: the order a book sized
  // at `to` from the start would have used.
  std::vector<int> fresh;
  fresh.reserve(to - from + free_.size());
  for (size_t i = to; i > from; --i) fresh.push_back(static_cast<int>(i - 1));
  fresh.insert(fresh.end(), free_.begin(), free_.end());
  free_.swap(fresh);
}

int PositionBook::open(int expiryStep) {
  if (free_.empty()) {
    if (capacity() >= limit_) return -1;
    // By a quarter (at least 64 slots): the table stays within 1.25x of the
    // most positions ever open at once, and a growth copies what it holds
    // only a few dozen times over a run.
    grow(std::min(static_cast<size_t>(limit_), kind.size() + std::max<size_t>(kind.size() / 4, 64)));
  }
  const int s = free_.back();
  free_.pop_back();
  const size_t S = static_cast<size_t>(s);
  setBit(open_, S);
  expiry[S] = expiryStep;
  if (expiryStep >= 0) {
    if (static_cast<size_t>(expiryStep) >= expiryHead_.size()) expiryHead_.resize(static_cast<size_t>(expiryStep) + 1, -1);
    int& head = expiryHead_[static_cast<size_t>(expiryStep)];
    expiryNext_[S] = head;
    head = s;
  }
  return s;
}

void PositionBook::expiringAt(int step, std::vector<int>& out) {
  if (step < 0 || static_cast<size_t>(step) >= expiryHead_.size()) return;
  // Slot order through a bitmap rather than a sort: each slot's bit set
  // while the list is walked, then the words between the lowest and the
  // highest read back in order, and cleared for the next call. A step's
  // expiring slots are spread over the book, so those words are about as
  // many as the slots, and reading them is cheaper than sorting.
  if (order_.size() < open_.size()) order_.resize(open_.size(), 0);
  size_t lo = order_.size(), hi = 0;
  // A slot closed and reopened since it was linked has a new expiry: check it.
  for (int s = expiryHead_[static_cast<size_t>(step)]; s >= 0; s = expiryNext_[static_cast<size_t>(s)])
    if (isOpen(s) && expiry[static_cast<size_t>(s)] == step) {
      const size_t S = static_cast<size_t>(s);
      setBit(order_, S);
      lo = std::min(lo, S / 64);
      hi = std::max(hi, S / 64 + 1);
    }
  for (size_t w = lo; w < hi; ++w) {
    for (std::uint64_t b = order_[w]; b != 0; b &= b - 1)
      out.push_back(static_cast<int>(w * 64 + static_cast<size_t>(std::countr_zero(b))));
    order_[w] = 0;
  }
}

}  // namespace mutualab
