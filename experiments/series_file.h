// Per-replication, per-step series in long form: one row per (replication,
// step), the columns of timeseries.csv after `replication`. Values are
// written in the shortest form that reads back to the same double
// (std::to_chars), so pandas and the Python module see the very bits the
// run computed. A name ending in .gz is written gzip-compressed (native
// builds; pandas reads it as is).
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mutualab {

struct RunResult;
struct ScenarioDef;

// The per-step columns of a run's series, in the order of runOne's series
// vector: the step metrics, then "<pool>.<metric>" per pool (scenarios with
// `pools`), then "<prefix><metric>" per share market, then per pool that
// admits by VaR. timeseries.csv, series.csv and the Python module use them.
struct SeriesColumns {
  std::vector<std::string> poolNames;            // RunResult::poolNames
  std::vector<std::string> shareMarketPrefixes;  // RunResult::shareMarketPrefixes
  std::vector<std::string> admissionPrefixes;    // RunResult::admissionPrefixes
  size_t width() const;  // values a step
  std::vector<std::string> names() const;
  // Row t of a series laid out as runOne's, `rows` rows of it, into out[0, width()) in names()' order.
  void row(const double* series, size_t rows, size_t t, double* out) const;
};
SeriesColumns seriesColumnsOf(const ScenarioDef& def);

// The series could not be written (a full disk, most often): the run's
// files are not made, and a command says which folder to change.
struct SeriesWriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How series.csv is written: `Auto` picks gzip above kSeriesGzipAbove values.
enum class SeriesFormat { None, Auto, Csv, Gzip };
inline constexpr double kSeriesGzipAbove = 2.0e6;  // about 20 MB of text
// "none" | "auto" | "csv" | "gz"; throws InputError naming `option` otherwise.
SeriesFormat parseSeriesFormat(const std::string& text, const std::string& option);
// The file name a run of `values` numbers gets ("series.csv" or "series.csv.gz"; "" for None).
std::string seriesFileName(SeriesFormat f, double values);
// The same for `replications` replications of a scenario (its columns and steps); a sweep or
// tournament passes every cell's replications, so all its cell files take one form.
std::string seriesFileName(SeriesFormat f, const ScenarioDef& def, double replications);
bool gzipAvailable();

// Streams rows into a file. Replications must be added in order. The rows
// go to PATH.tmp.PID, renamed to PATH by close(): PATH appears whole or not
// at all (a file a killed run left half-written is never mistaken for a
// result). Without close() the destructor removes the temporary.
class SeriesWriter {
 public:
  // Throws std::runtime_error naming the path.
  SeriesWriter(const std::string& path, SeriesColumns columns, double stepDays);
  // A scenario's series: its columns (seriesColumnsOf), its step length.
  SeriesWriter(const std::string& path, const ScenarioDef& def);
  ~SeriesWriter();
  SeriesWriter(const SeriesWriter&) = delete;
  SeriesWriter& operator=(const SeriesWriter&) = delete;

  // One replication's series as runOne lays it out: (steps+1) rows of the
  // step metrics, then the pools' block, the share markets' and the
  // admitting pools'.
  void add(int replication, const std::vector<double>& series);
  // Rows already laid out as the file's: replication, step, day, then the
  // columns (the Python package's array); the same text add() writes.
  void addRows(const double* rows, std::size_t count);
  void close();

 private:
  // One row's text, then the buffer to the file.
  void appendRow(long long replication, long long step, double day, const double* values);
  void flush();

  struct Sink;
  std::unique_ptr<Sink> sink_;
  SeriesColumns columns_;
  std::vector<double> row_;  // one row, in column order
  double stepDays_;
  std::string path_, tmp_;
  std::string buf_;
};

// Sweeps' and tournaments' per-cell series (--series): DIR/series/cell-NNNNN.csv
// or .csv.gz, written when the cell finishes, before its cell file.
std::string cellSeriesName(int cell, bool gzip);
// Creates DIR/series. Not resuming: removes the cell series files it holds
// (and only those); always: the temporaries of a killed run.
void prepareSeriesDir(const std::string& dir, bool resume);
// A run that writes no series (and is not resuming): removes the cell
// series files and temporaries an earlier run left in DIR/series, then the
// folder if nothing else is in it, so no old series sits beside new results.
void clearSeriesDir(const std::string& dir);
// Whether cell c's series file (either form) exists, for --resume.
bool cellSeriesExists(const std::string& dir, int cell);

// A double in its shortest round-trip form; "" for NaN.
void appendShortest(std::string& out, double v);

}  // namespace mutualab
