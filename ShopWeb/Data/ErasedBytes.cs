using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Data;

/// <summary>
/// What a shopper erased leaves no bytes in a copy of the store's files. On SQLite, secure_delete zeroes a deleted
/// row in the page's new image, but in WAL mode that image first goes to the log, and the file keeps the old one (the
/// row whole) until a checkpoint, while older frames of the log hold it too. So after an erasure commits it asks for
/// (<see cref="Requested"/>), and this job folds the log into the file and empties it (a TRUNCATE checkpoint), on a
/// connection of its own. A checkpoint waiting for readers holds up every writer meanwhile, so it waits at most
/// <see cref="WaitMilliseconds"/> and tries again a second later until it completes: within moments on a shop whose
/// reads are brief, never by holding up a checkout. PostgreSQL's deleted rows leave its files at the next (auto)vacuum.
/// </summary>
public sealed class ErasedBytes(IServiceScopeFactory scopes, ILogger<ErasedBytes> logger) : BackgroundService
{
    public const int WaitMilliseconds = 100;

    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    private const int Attempts = 60;

    private readonly SemaphoreSlim requests = new(0, 1);

    /// <summary>An erasure has committed: its bytes are to leave the files.</summary>
    public void Requested()
    {
        try
        {
            requests.Release();
        }
        catch (SemaphoreFullException)
        {
            // One is already asked for; it covers this erasure too, since it folds in whatever the log holds when it runs.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await requests.WaitAsync(stoppingToken);
                var done = await CheckpointedAsync(stoppingToken);
                for (var attempt = 1; !done && attempt < Attempts; attempt++)
                {
                    await Task.Delay(Retry, stoppingToken);
                    done = await CheckpointedAsync(stoppingToken);
                }

                if (!done)
                {
                    logger.LogWarning("The store's log could not be emptied after an erasure in {Attempts} tries: readers kept it busy. The next erasure, or SQLite's own checkpoint, will.", Attempts);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The shop is stopping.
        }
    }

    private async Task<bool> CheckpointedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        if (!db.Database.IsSqlite())
        {
            return true;
        }

        try
        {
            // Not from the pool: the short wait must not stay with a connection that pages then use.
            var settings = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
            await using var connection = new SqliteConnection(settings.ToString());
            await connection.OpenAsync(cancellationToken);
            await using (var wait = connection.CreateCommand())
            {
                wait.CommandText = $"PRAGMA busy_timeout = {WaitMilliseconds};";
                await wait.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var result = await checkpoint.ExecuteReaderAsync(cancellationToken);
            return await result.ReadAsync(cancellationToken) && result.GetInt64(0) == 0; // 0: not blocked, the log is empty
        }
        catch (SqliteException ex)
        {
            logger.LogWarning("The store's log could not be emptied after an erasure: {Error}", ex.Message);
            return false;
        }
    }
}
