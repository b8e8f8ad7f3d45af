// Draws a batch run's figure with experiments/plot_batch.py (Debian's
// matplotlib) after its results are on disk. A missing Python or matplotlib
// is not an error: the results stand, and the note says how to draw it.
#pragma once

#include <string>

namespace mutualab::cli {

// Returns true if DIR/figure.png was drawn; prints one line either way unless quiet.
bool drawBatchFigure(const std::string& dir, bool quiet);
// The same for `mutualab risk`'s folder, with experiments/plot_risk.py.
bool drawRiskFigure(const std::string& dir, bool quiet);
// And `mutualab backtest`'s, with experiments/plot_backtest.py.
bool drawBacktestFigure(const std::string& dir, bool quiet);

}  // namespace mutualab::cli
