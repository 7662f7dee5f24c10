using Microsoft.Data.Sqlite;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A store as a default test shop (<see cref="ShopFactory()"/>, no settings or services of its own) leaves its first
/// start: migrated, the demo catalog seeded, the admin and the test app made. Made once per test run by such a shop
/// started and stopped in a folder of its own, then copied for each new default shop (the SQLite file, or on PostgreSQL
/// a database made from it as a template), which starts as on an existing store: a fresh store's first start costs
/// about 1.5 s of CPU, this one about 0.6, and each pass of the suite starts about 90 default shops. The tests about a
/// first start itself (migrations, seeding, the first admin, a store made owner-only) start shops with settings or
/// folders of their own, which never take the copy.
/// </summary>
internal static class StoreTemplate
{
    private static readonly Lazy<string> Folder = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gives <paramref name="folder"/> a copy of the template store: its SQLite file (owner-only, as the shop makes its own) or database.</summary>
    public static void CopyTo(string folder)
    {
        if (TestStore.OnPostgres)
        {
            TestStore.CopyDatabase(TestStore.For(Folder.Value), folder);
            return;
        }

        foreach (var name in new[] { "shop.db", "shop.db-wal" })
        {
            var source = Path.Combine(Folder.Value, name);
            if (File.Exists(source))
            {
                var copy = Path.Combine(folder, name);
                File.Copy(source, copy);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }
    }

    private static string Make()
    {
        var folder = Directory.CreateTempSubdirectory("shopweb-template-").FullName;
        using (var shop = new ShopFactory(settings: null, folder))
        {
            using var browser = shop.CreateBrowser();
            browser.GetAsync("/").GetAwaiter().GetResult(); // started: migrated and seeded before its first page
        }

        // Its pooled connections closed: SQLite's write-ahead log is folded into the file and nothing writes to it, and
        // no session holds the PostgreSQL database, which a template must not have.
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestStore.Delete(folder);
        return folder;
    }
}
