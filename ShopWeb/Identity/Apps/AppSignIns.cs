using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using ShopWeb.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Identity.Apps;

/// <summary>One app signed in on one device: which app, when it signed in, when it last got a token.</summary>
public sealed record AppSignIn(string Id, string AppName, DateTimeOffset FirstUse, DateTimeOffset LastUse);

/// <summary>
/// A shopper's app sign-ins, read and ended straight in OpenIddict's tables. Ending one marks the sign-in and every
/// token of it revoked; the API checks both at each request, so its access token is refused at its next call.
/// </summary>
public sealed class AppSignIns(ShopDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The sign-ins an app can still use: one whose tokens have all ended (the app signed out, its refresh token was
    /// reused, or it never came for its code) is no longer a device.
    /// </summary>
    public async Task<IReadOnlyList<AppSignIn>> OfAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
            .Where(a => a.Subject == userId && a.Status == Statuses.Valid && a.Tokens.Any(t => t.Status == Statuses.Valid
                && (t.Type == TokenTypeIdentifiers.RefreshToken || t.Type == TokenTypeIdentifiers.AccessToken) && t.ExpirationDate > now))
            .Select(a => new
            {
                a.Id,
                App = a.Application!.DisplayName ?? a.Application.ClientId,
                a.CreationDate,
                LastToken = a.Tokens.Max(t => t.CreationDate),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new AppSignIn(r.Id!, r.App ?? "An app", Utc(r.CreationDate), Utc(r.LastToken ?? r.CreationDate)))
            .OrderByDescending(s => s.FirstUse)
            .ToList();
    }

    /// <summary>Ends one of the shopper's app sign-ins; another shopper's finds nothing.</summary>
    public async Task<bool> EndAsync(string userId, string signInId, CancellationToken cancellationToken = default)
    {
        var ended = await RevokeAsync(Authorizations(db, userId).Where(a => a.Id == signInId), cancellationToken);
        await RevokeAsync(Tokens(db, userId).Where(t => t.Authorization!.Id == signInId), cancellationToken);
        return ended == 1;
    }

    /// <summary>
    /// Marks a refresh token or code spent if it still is valid (one conditional update); false: it was not. Its
    /// concurrency token stays, so OpenIddict's own redemption, which follows in the same request, saves its copy.
    /// </summary>
    public async Task<bool> SpendAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Id == tokenId && t.Status == Statuses.Valid)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, Statuses.Redeemed).SetProperty(t => t.RedemptionDate, now), cancellationToken) == 1;
    }

    /// <summary>
    /// Ends every app sign-in of the shopper, in the caller's transaction when it has one: <see cref="ServerSessions"/>
    /// calls this wherever it ends the shopper's browser sessions, so every way of signing out everywhere covers apps.
    /// </summary>
    public static async Task EndAllAsync(ShopDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        await RevokeAsync(Authorizations(db, userId), cancellationToken);
        await RevokeAsync(Tokens(db, userId), cancellationToken);
    }

    /// <summary>Deletes what the store holds of the shopper's app sign-ins, for an account being deleted.</summary>
    public static async Task EraseAllAsync(ShopDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId).ExecuteDeleteAsync(cancellationToken);
    }

    private static IQueryable<OpenIddictEntityFrameworkCoreAuthorization> Authorizations(ShopDbContext db, string userId) =>
        db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId && a.Status != Statuses.Revoked);

    private static IQueryable<OpenIddictEntityFrameworkCoreToken> Tokens(ShopDbContext db, string userId) =>
        db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId && t.Status != Statuses.Revoked);

    // A new concurrency token too, as OpenIddict's own updates do, so a copy read before this cannot be saved over it.
    private static Task<int> RevokeAsync(IQueryable<OpenIddictEntityFrameworkCoreAuthorization> authorizations, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString();
        return authorizations.ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, Statuses.Revoked).SetProperty(a => a.ConcurrencyToken, stamp), cancellationToken);
    }

    private static Task<int> RevokeAsync(IQueryable<OpenIddictEntityFrameworkCoreToken> tokens, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString();
        return tokens.ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, Statuses.Revoked).SetProperty(t => t.ConcurrencyToken, stamp), cancellationToken);
    }

    private static DateTimeOffset Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
}
