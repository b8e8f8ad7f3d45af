// The WebAssembly build's clamp bounds (core/kernel_math.h), in a file of
// their own so that no kernel loop sees their values: a bound the compiler
// cannot see makes a clamp one f64x2.pmin instead of an f64x2.min.
#include "core/kernel_math.h"

#if defined(__EMSCRIPTEN__)
namespace mutualab::kmath {
extern const double kExpLow = -708.0, kExpHigh = 709.0, kErfcHigh = 27.0;
}  // namespace mutualab::kmath
#endif
