// Runs the built mutualab binary the way a user would, for CLI tests.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace mutualab::testing {

struct CliResult {
  int code = -1;
  std::string output;  // stdout and stderr together
};

// `prefix` runs first in the same shell ("cd DIR &&", "ulimit -v N;").
inline CliResult cli(const std::string& args, const std::string& prefix = "") {
  const std::string cmd = prefix + " " + std::string(MUTUALAB_CLI_PATH) + " " + args + " 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The first line of `text` that starts with `start` ("" if none).
inline std::string lineStarting(const std::string& text, const std::string& start) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(start, 0) == 0) return line;
  return "";
}

}  // namespace mutualab::testing
