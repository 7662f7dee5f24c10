using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Infrastructure;

namespace ShopWeb.Data;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE</c>, run in place of the shop with the shop's own configuration (settings,
/// environment variables, and the arguments after FILE). Each prints one line: what it did, or the one problem that
/// stopped it, with exit code 1 (2 for a mistake in the command itself).
/// </summary>
internal static class StoreCommands
{
    /// <summary>The files SQLite keeps beside a database while it is in use.</summary>
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    public static bool Handles(string[] args) => args is ["backup" or "restore", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args[0];
        var failure = verb == "backup" ? "ShopWeb cannot back up" : "ShopWeb cannot restore";
        if (args is not [_, var file, ..] || file.StartsWith('-'))
        {
            Console.Error.WriteLine($"{failure}: name the file, as in 'dotnet ShopWeb.dll {verb} backups/shop.db'.");
            return 2;
        }

        if (ShopCommandLine.NotASetting(args[2..]) is { } stray)
        {
            Console.Error.WriteLine($"{failure}: {stray}");
            return 2;
        }

        try
        {
            var store = StoreOf(args[2..]);
            Console.WriteLine(verb == "backup" ? await BackupAsync(store, Path.GetFullPath(file)) : await RestoreAsync(store, Path.GetFullPath(file)));
            return 0;
        }
        catch (Exception ex) when (ex is StoreCommandException or IOException or UnauthorizedAccessException or SqliteException or ArgumentException)
        {
            Console.Error.WriteLine($"{failure}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    /// <summary>The store exactly as the shop would find it: same configuration sources, same content root.</summary>
    private static ShopStore StoreOf(string[] settings)
    {
        var builder = ShopHost.CreateBuilder(settings);
        builder.AddShopOptions();
        using var services = builder.Services.BuildServiceProvider();
        try
        {
            var store = new ShopStore(services.GetRequiredService<IOptions<DatabaseOptions>>(), builder.Environment);
            return store switch
            {
                { IsPostgres: true } => throw new StoreCommandException(
                    "the store is PostgreSQL, which backs up and restores with its own tools: pg_dump and pg_restore (see README)."),
                { IsFile: false } => throw new StoreCommandException($"{DatabaseOptions.ConnectionStringKey} names no file: an in-memory store has nothing to copy."),
                _ => store,
            };
        }
        catch (OptionsValidationException ex)
        {
            throw new StoreCommandException(string.Join(" ", ex.Failures));
        }
        catch (InvalidOperationException ex)
        {
            throw new StoreCommandException(ex.Message);
        }
    }

    private static async Task<string> BackupAsync(ShopStore store, string target)
    {
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new StoreCommandException($"{target} already exists; a backup never overwrites a file, so choose a new name.");
        }

        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
        {
            throw new StoreCommandException($"the folder {folder} does not exist.");
        }

        if (!File.Exists(store.DataSource))
        {
            throw new StoreCommandException($"there is no store at {store.DataSource}.");
        }

        using var reading = StoreLock.TryShare(store.DataSource) ?? throw new StoreCommandException($"a restore of {store.DataSource} is running.");
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            StoreFile.CreateOwnerOnly(partial); // the copy holds what the store holds
            await using (var live = StoreFile.Open(store.DataSource, SqliteOpenMode.ReadWrite, store.ConnectionString))
            await using (var copy = StoreFile.Open(partial, SqliteOpenMode.ReadWriteCreate, store.ConnectionString))
            {
                await live.OpenAsync();
                await using (var wait = live.CreateCommand())
                {
                    wait.CommandText = $"PRAGMA busy_timeout = {SqliteConnectionSetup.BusyTimeoutMilliseconds}";
                    await wait.ExecuteNonQueryAsync();
                }

                // SQLite's online backup, in one step: one read transaction, so one consistent snapshot, and in WAL
                // mode the shop goes on committing orders meanwhile.
                live.BackupDatabase(copy);
            }

            var checkedCopy = await StoreFile.CheckCopyAsync(partial, $"the copy of {store.DataSource}");
            File.Move(partial, target); // fails rather than overwrite a file made meanwhile
            return $"Backed up {store.DataSource} to {target}: {Describe(checkedCopy)}.";
        }
        finally
        {
            DeleteWithCompanions(partial);
        }
    }

    private static async Task<string> RestoreAsync(ShopStore store, string source)
    {
        if (!File.Exists(source))
        {
            throw new StoreCommandException($"there is no file {source}.");
        }

        if (string.Equals(source, store.DataSource, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            throw new StoreCommandException($"{source} is the store itself.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(store.DataSource)!);
        using var alone = StoreLock.TryTakeAlone(store.DataSource)
            ?? throw new StoreCommandException($"the shop is running on {store.DataSource} (or a backup of it is): stop the shop first.");

        // Checked as a copy beside the store: the operator's file stays as it was, and the last step is a rename.
        var staging = $"{store.DataSource}.{Guid.NewGuid():N}.restoring";
        try
        {
            File.Copy(source, staging);
            if (File.Exists(source + "-wal"))
            {
                // A store copied while open may hold its latest commits in its log; SQLite reads the two as one.
                File.Copy(source + "-wal", staging + "-wal");
            }

            var copy = await StoreFile.CheckCopyAsync(staging, source);
            if (copy.Unknown.Count > 0)
            {
                throw new StoreCommandException(
                    $"{source} comes from a newer ShopWeb or another app: this version does not know its migration {copy.Unknown[0]}.");
            }

            var kept = await SetAsideAsync(store.DataSource);
            File.Move(staging, store.DataSource);
            var pending = copy.Pending.Count == 0 ? "" : $"; the shop applies its {copy.Pending.Count} newer migration(s) at its next start";
            var before = kept is null ? "there was no store before" : $"the previous store is kept as {kept}";
            return $"Restored {source} to {store.DataSource}: {Describe(copy)}; {before}{pending}.";
        }
        finally
        {
            DeleteWithCompanions(staging);
        }
    }

    /// <summary>
    /// Keeps the current store beside it under a dated name. Its write-ahead log is folded in first; when that
    /// cannot be done (a damaged store), the <c>-wal</c> and <c>-shm</c> move with it. Either way none is left
    /// behind, where SQLite would apply it to the restored file.
    /// </summary>
    private static async Task<string?> SetAsideAsync(string dataSource)
    {
        if (!File.Exists(dataSource))
        {
            return null;
        }

        try
        {
            await StoreFile.MakeSelfContainedAsync(dataSource);
        }
        catch (SqliteException)
        {
            // Kept as it is, with its companions.
        }

        var stamp = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var kept = $"{dataSource}.before-restore-{stamp}";
        for (var n = 2; File.Exists(kept); n++)
        {
            kept = $"{dataSource}.before-restore-{stamp}-{n}";
        }

        foreach (var companion in Companions)
        {
            if (File.Exists(dataSource + companion))
            {
                File.Move(dataSource + companion, kept + companion);
            }
        }

        File.Move(dataSource, kept);
        return kept;
    }

    private static void DeleteWithCompanions(string path)
    {
        foreach (var file in Companions.Select(c => path + c).Prepend(path))
        {
            File.Delete(file);
        }
    }

    private static string Describe(StoreFile copy) =>
        string.Create(CultureInfo.InvariantCulture, $"{copy.Bytes:N0} bytes, integrity ok, {copy.Applied.Count} migration(s) up to {copy.Applied[^1]}");
}

/// <summary>A problem that stops <c>backup</c> or <c>restore</c>, told to the operator in one line.</summary>
internal sealed class StoreCommandException(string message) : Exception(message);
