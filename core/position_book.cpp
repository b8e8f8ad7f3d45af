#include "core/position_book.h"

namespace mutualab {

void PositionBook::reset(int capacity, int offers) {
  offers_ = offers;
  const size_t C = static_cast<size_t>(capacity);
  active.assign(C, 0); kind.assign(C, 0); hidden.assign(C, 0); informed.assign(C, 0);
  pool.assign(C, kSilo);
  writer.assign(C, 0); asset.assign(C, 0); expiry.assign(C, 0); tag.assign(C, 0);
  strike.assign(C, 0); units.assign(C, 0); notional.assign(C, 0); maxCover.assign(C, 0);
  refPool.assign(C, 0); premium.assign(C, 0); fee.assign(C, 0); offer.assign(C, 0); offerFee.assign(C * static_cast<size_t>(offers), 0); coverStrikeDist.assign(C, 0); modelCover.assign(C, 0); signal.assign(C, 0);
  collateral.assign(C, 0);
  free_.resize(C);
  for (size_t i = 0; i < C; ++i) free_[i] = static_cast<int>(C - 1 - i);  // pop_back gives slot 0 first
}

int PositionBook::open() {
  if (free_.empty()) return -1;
  const int s = free_.back();
  free_.pop_back();
  active[static_cast<size_t>(s)] = 1;
  return s;
}

void PositionBook::close(int slot) {
  active[static_cast<size_t>(slot)] = 0;
  free_.push_back(slot);
}

}  // namespace mutualab
