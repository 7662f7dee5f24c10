using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace ShopWeb.Identity;

/// <summary>
/// The sign-in cookie's format, remembering for a minute what a cookie decrypted to: a shopper sends the same cookie
/// with every page view, and decrypting it each time (with the crypto handles data protection makes and the GC
/// finalizes) was the biggest part of a signed-in page's cost after the page itself. The cookie holds only the
/// session id (<see cref="ServerSessions"/>), so this changes no guarantee: the session is still looked up and
/// checked at every request, so a sign-out or a password change ends it at once, and the cookie handler still checks
/// the ticket's expiry and renews it. Keyed by the whole cookie value, compared exactly (a hash could be made to
/// collide with another shopper's cookie); a cookie that does not decrypt is never remembered. Each request gets a
/// copy, since the handler and the claims transformation may change the ticket it reads.
/// </summary>
internal sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>How long a decrypted cookie is remembered: the same bound as a session's copy in memory.</summary>
    public static readonly TimeSpan HeldFor = ServerSessions.HeldFor;

    /// <summary>How many cookies are remembered at most; past it, all are forgotten (and decrypted again when they come back).</summary>
    public const int MaxHeld = 10_000;

    // Longer than any cookie this shop sets is not worth remembering (nor letting a client fill memory with).
    private const int MaxCookieLength = 4096;

    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Until)> held = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (purpose is not null || protectedText is not { Length: > 0 and <= MaxCookieLength })
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = clock.GetUtcNow();
        if (held.TryGetValue(protectedText, out var known) && now < known.Until)
        {
            return ServerSessions.Copy(known.Ticket);
        }

        if (inner.Unprotect(protectedText) is not { } ticket)
        {
            return null;
        }

        if (held.Count >= MaxHeld)
        {
            held.Clear();
        }

        held[protectedText] = (ServerSessions.Copy(ticket), now + HeldFor);
        return ticket;
    }
}

internal static class CachedTicketFormatRegistration
{
    /// <summary>Wraps the sign-in cookie's format, once the cookie handler's own set-up has made it.</summary>
    public static void AddCachedTicketFormat(this IServiceCollection services) =>
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<TimeProvider>((options, clock) =>
            options.TicketDataFormat = new CachedTicketFormat(options.TicketDataFormat, clock));
}
