using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ShopWeb.Payments.Test;

/// <summary>
/// Stripe's documented webhook signature, which the Test provider uses for its own events so that they take the
/// same path as Stripe's: header <c>t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, "t.body"))</c>, refused past 5 minutes.
/// (Stripe's own events are checked by Stripe.net's EventUtility in the Stripe adapter.)
/// </summary>
public static class TestSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hex(secret, t, body)}";
    }

    /// <exception cref="PaymentSignatureException">No, a bad or a stale signature.</exception>
    public static void Verify(string body, string? header, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header))
        {
            throw new PaymentSignatureException("The event carries no signature.");
        }

        var parts = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var t = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new PaymentSignatureException("The signature has no timestamp.");
        }

        var expected = Encoding.ASCII.GetBytes(Hex(secret, t, body));
        if (!parts.Any(p => p[0] == "v1" && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(p[1]), expected)))
        {
            throw new PaymentSignatureException("The signature does not match the event.");
        }

        // Compared in seconds: a signed time past DateTimeOffset's range ("t=99999999999999") is merely not recent.
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)Tolerance.TotalSeconds)
        {
            throw new PaymentSignatureException("The signature is older than 5 minutes.");
        }
    }

    private static string Hex(string secret, string t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
}
