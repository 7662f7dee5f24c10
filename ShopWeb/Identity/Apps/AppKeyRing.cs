using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using ShopWeb.Api;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Identity.Apps;

/// <summary>A key of the app sign-in as read from the store: its use, when it was made, the key.</summary>
internal sealed record AppKeyVersion(string Use, DateTimeOffset CreatedAt, RsaSecurityKey Key);

/// <summary>
/// The app sign-in's signing and encryption keys, kept in the store so every instance and every restart uses the same
/// ones, and rotated on a schedule: each key signs (or encrypts) for <see cref="RotationPeriod"/>, then its successor
/// takes over and it is kept, for reading the tokens it protected, until they have all expired. A successor is stored
/// <see cref="Lead"/> before its turn, so every instance (each reads the store at least every
/// <see cref="CheckInterval"/> while it has app requests, and at once after a quiet spell) knows it before any token
/// carries it. A change of the key set rebuilds the sign-in server's and the token validation's options.
/// The first read is not on the start path: it starts beside the start (<see cref="StartAsync"/>), and until it is
/// done the server's options hold stand-ins that protect nothing (<see cref="StandIns"/>), since OpenIddict builds
/// them at the first request of any page. Every API and sign-in request waits for the read first.
/// </summary>
internal sealed class AppKeyRing(
    IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, AfterFirstResponse firstResponse, ILogger<AppKeyRing> logger)
    : IOptionsChangeTokenSource<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictValidationOptions>, IHostedService
{
    public static readonly TimeSpan RotationPeriod = TimeSpan.FromDays(90);

    public static readonly TimeSpan Lead = TimeSpan.FromDays(1);

    /// <summary>Longer than any token a key protected lives: a refresh token's 14 days (OpenIddict's default, which the shop keeps).</summary>
    public static readonly TimeSpan KeptAfterReplaced = TimeSpan.FromDays(15);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromHours(1);
    private const string LockKey = "apps:keys";

    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private Task firstRead = Task.CompletedTask;
    private CancellationTokenSource serverChanges = new();
    private CancellationTokenSource validationChanges = new();
    private IReadOnlyList<AppKeyVersion>? keys;

    /// <summary>
    /// UTC ticks before which the keys in hand are current. Written last, after the keys and the options' change: a
    /// caller that reads it outside the turn and goes on must find the keys it promises (before, the first API request
    /// could slip past the first read while it was still unprotecting the keys, and refuse a good token).
    /// </summary>
    private long nextCheckTicks;

    private bool IsDue => clock.GetUtcNow().UtcTicks >= Volatile.Read(ref nextCheckTicks);

    public string Name => Options.DefaultName;

    IChangeToken IOptionsChangeTokenSource<OpenIddictServerOptions>.GetChangeToken() => new CancellationChangeToken(serverChanges.Token);

    IChangeToken IOptionsChangeTokenSource<OpenIddictValidationOptions>.GetChangeToken() => new CancellationChangeToken(validationChanges.Token);

    /// <summary>
    /// The keys not retired, once read (<see cref="RefreshIfDueAsync"/>, which the API and the sign-in endpoints await
    /// before anything reads or makes a token); null before.
    /// </summary>
    public IReadOnlyList<AppKeyVersion>? Keys => keys;

    /// <summary>
    /// What the server's options hold while the first read is under way: OpenIddict wants keys to build them, and builds
    /// them at the first request of any page. Made in microseconds (an EC key, not RSA's tens of milliseconds) and never
    /// used: the read completes, and rebuilds the options, before an API or sign-in request reaches OpenIddict.
    /// </summary>
    public static (SigningCredentials Signing, EncryptingCredentials Encrypting) StandIns() => (
        new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)), SecurityAlgorithms.EcdsaSha256),
        new EncryptingCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));

    /// <summary>Keys made for this process alone, when the store cannot be read.</summary>
    private static IReadOnlyList<AppKeyVersion> ProcessOnlyKeys(DateTimeOffset now) =>
    [
        new(AppKey.SigningUse, now, ToKey(NewPrivateKey())),
        new(AppKey.EncryptionUse, now, ToKey(NewPrivateKey())),
    ];

    /// <summary>Starts the first read beside the start; a failure is logged by <see cref="RefreshIfDueAsync"/> itself.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        firstRead = Task.Run(async () =>
        {
            try
            {
                await firstResponse.WaitAsync(stopping.Token); // an API request reads them itself if it comes first
                await RefreshIfDueAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopped before the first request came: nothing needed the keys.
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The app sign-in keys could not be read at start; the first API or sign-in request tries again");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>A shop stopped within moments of its start ends the read it has not begun, and waits for one under way: no store access after the stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await firstRead.WaitAsync(cancellationToken);
    }

    /// <summary>The key that protects new tokens of a use: the newest whose turn has come (the first one at once).</summary>
    public static AppKeyVersion? Current(IReadOnlyList<AppKeyVersion> keys, string use, DateTimeOffset now)
    {
        var ofUse = keys.Where(k => k.Use == use).OrderBy(k => k.CreatedAt).ToList();
        return ofUse.LastOrDefault(k => k.CreatedAt + Lead <= now) ?? ofUse.FirstOrDefault();
    }

    public AppKeyVersion? Current(string use) => keys is { } read ? Current(read, use, clock.GetUtcNow()) : null;

    /// <summary>Reads the store again (and rotates or retires keys there when due) at most every <see cref="CheckInterval"/>.</summary>
    public async Task RefreshIfDueAsync()
    {
        if (!IsDue)
        {
            return;
        }

        await turn.WaitAsync();
        try
        {
            if (!IsDue)
            {
                return;
            }

            IReadOnlyList<AppKeyVersion> loaded;
            var next = clock.GetUtcNow() + CheckInterval;
            try
            {
                loaded = await LoadAsync();
            }
            catch (Exception ex) when (ex is DbException || ex.InnerException is DbException)
            {
                // The keys in hand go on serving; /health/ready says what is wrong with the store.
                logger.LogWarning(ex, "The app sign-in keys could not be read from the store; trying again in a minute");
                next = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
                if (keys is not null)
                {
                    Volatile.Write(ref nextCheckTicks, next.UtcTicks);
                    return;
                }

                // None in hand yet: the shop still serves apps, but no app token outlives this process.
                logger.LogError("The app sign-in keys cannot be read from the store; keys of this process alone are used");
                loaded = ProcessOnlyKeys(clock.GetUtcNow());
            }

            if (keys is null || !loaded.Select(k => k.Key.KeyId).Order().SequenceEqual(keys.Select(k => k.Key.KeyId).Order()))
            {
                keys = loaded;

                // The server's options first: the validation's are built from them. Each monitor takes the new token
                // as it is told, then builds its options again at their next use.
                var (server, validation) = (serverChanges, validationChanges);
                (serverChanges, validationChanges) = (new CancellationTokenSource(), new CancellationTokenSource());
                await server.CancelAsync();
                await validation.CancelAsync();
            }

            Volatile.Write(ref nextCheckTicks, next.UtcTicks);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Before the API and the sign-in endpoints: the keys are current before a token is read or made, and the apps of
    /// Api:Clients are in the store (both run beside the start, so the first of these requests may wait for them).
    /// </summary>
    public static IApplicationBuilder UseCurrentAppKeys(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ApiPaths.IsApi(context.Request.Path) || context.Request.Path.StartsWithSegments("/connect"))
        {
            context.RequestServices.GetRequiredService<AfterFirstResponse>().Open(); // the sync waits for it; this request cannot
            await context.RequestServices.GetRequiredService<AppClientSync>().Synced;
            await context.RequestServices.GetRequiredService<AppKeyRing>().RefreshIfDueAsync();
        }

        await next(context);
    });

    private async Task<IReadOnlyList<AppKeyVersion>> LoadAsync()
    {
        var protector = protection.CreateProtector("ShopWeb.Identity.Apps.AppKeys");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = clock.GetUtcNow();
        var stored = await db.AppKeys.AsNoTracking().ToListAsync();
        if (Due(stored, now).Any() || Retired(stored, now).Any())
        {
            // Made and encrypted before the transaction: the data-protection key ring may write to the store itself.
            var made = Due(stored, now).ToDictionary(use => use, _ => protector.Protect(NewPrivateKey()));
            await using var transaction = await StoreLocks.BeginAsync(db, LockKey);
            var present = await db.AppKeys.ToListAsync();

            // Another instance may have done it a moment ago: only what is still due is done.
            foreach (var use in Due(present, now))
            {
                var key = made.TryGetValue(use, out var protectedKey) ? protectedKey : protector.Protect(NewPrivateKey());
                db.AppKeys.Add(new AppKey { Id = $"{use}:{ToKey(protector.Unprotect(key)).KeyId}", ProtectedKey = key, CreatedAt = now });
            }

            db.AppKeys.RemoveRange(Retired(present, now));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            stored = await db.AppKeys.AsNoTracking().ToListAsync();
        }

        return stored.Select(k => new AppKeyVersion(AppKey.UseOf(k.Id), k.CreatedAt, ToKey(protector.Unprotect(k.ProtectedKey)))).ToList();
    }

    /// <summary>The uses that need a new key: none yet, or the newest one's turn ends within <see cref="Lead"/>.</summary>
    private static IEnumerable<string> Due(List<AppKey> stored, DateTimeOffset now) =>
        AppKey.Uses.Where(use => stored.Where(k => AppKey.UseOf(k.Id) == use).MaxBy(k => k.CreatedAt) is not { } newest
            || newest.CreatedAt + RotationPeriod - Lead <= now);

    /// <summary>Keys whose successor has been protecting new tokens for longer than any token of theirs lives.</summary>
    private static IEnumerable<AppKey> Retired(List<AppKey> stored, DateTimeOffset now) =>
        stored.Where(key => stored.Any(newer => AppKey.UseOf(newer.Id) == AppKey.UseOf(key.Id) && newer.CreatedAt > key.CreatedAt
            && newer.CreatedAt + Lead + KeptAfterReplaced <= now));

    private static string NewPrivateKey()
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
    }

    private static RsaSecurityKey ToKey(string pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(pkcs8), out _);

        // The same key id on every instance, so a client that caches the key set finds the key of any token.
        var id = WebEncoders.Base64UrlEncode(SHA256.HashData(rsa.ExportParameters(false).Modulus!))[..16];
        return new RsaSecurityKey(rsa) { KeyId = id };
    }
}
