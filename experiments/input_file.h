// Reading what a user names as input (a scenario file, a sweep or tournament
// spec): only a regular file, or "-" for standard input, and only up to
// kMaxInputBytes. So /dev/zero cannot grow memory without end, a FIFO cannot
// block a run, and a directory gets a message that says it is one.
#pragma once

#include <cstddef>
#include <string>

namespace mutualab {

// 16 MiB: the largest preset is ~3 KB and a 100-design tournament spec ~20 KB.
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

// Returns the file's bytes. Throws InputError(errorPath, ...) naming the file
// and what was wrong: missing, unreadable, a directory, not a regular file,
// or larger than kMaxInputBytes. `what` is the noun for messages ("scenario
// file"). "-" reads standard input when allowStdin.
std::string readInputFile(const std::string& path, const std::string& what, const std::string& errorPath,
                          bool allowStdin = true);

}  // namespace mutualab
