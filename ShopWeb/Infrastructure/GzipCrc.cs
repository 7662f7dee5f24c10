namespace ShopWeb.Infrastructure;

/// <summary>
/// gzip's CRC-32, and how it changes when bytes inside the data are replaced by as many others, without reading the
/// rest of the data: the CRC is affine, so the change is the CRC (from zero, no final inversion) of the bytes' xor,
/// shifted by the bytes after them, which is a multiplication by x^(8·after) modulo the polynomial (zlib's
/// crc32_combine). That keeps filling a hole in a compressed page as cheap as the hole is small.
/// </summary>
internal static class GzipCrc
{
    private const uint Polynomial = 0xEDB88320; // reflected, as gzip uses it

    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    // x^(2^k) modulo the polynomial, for k = 0..63.
    private static readonly uint[] PowersOfX = PowersOfTwoExponents();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>The CRC of the data once <paramref name="before"/> is replaced by <paramref name="now"/> (as long),
    /// with <paramref name="after"/> bytes following them.</summary>
    public static uint Replace(uint crc, ReadOnlySpan<byte> before, ReadOnlySpan<byte> now, long after)
    {
        var change = Update(0, before) ^ Update(0, now);
        return change == 0 ? crc : crc ^ Multiply(XPower8N(after), change);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    // Polynomials over GF(2), reflected: the top bit is x^0. a must not be zero.
    private static uint Multiply(uint a, uint b)
    {
        uint m = 1u << 31, product = 0;
        while (true)
        {
            if ((a & m) != 0)
            {
                product ^= b;
                if ((a & (m - 1)) == 0)
                {
                    return product;
                }
            }

            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
    }

    // x^(8n) modulo the polynomial: n zero bytes appended.
    private static uint XPower8N(long n)
    {
        var p = 1u << 31; // x^0
        for (var k = 3; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
            {
                p = Multiply(PowersOfX[k], p);
            }
        }

        return p;
    }

    private static uint[] PowersOfTwoExponents()
    {
        var powers = new uint[64];
        var p = 1u << 30; // x^1
        for (var k = 0; k < powers.Length; k++)
        {
            powers[k] = p;
            p = Multiply(p, p);
        }

        return powers;
    }
}
