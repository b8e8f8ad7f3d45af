#include "experiments/atomic_file.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace mutualab {

void writeAtomically(const std::filesystem::path& p, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path tmp = p.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary);
    f << text;
    f.close();
    if (!f) throw std::runtime_error("cannot write '" + tmp.string() + "'");
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) throw std::runtime_error("cannot move '" + tmp.string() + "' to '" + p.string() + "': " + ec.message());
}

std::string cellFile(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "cell-%05d.json", index);
  return buf;
}

}  // namespace mutualab
