// SHA-256 of revision files. nettle, not OpenSSL: its start-up costs 0.1 ms, OpenSSL 3's
// provider loading about 2.4 ms (SPEC §9), and `dbm current` must stay under 2 ms.
#pragma once

#include <string>
#include <string_view>

namespace dbm {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace dbm
