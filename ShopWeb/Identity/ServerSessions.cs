using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// Keeps sign-in sessions on the server (the cookie holds only a session id). Every request reads its session
/// from a memory cache, filled from the store on a miss; every way of ending a session goes through here and
/// drops it from the cache too, so an ended session is refused at its very next request.
/// </summary>
public sealed class ServerSessions(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock) : ITicketStore
{
    /// <summary>The claim that tells a page which session it is running in.</summary>
    public const string SessionIdClaim = "shopweb:session";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        ticket.Principal.Identities.First().AddClaim(new Claim(SessionIdClaim, id));
        var now = clock.GetUtcNow();
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A session needs a signed-in user.");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        db.UserSessions.Add(new UserSession
        {
            Id = id,
            UserId = userId,
            Ticket = TicketSerializer.Default.Serialize(ticket),
            IsPersistent = ticket.Properties.IsPersistent,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc ?? now.AddDays(14),
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString(), 512),
            IpAddress = httpContext?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);

        // Sessions past their end are of no use to anyone; sweep this user's while we are here.
        await db.UserSessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        Cache(id, ticket);
        return id;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(key), out AuthenticationTicket? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = clock.GetUtcNow();
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key && s.ExpiresAt > now, cancellationToken);
        if (session is null || TicketSerializer.Default.Deserialize(session.Ticket) is not { } ticket)
        {
            return null;
        }

        Cache(key, ticket);
        return ticket;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = clock.GetUtcNow();
        var serialized = TicketSerializer.Default.Serialize(ticket);
        var expires = ticket.Properties.ExpiresUtc ?? now.AddDays(14);
        var updated = await db.UserSessions.Where(s => s.Id == key).ExecuteUpdateAsync(
            set => set.SetProperty(s => s.Ticket, serialized).SetProperty(s => s.ExpiresAt, expires).SetProperty(s => s.LastSeenAt, now),
            cancellationToken);
        if (updated == 1)
        {
            Cache(key, ticket);
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
        cache.Remove(CacheKey(key));
    }

    /// <summary>Ends every session of the user but <paramref name="keepSessionId"/> (none when null).</summary>
    public async Task EndSessionsAsync(string userId, string? keepSessionId = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        Forget(await DeleteSessionsAsync(scope.ServiceProvider.GetRequiredService<ShopDbContext>(), userId, keepSessionId, cancellationToken));
    }

    /// <summary>
    /// Deletes the user's sessions but <paramref name="keepSessionId"/> through the caller's context, so they end in
    /// the caller's transaction with the change that ends them; once that has committed, <see cref="Forget"/> the ids
    /// returned. Only the sessions read are deleted, so none is deleted without being forgotten.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DeleteSessionsAsync(
        ShopDbContext db, string userId, string? keepSessionId = null, CancellationToken cancellationToken = default)
    {
        var ending = await db.UserSessions.Where(s => s.UserId == userId && s.Id != keepSessionId).Select(s => s.Id).ToListAsync(cancellationToken);
        await db.UserSessions.Where(s => ending.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        return ending;
    }

    /// <summary>Drops deleted sessions from the cache, so their next request is signed out.</summary>
    public void Forget(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            cache.Remove(CacheKey(id));
        }
    }

    /// <summary>Ends one of the user's sessions; another user's session id finds nothing.</summary>
    public async Task<bool> EndSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var ended = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        cache.Remove(CacheKey(sessionId));
        return ended == 1;
    }

    public static string? CurrentSessionId(ClaimsPrincipal user) => user.FindFirstValue(SessionIdClaim);

    private void Cache(string key, AuthenticationTicket ticket)
    {
        // The cookie handler checks the ticket's own expiry; the cache only bounds how long an entry lingers.
        cache.Set(CacheKey(key), ticket, CacheLifetime);
    }

    private static string CacheKey(string sessionId) => "session:" + sessionId;

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
