using Microsoft.Data.Sqlite;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A SQLite store as a default test shop (<see cref="ShopFactory()"/>, no settings or services of its own) leaves its
/// first start: migrated, the demo catalog seeded, the admin and the test app made. Made once per test run by such a
/// shop started and stopped in a folder of its own, then copied into each new default shop's folder, which starts as
/// on an existing store: a fresh store's first start costs about 1.5 s of CPU, this one about 0.6, and the suite
/// starts about 90 default shops on each of its two cores' worth of work. The tests about a first start itself
/// (migrations, seeding, the first admin, a store made owner-only) start shops with settings or folders of their own,
/// which never take the copy. Not on PostgreSQL, where each shop's database is made by <see cref="TestStore"/>.
/// </summary>
internal static class StoreTemplate
{
    private static readonly Lazy<string> Folder = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Puts a copy of the template store into <paramref name="folder"/>, owner-only as the shop makes its own.</summary>
    public static void CopyTo(string folder)
    {
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

        // Its pooled connections closed, so the write-ahead log is folded into the file and nothing writes to it.
        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
