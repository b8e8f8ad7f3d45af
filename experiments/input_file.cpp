#include "experiments/input_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"

namespace mutualab {

namespace {

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }
// To a tenth, so a file just over the cap does not read as the cap itself.
std::string mibTenths(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1 << 20));
  return buf;
}

// Reads fd to its end, refusing more than kMaxInputBytes (read one byte past
// the cap to know). `name` is only for messages.
std::string readCapped(int fd, const std::string& name, const std::string& what, const std::string& errorPath) {
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError(errorPath, "cannot read " + what + " '" + name + "': " + std::strerror(errno));
    }
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > kMaxInputBytes)
      throw InputError(errorPath, what + " '" + name + "' is larger than " + mib(kMaxInputBytes) +
                                      ", the most mutualab reads (its inputs are a few KB)");
  }
  return text;
}

}  // namespace

std::string readInputFile(const std::string& path, const std::string& what, const std::string& errorPath,
                          bool allowStdin) {
  if (path == "-") {
    if (!allowStdin) throw InputError(errorPath, "'-' (standard input) is not allowed here; name a " + what);
    return readCapped(STDIN_FILENO, "standard input", what, errorPath);
  }
  if (path.empty()) throw InputError(errorPath, "empty " + what + " path");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the open file itself.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    throw InputError(errorPath, "cannot read " + what + " '" + path + "': " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw InputError(errorPath, "cannot read " + what + " '" + path + "': " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(errorPath, "'" + path + "' is a directory; give a file (the " + what + ")");
  if (!S_ISREG(st.st_mode))
    throw InputError(errorPath, "'" + path + "' is not a regular file (a device, FIFO or socket); give a " + what +
                                    (allowStdin ? ", or - to read standard input" : ""));
  if (static_cast<std::size_t>(st.st_size) > kMaxInputBytes)
    throw InputError(errorPath, what + " '" + path + "' is " + mibTenths(static_cast<double>(st.st_size)) + ", more than the " +
                                    mib(kMaxInputBytes) + " mutualab reads (its inputs are a few KB)");
  // Back to blocking reads: a regular file never blocks, but some file systems dislike O_NONBLOCK.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return readCapped(fd, path, what, errorPath);
}

}  // namespace mutualab
