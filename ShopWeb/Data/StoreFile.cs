using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Data;

/// <summary>
/// A copy of the store, checked before it is trusted as a backup or put back by a restore: a SQLite file that
/// passes <c>PRAGMA integrity_check</c>, with the migration history of a ShopWeb store.
/// </summary>
/// <param name="Applied">Migrations recorded in the file, oldest first.</param>
/// <param name="Unknown">Recorded migrations this build does not have: a newer ShopWeb, or another app.</param>
/// <param name="Pending">This build's migrations the file does not have yet: an older ShopWeb.</param>
internal sealed record StoreFile(long Bytes, IReadOnlyList<string> Applied, IReadOnlyList<string> Unknown, IReadOnlyList<string> Pending)
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Makes <paramref name="copy"/> one self-contained file (rollback journal, so no <c>-wal</c> beside it holds part
    /// of it), then checks it. Problems name <paramref name="shownAs"/>, the file the operator knows.
    /// </summary>
    public static async Task<StoreFile> CheckCopyAsync(string copy, string shownAs, CancellationToken cancellationToken = default)
    {
        if (!await HasSqliteHeaderAsync(copy, cancellationToken))
        {
            throw new StoreCommandException($"{shownAs} is not a SQLite database, so it is not a ShopWeb store.");
        }

        try
        {
            await MakeSelfContainedAsync(copy, cancellationToken);
            return await InspectAsync(copy, shownAs, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // SQLITE_CORRUPT, SQLITE_NOTADB: a damaged file.
            throw new StoreCommandException($"{shownAs} is damaged ({ex.Message.TrimEnd('.')}).");
        }
    }

    /// <summary>Folds the write-ahead log into the file and turns WAL off; the shop turns it on again at its next connection.</summary>
    public static async Task MakeSelfContainedAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var connection = Open(path, SqliteOpenMode.ReadWrite);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {SqliteConnectionSetup.BusyTimeoutMilliseconds}; PRAGMA journal_mode = DELETE;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Creates an empty file only its owner may read or write, for SQLite to make a store in (an empty file is an empty
    /// database): a store holds password hashes and the keys that protect every cookie and emailed link, and SQLite
    /// gives its -wal and -shm files the permissions of the store's. A file that exists is left as it is, and a path
    /// that cannot be made (a folder there, no such folder) is left for SQLite to refuse with its own error, as before.
    /// </summary>
    public static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // a new file there inherits its folder's access list
        }

        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // there already (made meanwhile by another instance starting), or not for this to say
        }
    }

    /// <summary>A connection of its own (no pool keeps the file open afterwards) and none of the shop's pragmas.</summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode, string? connectionString = null) =>
        new(new SqliteConnectionStringBuilder(connectionString ?? "") { DataSource = path, Mode = mode, Pooling = false }.ToString());

    private static async Task<StoreFile> InspectAsync(string path, string shownAs, CancellationToken cancellationToken)
    {
        await using var connection = Open(path, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA integrity_check";
            var verdict = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (verdict != "ok")
            {
                throw new StoreCommandException($"{shownAs} fails SQLite's integrity check ({verdict}).");
            }
        }

        await using var db = new ShopDbContext(new DbContextOptionsBuilder<ShopDbContext>().UseSqlite(connection).Options);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList();
        if (applied.Count == 0)
        {
            throw new StoreCommandException($"{shownAs} is not a ShopWeb store: it has no migration history.");
        }

        var known = db.Database.GetMigrations().ToList();
        return new StoreFile(new FileInfo(path).Length, applied, applied.Except(known).ToList(), known.Except(applied).ToList());
    }

    private static async Task<bool> HasSqliteHeaderAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var start = new byte[Header.Length];
        return await file.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken) == start.Length
            && start.AsSpan().SequenceEqual(Header);
    }
}
