#include "experiments/series_file.h"

#include <algorithm>
#include <charconv>
#include <version>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include <unistd.h>

#ifdef MUTUALAB_WITH_ZLIB
#include <zlib.h>
#endif

#include "core/errors.h"
#include "core/metrics.h"
#include "experiments/runner.h"

namespace mutualab {

size_t SeriesColumns::width() const {
  return kStepMetricCount + poolNames.size() * kPoolStepMetricCount +
         shareMarketPrefixes.size() * kShareMarketStepMetricCount + admissionPrefixes.size() * kAdmissionStepMetricCount;
}

std::vector<std::string> SeriesColumns::names() const {
  std::vector<std::string> names;
  for (const auto& m : kStepMetricInfo) names.emplace_back(m.name);
  for (const auto& p : poolNames)
    for (const auto& m : kPoolStepMetricInfo) names.push_back(p + "." + m.name);
  for (const auto& p : shareMarketPrefixes)
    for (const auto& m : kShareMarketStepMetricInfo) names.push_back(p + m.name);
  for (const auto& p : admissionPrefixes)
    for (const auto& m : kAdmissionStepMetricInfo) names.push_back(p + m.name);
  return names;
}

void SeriesColumns::row(const double* series, size_t rows, size_t t, double* out) const {
  // runOne's blocks, each (steps + 1) rows of its own width.
  const size_t widths[4] = {static_cast<size_t>(kStepMetricCount), poolNames.size() * kPoolStepMetricCount,
                            shareMarketPrefixes.size() * kShareMarketStepMetricCount,
                            admissionPrefixes.size() * kAdmissionStepMetricCount};
  for (const size_t w : widths) {
    std::copy(series + t * w, series + (t + 1) * w, out);
    series += rows * w;
    out += w;
  }
}

SeriesColumns seriesColumnsOf(const ScenarioDef& def) {
  return {poolNamesOf(def), shareMarketPrefixesOf(def), admissionPrefixesOf(def)};
}

SeriesFormat parseSeriesFormat(const std::string& text, const std::string& option) {
  if (text == "none") return SeriesFormat::None;
  if (text == "auto") return SeriesFormat::Auto;
  if (text == "csv") return SeriesFormat::Csv;
  if (text == "gz") {
    if (!gzipAvailable()) throw InputError(option, "gzip output is not available in this build (zlib was not found)");
    return SeriesFormat::Gzip;
  }
  throw InputError(option, "expected one of none, auto, csv, gz; got '" + text + "'");
}

bool gzipAvailable() {
#ifdef MUTUALAB_WITH_ZLIB
  return true;
#else
  return false;
#endif
}

std::string seriesFileName(SeriesFormat f, double values) {
  switch (f) {
    case SeriesFormat::None: return "";
    case SeriesFormat::Csv: return "series.csv";
    case SeriesFormat::Gzip: return "series.csv.gz";
    case SeriesFormat::Auto: return values > kSeriesGzipAbove && gzipAvailable() ? "series.csv.gz" : "series.csv";
  }
  return "series.csv";
}

std::string seriesFileName(SeriesFormat f, const ScenarioDef& def, double replications) {
  const auto width = static_cast<double>(seriesColumnsOf(def).width() + 3);
  return seriesFileName(f, width * (def.sim.steps + 1.0) * replications);
}

void appendShortest(std::string& out, double v) {
  if (std::isnan(v)) return;
  char buf[32];
#if defined(__cpp_lib_to_chars)
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
#else
  // Emscripten 3.1's libc++ has no floating-point to_chars: 17 significant
  // digits read back to the same double too, only longer.
  out.append(buf, static_cast<size_t>(std::snprintf(buf, sizeof buf, "%.17g", v)));
#endif
}

// Where the text goes: a plain file, or a gzip stream.
struct SeriesWriter::Sink {
  std::FILE* plain = nullptr;
#ifdef MUTUALAB_WITH_ZLIB
  gzFile gz = nullptr;
#endif
  bool write(const std::string& s) {
#ifdef MUTUALAB_WITH_ZLIB
    if (gz) return s.empty() || gzwrite(gz, s.data(), static_cast<unsigned>(s.size())) == static_cast<int>(s.size());
#endif
    return std::fwrite(s.data(), 1, s.size(), plain) == s.size();
  }
  bool close() {
    bool ok = true;
#ifdef MUTUALAB_WITH_ZLIB
    if (gz) ok = gzclose(gz) == Z_OK;
    gz = nullptr;
#endif
    if (plain) ok = std::fclose(plain) == 0 && ok;
    plain = nullptr;
    return ok;
  }
};

SeriesWriter::SeriesWriter(const std::string& path, SeriesColumns columns, double stepDays)
    : sink_(std::make_unique<Sink>()),
      columns_(std::move(columns)),
      row_(columns_.width()),
      stepDays_(stepDays),
      path_(path),
      tmp_(path + ".tmp." + std::to_string(::getpid())) {
  const bool gzip = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (gzip) {
#ifdef MUTUALAB_WITH_ZLIB
    // Level 1: most of the saving (30 MB of series to 13 MB) at a fifth of level 6's CPU time.
    sink_->gz = gzopen(tmp_.c_str(), "wb1");
    if (!sink_->gz) throw std::runtime_error("cannot write '" + path + "'");
#else
    throw std::runtime_error("cannot write '" + path + "': gzip output is not available in this build");
#endif
  } else {
    sink_->plain = std::fopen(tmp_.c_str(), "wb");
    if (!sink_->plain) throw std::runtime_error("cannot write '" + path + "'");
  }
  buf_ = "replication,step,day";
  for (const auto& c : columns_.names()) buf_ += ',' + c;
  buf_ += '\n';
}

SeriesWriter::SeriesWriter(const std::string& path, const ScenarioDef& def)
    : SeriesWriter(path, seriesColumnsOf(def), def.sim.stepDays) {}

SeriesWriter::~SeriesWriter() {
  if (tmp_.empty()) return;  // closed
  sink_->close();
  std::error_code ignored;
  std::filesystem::remove(tmp_, ignored);
}

void SeriesWriter::appendRow(long long replication, long long step, double day, const double* values) {
  buf_ += std::to_string(replication);
  buf_ += ',';
  buf_ += std::to_string(step);
  buf_ += ',';
  appendShortest(buf_, day);
  for (std::size_t c = 0; c < row_.size(); ++c) {
    buf_ += ',';
    appendShortest(buf_, values[c]);
  }
  buf_ += '\n';
}

void SeriesWriter::flush() {
  if (!sink_->write(buf_)) throw SeriesWriteError("cannot write '" + path_ + "' (disk full?)");
  buf_.clear();
}

void SeriesWriter::add(int replication, const std::vector<double>& series) {
  const size_t rows = series.size() / row_.size();
  for (size_t t = 0; t < rows; ++t) {
    columns_.row(series.data(), rows, t, row_.data());
    appendRow(replication, static_cast<long long>(t), static_cast<double>(t) * stepDays_, row_.data());
  }
  flush();  // per replication: memory holds one replication's text
}

void SeriesWriter::addRows(const double* rows, std::size_t count) {
  const std::size_t width = row_.size() + 3;
  for (std::size_t i = 0; i < count; ++i) {
    const double* r = rows + i * width;
    appendRow(static_cast<long long>(r[0]), static_cast<long long>(r[1]), r[2], r + 3);
    if (buf_.size() > (1u << 20)) flush();
  }
}

void SeriesWriter::close() {
  if (!buf_.empty()) flush();
  if (!sink_->close()) throw SeriesWriteError("cannot write '" + path_ + "' (disk full?)");
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw std::runtime_error("cannot write '" + path_ + "': " + ec.message());
  tmp_.clear();
}

std::string cellSeriesName(int cell, bool gzip) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "cell-%05d.csv%s", cell, gzip ? ".gz" : "");
  return buf;
}

