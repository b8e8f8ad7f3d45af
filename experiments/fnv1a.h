// FNV-1a 64: the content hash results cite (a sweep spec in its cell files, a
// price data file in a resolved scenario). Not cryptographic; it names
// content, it does not guard it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace mutualab {

// 16 lowercase hex digits of FNV-1a 64 over `bytes`.
inline std::string fnv1a64Hex(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace mutualab
