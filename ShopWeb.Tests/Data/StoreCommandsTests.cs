using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary><c>dotnet ShopWeb.dll backup FILE</c> and <c>restore FILE</c>, run as an operator runs them, beside the real shop.</summary>
public sealed class StoreCommandsTests(StoreCommandsTests.FreshStore fresh) : IClassFixture<StoreCommandsTests.FreshStore>, IDisposable
{
    private const string BackupIsOfTheFile = "backup and restore copy the SQLite file; PostgreSQL is backed up with pg_dump.";

    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-backup-").FullName;
    private readonly int port = AppProcess.FreePort();

    private string Store => Path.Combine(folder, "shop.db");

    private Uri Address => new($"http://127.0.0.1:{port}/");

    [SqliteOnlyFact(BackupIsOfTheFile)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_store_its_write_ahead_log_and_a_backup_are_readable_by_their_owner_only()
    {
        // They hold password hashes and the keys that protect every cookie and emailed link.
        await using (var shop = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, port))
        {
            await shop.WaitUntilListeningAsync();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Store));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Store + "-wal"));
        }

        var backup = Path.Combine(folder, "owner-only.db");
        Assert.Equal(0, (await RunAsync("backup", backup)).ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
    }

    [SqliteOnlyFact(BackupIsOfTheFile)]
    public async Task A_backup_taken_while_orders_are_placed_holds_every_order_confirmed_before_it_and_restoring_it_brings_them_back()
    {
        var backup = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "backups")).FullName, "shop-backup.db");
        IReadOnlyList<ConfirmedOrder> confirmedBefore;
        int confirmedWhileBackingUp;
        (int ExitCode, string Output, string Errors) backingUp;
        await using (var shop = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, port))
        {
            await shop.WaitUntilListeningAsync();
            var slugs = await SqliteFile.QueryAsync(Store, """
                SELECT p.Slug FROM Products p JOIN ProductVariants v ON v.ProductId = p.Id
                WHERE p.IsPublished = 1 AND v.Stock >= 20 AND (SELECT COUNT(*) FROM ProductVariants o WHERE o.ProductId = p.Id) = 1
                """, r => r.GetString(0));
            await using var shoppers = GuestShoppers.Start(Address, slugs, count: 3);
            await UntilAsync(() => shoppers.Confirmed.Count >= 5);

            confirmedBefore = shoppers.Confirmed;
            backingUp = await RunAsync("backup", backup);
            confirmedWhileBackingUp = shoppers.Confirmed.Count - confirmedBefore.Count;

            var afterBackup = shoppers.Confirmed.Count;
            await UntilAsync(() => shoppers.Confirmed.Count >= afterBackup + 3);
            await shoppers.StopAsync();
            Assert.Empty(shoppers.Unexpected);
            Assert.Equal(0, shoppers.CutOff);
        } // killed: the latest orders are in the store's write-ahead log, not yet in its main file

        Assert.Equal(0, backingUp.ExitCode);
        Assert.Equal("", backingUp.Errors);
        var line = Assert.Single(Lines(backingUp.Output));
        Assert.Contains(backup, line);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(backup).Length:N0} bytes"), line);
        Assert.True(confirmedWhileBackingUp > 0, "the shop kept confirming orders while the backup ran");
        Assert.False(File.Exists(backup + "-wal"), "the backup is one self-contained file");
        Assert.Equal(["ok"], await SqliteFile.QueryAsync(backup, "PRAGMA integrity_check", r => r.GetString(0)));
        var inBackup = await SqliteFile.OrdersAsync(backup);
        Assert.All(confirmedBefore, order =>
        {
            Assert.True(inBackup.TryGetValue(order.Number, out var lines), $"order {order.Number}, confirmed before the backup began, is in it");
            Assert.Equal(order.Lines.OrderBy(l => l.Key), lines.OrderBy(l => l.Key));
        });
        var live = await SqliteFile.OrdersAsync(Store);
        var placedAfter = live.Keys.Except(inBackup.Keys).ToList();
        Assert.NotEmpty(placedAfter);

        var restoring = await RunAsync("restore", backup);

        Assert.Equal(0, restoring.ExitCode);
        Assert.Equal("", restoring.Errors);
        var kept = Assert.Single(Directory.GetFiles(folder, "shop.db.before-restore-*"));
        Assert.Matches(@"shop\.db\.before-restore-\d{8}T\d{6}Z$", kept);
        Assert.Contains(kept, Assert.Single(Lines(restoring.Output)));
        Assert.Equal(inBackup.Keys.Order(), (await SqliteFile.OrdersAsync(Store)).Keys.Order());
        Assert.Equal(live.Keys.Order(), (await SqliteFile.OrdersAsync(kept)).Keys.Order()); // its log folded in, nothing lost
        Assert.False(File.Exists(Store + "-wal"), "no old write-ahead log is left for SQLite to apply to the restored store");

        await using var restarted = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, port);
        await restarted.WaitUntilListeningAsync();
        using var guest = ShopBrowser.Over(Address);
        var number = confirmedBefore[0].Number;
        var token = Assert.Single(await SqliteFile.QueryAsync(Store, $"SELECT AccessToken FROM Orders WHERE Number = '{number}'", r => r.GetString(0)));
        var order = await guest.GetAsync($"/orders/{number}?token={token}");
        Assert.Equal(HttpStatusCode.OK, order.Status);
        Assert.Equal($"Order {number}", order.Heading);
        var lostToken = Assert.Single(await SqliteFile.QueryAsync(kept, $"SELECT AccessToken FROM Orders WHERE Number = '{placedAfter[0]}'", r => r.GetString(0)));
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync($"/orders/{placedAfter[0]}?token={lostToken}")).Status);
    }

    public static TheoryData<string, string> NotSoundStores => new()
    {
        { "text", "is not a SQLite database, so it is not a ShopWeb store" },
        { "damaged", "fails SQLite's integrity check" },
        { "truncated", "is damaged|fails SQLite's integrity check" },
        { "foreign", "is not a ShopWeb store: it has no migration history" },
        { "newer", "comes from a newer ShopWeb or another app: this version does not know its migration 29991231000000_FromTheFuture" },
        { "missing", "^ShopWeb cannot restore: there is no file" },
    };

    [SqliteOnlyTheory(BackupIsOfTheFile)]
    [MemberData(nameof(NotSoundStores))]
    public async Task Restore_refuses_a_file_that_is_not_a_sound_store_in_one_line_and_leaves_the_store_as_it_was(string kind, string pattern)
    {
        File.Copy(fresh.Path, Store);
        var candidate = Path.Combine(folder, $"{kind}.db");
        await MakeAsync(kind, candidate);
        var storeBefore = await File.ReadAllBytesAsync(Store);

        var (exitCode, output, errors) = await RunAsync("restore", candidate);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(Lines(errors));
        Assert.StartsWith("ShopWeb cannot restore: ", line);
        Assert.Contains(candidate, line);
        Assert.Matches(pattern, line);
        Assert.Equal(storeBefore, await File.ReadAllBytesAsync(Store));
        Assert.Equal(["shop.db"], Directory.GetFiles(folder, "shop.db*").Select(Path.GetFileName).Where(f => f != "shop.db.in-use"));
    }

    [SqliteOnlyFact(BackupIsOfTheFile)]
    public async Task Restore_is_refused_while_the_shop_runs_on_the_store()
    {
        File.Copy(fresh.Path, Store);
        var backup = Path.Combine(folder, "backup.db");
        File.Copy(fresh.Path, backup);
        await using var shop = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, port);
        await shop.WaitUntilListeningAsync();

        var (exitCode, output, errors) = await RunAsync("restore", backup);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"ShopWeb cannot restore: the shop is running on {Store} (or a backup of it is): stop the shop first.", Assert.Single(Lines(errors)));
        Assert.Empty(Directory.GetFiles(folder, "shop.db.before-restore-*"));
        using var visitor = ShopBrowser.Over(Address);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/health/ready")).Status);
    }

    [SqliteOnlyTheory(BackupIsOfTheFile)]
    [InlineData(null, 2, "ShopWeb cannot back up: name the file, as in 'dotnet ShopWeb.dll backup backups/shop.db'.")]
    [InlineData("existing.db", 1, "already exists; a backup never overwrites a file, so choose a new name.")]
    [InlineData("no-such-folder/backup.db", 1, "does not exist.")]
    public async Task Backup_without_a_usable_file_fails_in_one_line_and_writes_nothing(string? file, int expectedExit, string expected)
    {
        File.Copy(fresh.Path, Store);
        var existing = Path.Combine(folder, "existing.db");
        await File.WriteAllTextAsync(existing, "an operator's own file");
        var before = Directory.GetFiles(folder).Order().ToList();

        var (exitCode, output, errors) = file is null ? await RunAsync("backup") : await RunAsync("backup", Path.Combine(folder, file));

        Assert.Equal(expectedExit, exitCode);
        Assert.Equal("", output);
        Assert.EndsWith(expected, Assert.Single(Lines(errors)));
        Assert.Equal(before, Directory.GetFiles(folder).Where(f => !f.EndsWith(".in-use", StringComparison.Ordinal)).Order());
        Assert.Equal("an operator's own file", await File.ReadAllTextAsync(existing));
    }

    [SqliteOnlyFact(BackupIsOfTheFile)]
    public async Task Backup_finds_the_store_as_the_shop_does_a_command_line_setting_overriding_the_environment()
    {
        var named = Path.Combine(folder, "named-on-the-command-line.db");
        File.Copy(fresh.Path, named);
        var backup = Path.Combine(folder, "backup.db");

        var (exitCode, output, _) = await RunAsync("backup", backup, $"--ConnectionStrings:Shop=Data Source={named}");

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"Backed up {named} to {backup}: ", Assert.Single(Lines(output)));
        Assert.False(File.Exists(Store), "the store named in the environment was not used, nor created");
        Assert.Equal(
            await SqliteFile.QueryAsync(named, "SELECT Slug FROM Products ORDER BY Id", r => r.GetString(0)),
            await SqliteFile.QueryAsync(backup, "SELECT Slug FROM Products ORDER BY Id", r => r.GetString(0)));
    }

    [SqliteOnlyFact(BackupIsOfTheFile)]
    public async Task Backup_of_a_store_that_does_not_exist_fails_and_creates_none()
    {
        var (exitCode, _, errors) = await RunAsync("backup", Path.Combine(folder, "backup.db"));

        Assert.Equal(1, exitCode);
        Assert.Equal($"ShopWeb cannot back up: there is no store at {Store}.", Assert.Single(Lines(errors)));
        Assert.Empty(Directory.GetFiles(folder));
    }

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => AppProcess.RunCommandAsync(folder, port, args);

    private async Task MakeAsync(string kind, string path)
    {
        switch (kind)
        {
            case "text":
                await File.WriteAllTextAsync(path, "order,total\nSW-1,10.00\n");
                break;
            case "damaged":
                // Noise over the first page of the catalog: a page in use, so the damage cannot hide in free space.
                File.Copy(fresh.Path, path);
                var page = Assert.Single(await SqliteFile.QueryAsync(path, "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'Products'", r => (Number: r.GetInt64(0), Size: r.GetInt32(1))));
                await using (var file = File.OpenWrite(path))
                {
                    file.Seek((page.Number - 1) * page.Size, SeekOrigin.Begin);
                    await file.WriteAsync(RandomNumberGenerator.GetBytes(page.Size));
                }

                break;
            case "truncated":
                await File.WriteAllBytesAsync(path, (await File.ReadAllBytesAsync(fresh.Path))[..(int)(new FileInfo(fresh.Path).Length / 3)]);
                break;
            case "foreign":
                await SqliteFile.ExecuteAsync(path, "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT); INSERT INTO Notes (Text) VALUES ('not a shop');", create: true);
                break;
            case "newer":
                File.Copy(fresh.Path, path);
                await SqliteFile.ExecuteAsync(path, "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '99.0.0')");
                break;
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A store as the shop makes it on its first start (schema, demo catalog, admin), as one file.</summary>
    public sealed class FreshStore : IAsyncLifetime
    {
        private readonly string folder = Directory.CreateTempSubdirectory("shopweb-fresh-store-").FullName;

        public string Path => System.IO.Path.Combine(folder, "shop.db");

        public async Task InitializeAsync()
        {
            if (TestStore.OnPostgres)
            {
                return; // every test of the class is about the SQLite file
            }

            await using (var shop = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, AppProcess.FreePort()))
            {
                await shop.WaitUntilListeningAsync();
            }

            await SqliteFile.ExecuteAsync(Path, "PRAGMA journal_mode = DELETE");
        }

        public Task DisposeAsync()
        {
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
