using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Scaling;

namespace ShopWeb.Identity;

/// <summary>
/// Keeps sign-in sessions on the server (the cookie holds only a session id). Every request reads its session
/// from this instance's memory (<see cref="HeldFor"/>), else from the distributed cache (this instance's memory, or
/// Redis shared by every instance), filled from the store on a miss. Every way of ending a session goes through here and leaves an "ended" mark in that cache, so an ended
/// session is refused at its very next request, on any instance (the instances' copies are dropped by message). A session lives at most
/// <see cref="AccountOptions.SessionMaxDays"/> from its sign-in, however often it is renewed, and a renewal never
/// changes whose session it is.
/// </summary>
public sealed class ServerSessions : ITicketStore, IDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly IDistributedCache cache;
    private readonly TimeProvider clock;
    private readonly IOptions<AccountOptions> options;
    private readonly IMemoryInvalidation memory;

    public ServerSessions(IServiceScopeFactory scopes, IDistributedCache cache, TimeProvider clock, IOptions<AccountOptions> options, IMemoryInvalidation memory)
    {
        (this.scopes, this.cache, this.clock, this.options, this.memory) = (scopes, cache, clock, options, memory);
        memory.OnSessionsEnded(Drop);
    }

    /// <summary>
    /// How long this instance keeps a session it read, as a ticket, so a signed-in request costs neither a read of the
    /// shared cache (a Redis round trip on a farm) nor a deserialisation. An ended session is dropped from every
    /// instance's copies at once (<see cref="IMemoryInvalidation.SessionsEndedEverywhereAsync"/>); this only bounds
    /// how long a copy outlives a lost message.
    /// </summary>
    public static readonly TimeSpan HeldFor = TimeSpan.FromMinutes(1);

    // Counted by sessions, at most this many held (past it the cache compacts itself).
    private const int MaxHeld = 100_000;

    private readonly MemoryCache held = new(new MemoryCacheOptions { SizeLimit = MaxHeld });
    private long endings;

    /// <summary>The claim that tells a page which session it is running in.</summary>
    public const string SessionIdClaim = "shopweb:session";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    // Outlives any cached copy a slower request could still write over it.
    private static readonly DistributedCacheEntryOptions EndedLifetime = new() { AbsoluteExpirationRelativeToNow = CacheLifetime * 2 };

    private static readonly DistributedCacheEntryOptions CachedLifetime = new() { AbsoluteExpirationRelativeToNow = CacheLifetime };

    private static readonly byte[] Ended = [0];

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        ticket.Principal.Identities.First().AddClaim(new Claim(SessionIdClaim, id));
        var now = clock.GetUtcNow();
        var expires = EndOf(ticket, now, now + MaxAge);
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
            ExpiresAt = expires,
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString(), 512),
            IpAddress = httpContext?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);

        // Sessions past their end are of no use to anyone; sweep this user's while we are here.
        await db.UserSessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        await CacheAsync(db, id, ticket, cancellationToken);
        return id;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (held.TryGetValue(key, out AuthenticationTicket? kept) && kept is not null)
        {
            return Copy(kept); // the request's own: the cookie handler may change its properties or principal
        }

        // Any session ending from here on may be this one: then what is read below is not held.
        var endingsSeen = Interlocked.Read(ref endings);
        var cached = await cache.GetAsync(CacheKey(key), cancellationToken);
        if (cached is not null)
        {
            if (cached.AsSpan().SequenceEqual(Ended) || TicketSerializer.Default.Deserialize(cached) is not { } fromCache)
            {
                return null;
            }

            Hold(key, fromCache, endingsSeen);
            return fromCache;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = clock.GetUtcNow();
        var startedAfter = now - MaxAge;
        var session = await db.UserSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == key && s.ExpiresAt > now && s.CreatedAt > startedAfter, cancellationToken);
        if (session is null || TicketSerializer.Default.Deserialize(session.Ticket) is not { } ticket)
        {
            return null;
        }

        return await CacheAsync(db, key, ticket, cancellationToken) ? ticket : null;
    }

    private void Hold(string key, AuthenticationTicket ticket, long endingsSeen)
    {
        held.Set(key, Copy(ticket), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = HeldFor, Size = 1 });
        if (Interlocked.Read(ref endings) != endingsSeen)
        {
            held.Remove(key); // a session ended meanwhile, maybe this one: read it again next time
        }
    }

    private void Drop(IReadOnlyCollection<string> sessionIds)
    {
        Interlocked.Increment(ref endings);
        foreach (var id in sessionIds)
        {
            held.Remove(id);
        }
    }

    /// <summary>A ticket of its own for a request: the cookie handler may change its properties or principal.</summary>
    internal static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    public void Dispose() => held.Dispose();

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    /// <summary>
    /// Renews the session only as the same user's: a ticket of another user (the cookie handler renews the request's
    /// session when a sign-in happens on it) or a session ended meanwhile changes nothing. Past its absolute end the
    /// session ends instead.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = clock.GetUtcNow();
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var mine = db.UserSessions.Where(s => s.Id == key && s.UserId == userId);
        if (await mine.Select(s => (DateTimeOffset?)s.CreatedAt).FirstOrDefaultAsync(cancellationToken) is not { } createdAt)
        {
            return;
        }

        if (createdAt + MaxAge <= now)
        {
            await mine.ExecuteDeleteAsync(cancellationToken);
            await ForgetAsync([key]);
            return;
        }

        // A refresh builds the principal anew, without the claim that names its session.
        var identity = ticket.Principal.Identities.First();
        if (identity.FindFirst(SessionIdClaim) is null)
        {
            identity.AddClaim(new Claim(SessionIdClaim, key));
        }

        var expires = EndOf(ticket, now, createdAt + MaxAge);
        var serialized = TicketSerializer.Default.Serialize(ticket);
        var updated = await mine.ExecuteUpdateAsync(
            set => set.SetProperty(s => s.Ticket, serialized).SetProperty(s => s.ExpiresAt, expires).SetProperty(s => s.LastSeenAt, now),
            cancellationToken);
        if (updated == 1)
        {
            held.Remove(key); // read renewed at the next request; other instances' copies lapse within HeldFor
            await CacheAsync(db, key, ticket, cancellationToken);
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
        await ForgetAsync([key]);
    }

    /// <summary>Ends every session of the user but <paramref name="keepSessionId"/> (none when null).</summary>
    public async Task EndSessionsAsync(string userId, string? keepSessionId = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await ForgetAsync(await DeleteSessionsAsync(scope.ServiceProvider.GetRequiredService<ShopDbContext>(), userId, keepSessionId, cancellationToken));
    }

    /// <summary>
    /// Deletes the user's sessions but <paramref name="keepSessionId"/> through the caller's context, so they end in
    /// the caller's transaction with the change that ends them; once that has committed, <see cref="ForgetAsync"/> the ids
    /// returned. Only the sessions read are deleted, so none is deleted without being forgotten. The user's app
    /// sign-ins end with them, all of them: the session kept is always a browser's.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DeleteSessionsAsync(
        ShopDbContext db, string userId, string? keepSessionId = null, CancellationToken cancellationToken = default)
    {
        var ending = await db.UserSessions.Where(s => s.UserId == userId && s.Id != keepSessionId).Select(s => s.Id).ToListAsync(cancellationToken);
        await db.UserSessions.Where(s => ending.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        await Apps.AppSignIns.EndAllAsync(db, userId, cancellationToken);
        return ending;
    }

    /// <summary>Marks deleted sessions ended in the cache, so their next request is signed out, on every instance.</summary>
    public async Task ForgetAsync(IEnumerable<string> sessionIds)
    {
        var ended = sessionIds.ToList();
        foreach (var id in ended)
        {
            // Not the request's token: the sessions are deleted, so the cache must follow even if the browser left.
            await cache.SetAsync(CacheKey(id), Ended, EndedLifetime, CancellationToken.None);
        }

        if (ended.Count > 0)
        {
            await memory.SessionsEndedEverywhereAsync(ended); // and every instance's copies in memory
        }
    }

    /// <summary>Ends one of the user's sessions; another user's session id finds nothing.</summary>
    public async Task<bool> EndSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var ended = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (ended == 1)
        {
            await ForgetAsync([sessionId]);
        }

        return ended == 1;
    }

    public static string? CurrentSessionId(ClaimsPrincipal user) => user.FindFirstValue(SessionIdClaim);

    /// <summary>
    /// Caches a session read from the store, unless it was ended meanwhile: a session ended between this request's
    /// read and its write to the cache is found gone by the second look, and its "ended" mark put back.
    /// </summary>
    /// <returns>False when the session turned out to be ended.</returns>
    private async Task<bool> CacheAsync(ShopDbContext db, string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        // The cookie handler checks the ticket's own expiry; the cache only bounds how long an entry lingers.
        await cache.SetAsync(CacheKey(key), TicketSerializer.Default.Serialize(ticket), CachedLifetime, cancellationToken);
        if (await db.UserSessions.AnyAsync(s => s.Id == key, cancellationToken))
        {
            return true;
        }

        await ForgetAsync([key]);
        return false;
    }

    private TimeSpan MaxAge => options.Value.SessionMaxAge;

    /// <summary>
    /// How long a sign-in without "Remember me" lasts unused. Its cookie ends with the browser, but a browser kept open
    /// (or a copied cookie) would otherwise keep it for the 14 days a remembered one slides by; renewed as it is used, like
    /// the other (ASVS 3.3.2: re-authentication after 12 hours).
    /// </summary>
    public static readonly TimeSpan BrowserSessionIdle = TimeSpan.FromHours(12);

    /// <summary>
    /// The ticket's sliding end, never past the session's absolute end, nor for a browser session past
    /// <see cref="BrowserSessionIdle"/> from now. Written into the ticket too, so a copy served from the cache expires
    /// on time as well.
    /// </summary>
    private static DateTimeOffset EndOf(AuthenticationTicket ticket, DateTimeOffset now, DateTimeOffset absoluteEnd)
    {
        var end = ticket.Properties.ExpiresUtc ?? now.AddDays(14);
        if (!ticket.Properties.IsPersistent && end > now + BrowserSessionIdle)
        {
            end = now + BrowserSessionIdle;
        }

        ticket.Properties.ExpiresUtc = end < absoluteEnd ? end : absoluteEnd;
        return ticket.Properties.ExpiresUtc.Value;
    }

    private static string CacheKey(string sessionId) => "session:" + sessionId;

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
