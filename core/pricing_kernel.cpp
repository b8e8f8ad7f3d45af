#include "core/pricing_kernel.h"

#include "core/black_scholes.h"

namespace mutualab {

void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out) {
  for (std::size_t i = 0; i < n; ++i)
    out[i] = bsPrice(static_cast<OptionKind>(kind[i]), spot[i], strike[i], rate, vol[i], years[i]);
}

}  // namespace mutualab
