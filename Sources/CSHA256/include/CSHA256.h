#ifndef NIANBAO_CSHA256_H
#define NIANBAO_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// The 64 round constants of FIPS 180-4, shared with the Swift implementation.
const uint32_t *nianbao_sha256_round_constants(void);

/// Whether this processor has the SHA extensions (x86-64 SHA-NI with SSE4.1), checked once.
int nianbao_sha256_hardware_available(void);

/// Compresses `count` 64-byte blocks into `state` (eight words, a…h) with the SHA extensions.
/// Call only when nianbao_sha256_hardware_available() returned 1.
void nianbao_sha256_hardware_compress(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
