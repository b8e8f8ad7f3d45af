// The one pricing kernel: Black–Scholes prices of many European options at
// once, over structure-of-arrays inputs. Quoting, mark-to-model, expected
// payoffs and the risk engine all price through it, so its numbers are the
// model's numbers, native and in the browser alike.
//
// Inputs are parallel arrays of n entries (kind as OptionKind's underlying
// value: 0 call, 1 put); the rate is one number, as the market has one.
// out[i] equals bsPrice(kind[i], spot[i], strike[i], rate, vol[i], years[i])
// bit for bit, including its degenerate cases. out may not alias an input.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mutualab {

void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out);

}  // namespace mutualab
