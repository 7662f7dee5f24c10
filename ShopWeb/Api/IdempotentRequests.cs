using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Api;

/// <summary>
/// <c>Idempotency-Key</c> for the API's unsafe requests, in the store (<see cref="IdempotencyRecord"/>): the first
/// request with a key claims it, a retry of the same request gets the first answer again, the key with another
/// request is refused, and a retry while the first is still running is told so. Only a success is kept to replay:
/// after a failure (sold out, an empty cart) the key is free again, so the app can fix the cart and retry.
/// </summary>
public sealed class IdempotentRequests(ShopDbContext db, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    /// <summary>The caller a signed-in account's keys are kept under (a guest cart's is its key's hash).</summary>
    public static string AccountCaller(string userId) => "user:" + userId;

    /// <summary>How long a key is remembered; after that it starts afresh.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(24);

    /// <summary>A first request still unanswered after this long died with its instance: a retry takes the key over.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    /// <summary>Why a key cannot be used, or null when it can: printable ASCII, 1 to 100 characters.</summary>
    public static string? Invalid(string? key) =>
        string.IsNullOrWhiteSpace(key) ? "Send an Idempotency-Key header: a value of your own, such as a new UUID, for each new order, the same for a retry."
        : key.Length > MaxKeyLength || key.Any(c => c is < ' ' or > '~') ? $"Use an Idempotency-Key of at most {MaxKeyLength} printable ASCII characters."
        : null;

    /// <summary>Metadata of an operation that takes the key but goes without one too (a retry without one is harmless there).</summary>
    public sealed class OptionalKey;

    public static string Fingerprint<T>(T request, JsonSerializerOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, options)));

    public async Task<IdempotencyStart> BeginAsync(string caller, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            db.ChangeTracker.Clear();
            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
            if (existing is not null)
            {
                if (existing.StartedAt < now - Kept)
                {
                    // Forgotten: the key starts afresh (a new record, so a new operation key too).
                    await db.IdempotencyRecords.Where(r => r.Id == existing.Id).ExecuteDeleteAsync(cancellationToken);
                    continue;
                }

                if (existing.Fingerprint != fingerprint)
                {
                    return new IdempotencyStart.KeyReused();
                }

                if (existing.StatusCode is { } status)
                {
                    return new IdempotencyStart.Answered(status, existing.ResponseBody ?? "", existing.Location);
                }

                if (existing.StartedAt > now - Abandoned)
                {
                    return new IdempotencyStart.InProgress();
                }

                var taken = await db.IdempotencyRecords.Where(r => r.Id == existing.Id && r.StatusCode == null && r.Attempt == existing.Attempt)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.Attempt, existing.Attempt + 1).SetProperty(r => r.StartedAt, now), cancellationToken);
                if (taken == 1)
                {
                    return new IdempotencyStart.Started(existing.Id, OperationKey(caller, key, existing.Id));
                }

                continue;
            }

            var record = new IdempotencyRecord { Caller = caller, Key = key, Fingerprint = fingerprint, StartedAt = now };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyStart.Started(record.Id, OperationKey(caller, key, record.Id));
            }
            catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
            {
                // Another request with the same key claimed it a moment earlier: look again.
            }
        }

        return new IdempotencyStart.InProgress();
    }

    /// <summary>Keeps the answer for the retries, and forgets the keys older than <see cref="Kept"/>.</summary>
    public async Task CompleteAsync(long id, int statusCode, string body, string? location)
    {
        await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ResponseBody, body).SetProperty(r => r.Location, location), CancellationToken.None);

        // Here rather than when a key is claimed: a retry answered 409 while the first request holds the store's
        // write lock (SQLite) must not wait for it.
        var forgotten = clock.GetUtcNow() - Kept;
        await db.IdempotencyRecords.Where(r => r.StartedAt < forgotten).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>Frees the key after a failure, so that the same key may be tried again.</summary>
    public Task ReleaseAsync(long id) => db.IdempotencyRecords.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>
    /// Hands the key over to the next retry at once, after a failure that came once the operation had taken effect
    /// (an order placed, then the app gone or the store failing before the answer was kept): the retry takes the record
    /// over as it would an abandoned one, with the same operation key, and so finds what the first request did.
    /// Releasing it instead would give the retry a new operation key, and a second order or none.
    /// </summary>
    public Task HandOverAsync(long id)
    {
        var abandoned = clock.GetUtcNow() - Abandoned - TimeSpan.FromSeconds(1);
        return db.IdempotencyRecords.Where(r => r.Id == id && r.StatusCode == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.StartedAt, abandoned), CancellationToken.None);
    }

    // What the operation itself is keyed by (an order's idempotency key): the same for a retry that takes over an
    // abandoned first request, which then finds the order that request placed, if it placed one.
    private static string OperationKey(string caller, string key, long id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"api\n{caller}\n{key}\n{id}")));
}

public abstract record IdempotencyStart
{
    /// <param name="OperationKey">64 hex characters, for the operation's own idempotency (an order's key).</param>
    public sealed record Started(long Id, string OperationKey) : IdempotencyStart;

    public sealed record Answered(int StatusCode, string Body, string? Location) : IdempotencyStart;

    public sealed record KeyReused : IdempotencyStart;

    public sealed record InProgress : IdempotencyStart;
}