namespace {
bool allDigits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }
// "cell-00012.csv" or "cell-00012.csv.gz"
bool isCellSeries(const std::string& n) {
  const size_t dot = n.find(".csv");
  if (n.rfind("cell-", 0) != 0 || dot == std::string::npos || !allDigits(n.substr(5, dot - 5))) return false;
  const std::string tail = n.substr(dot);
  return tail == ".csv" || tail == ".csv.gz";
}
}  // namespace

namespace {
// Removes the cell series temporaries in dir, and its cell series files unless resuming.
void removeCellSeries(const std::string& dir, bool resume) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    const size_t tmp = n.find(".tmp.");
    const bool temporary = tmp != std::string::npos && isCellSeries(n.substr(0, tmp)) && allDigits(n.substr(tmp + 5));
    std::error_code e2;
    if (temporary || (!resume && isCellSeries(n))) fs::remove(it->path(), e2);
  }
}
}  // namespace

void prepareSeriesDir(const std::string& dir, bool resume) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create '" + dir + "': " + ec.message());
  removeCellSeries(dir, resume);
}

void clearSeriesDir(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  removeCellSeries(dir, false);
  std::filesystem::remove(dir, ec);  // only if empty: a file of the user's keeps it
}

bool cellSeriesExists(const std::string& dir, int cell) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(dir) / cellSeriesName(cell, false), ec) ||
         std::filesystem::exists(std::filesystem::path(dir) / cellSeriesName(cell, true), ec);
}

}  // namespace mutualab
