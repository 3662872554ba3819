// SHA-256 block compression with the x86-64 SHA extensions (SHA-NI), and the round constants,
// which the Swift implementation in NianbaoCore (the reference and the fallback) reads too. The
// instructions only speed up hashing of whole blocks on processors that have them, chosen at run
// time (CPUID), so the binary still runs everywhere. The code follows the instruction set's
// documented use: SHA256RNDS2 does two rounds on the state held as ABEF/CDGH, SHA256MSG1/MSG2 extend
// the message schedule four words at a time.
#include "CSHA256.h"

static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *nianbao_sha256_round_constants(void) { return round_constants; }

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int nianbao_sha256_hardware_available(void) {
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known >= 0) return known;
    unsigned int eax, ebx, ecx, edx;
    int available = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        int sse41 = (ecx >> 19) & 1;
        int ssse3 = (ecx >> 9) & 1;
        if (sse41 && ssse3 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) available = (ebx >> 29) & 1;
    }
    __atomic_store_n(&cached, available, __ATOMIC_RELAXED);
    return available;
}

__attribute__((target("sha,sse4.1,ssse3")))
void nianbao_sha256_hardware_compress(uint32_t state[8], const uint8_t *blocks, size_t count) {
    // Big-endian words from little-endian loads.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    // The state as the instructions want it: ABEF and CDGH.
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (size_t block = 0; block < count; block++) {
        const uint8_t *data = blocks + block * 64;
        const __m128i abef_before = abef;
        const __m128i cdgh_before = cdgh;
        __m128i words[4];
        for (int group = 0; group < 16; group++) {
            __m128i w;
            if (group < 4) {
                w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + group * 16)), byte_swap);
            } else {
                // W[t..t+3] from W[t-16..t-1]: σ0 terms, then W[t-7..t-4], then σ1 terms.
                __m128i oldest = words[group & 3];          // W[t-16..t-13]
                __m128i older = words[(group + 1) & 3];     // W[t-12..t-9]
                __m128i newer = words[(group + 2) & 3];     // W[t-8..t-5]
                __m128i newest = words[(group + 3) & 3];    // W[t-4..t-1]
                w = _mm_sha256msg1_epu32(oldest, older);
                w = _mm_add_epi32(w, _mm_alignr_epi8(newest, newer, 4));
                w = _mm_sha256msg2_epu32(w, newest);
            }
            words[group & 3] = w;
            __m128i wk = _mm_add_epi32(w, _mm_load_si128((const __m128i *)&round_constants[group * 4]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            wk = _mm_shuffle_epi32(wk, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }

    // Back to a…h order.
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int nianbao_sha256_hardware_available(void) { return 0; }

void nianbao_sha256_hardware_compress(uint32_t state[8], const uint8_t *blocks, size_t count) {
    (void)state;
    (void)blocks;
    (void)count;
}

#endif
